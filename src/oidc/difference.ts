/**
 * Explaining why two issuer strings that should be equal are not. Issuers are compared byte for
 * byte (as Fulcio and go-oidc do), and the usual near misses are a trailing slash, letter case,
 * http vs https, and an extra or missing path segment; naming which one it is saves the operator
 * staring at two almost identical URLs.
 */

/** Longest issuer text quoted in a message; a token's `iss` is attacker-controlled. */
export const MAX_QUOTED = 200;

/** JSON-quotes a string for a message (escaping control characters), shortened if very long. */
export function quote(text: string): string {
  const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return JSON.stringify(shown);
}

/** A string test: an exact issuer compares equal, a meta-issuer pattern matches its regex. */
export type Matcher = (candidate: string, ignoreCase: boolean) => boolean;

export const exactMatcher =
  (expected: string): Matcher =>
  (candidate, ignoreCase) =>
    ignoreCase ? candidate.toLowerCase() === expected.toLowerCase() : candidate === expected;

interface Variant {
  value: string;
  differences: string[];
}

/** `actual` with its scheme swapped and/or its trailing slash toggled, fewest changes first. */
function variants(actual: string): Variant[] {
  const out: Variant[] = [{ value: actual, differences: [] }];
  const scheme = /^(https?):\/\//.exec(actual);
  if (scheme) {
    const other = scheme[1] === 'https' ? 'http' : 'https';
    out.push({
      value: `${other}://${actual.slice(scheme[0].length)}`,
      differences: [`scheme (${scheme[1]} instead of ${other})`],
    });
  }
  for (const variant of [...out]) {
    const toggled = variant.value.endsWith('/')
      ? variant.value.replace(/\/+$/, '')
      : `${variant.value}/`;
    out.push({ value: toggled, differences: [...variant.differences, 'a trailing slash'] });
  }
  return out;
}

/**
 * The differences that separate `actual` from what `matches` accepts, if they are only scheme,
 * trailing slash and letter case ("a trailing slash", "letter case", ...); undefined otherwise.
 */
export function normalisationDifferences(actual: string, matches: Matcher): string[] | undefined {
  // The variants are distinct strings ordered by their differences, and an issuer URL or an
  // anchored pattern matches one of them at most: the first match is the only one.
  for (const variant of variants(actual)) {
    if (matches(variant.value, false)) return variant.differences;
    if (matches(variant.value, true)) return [...variant.differences, 'letter case'];
  }
  return undefined;
}

/** "differs by a trailing slash and letter case". */
export function differsBy(differences: readonly string[]): string {
  return `differs by ${differences.join(' and ')}`;
}

/**
 * How `actual` relates to `expected` when they are not equal, as a phrase for a message:
 * normalisation differences, an extra or missing path, or the edit distance.
 */
export function describeDifference(actual: string, expected: string): string {
  const normal = normalisationDifferences(actual, exactMatcher(expected));
  if (normal !== undefined) return differsBy(normal);
  if (
    actual.startsWith(`${expected}/`) ||
    (expected.endsWith('/') && actual.startsWith(expected))
  ) {
    return `has the extra path ${quote(actual.slice(expected.replace(/\/$/, '').length))}`;
  }
  if (expected.startsWith(`${actual}/`) || (actual.endsWith('/') && expected.startsWith(actual))) {
    return `lacks the path ${quote(expected.slice(actual.replace(/\/$/, '').length))}`;
  }
  return `differs (edit distance ${editDistance(actual, expected)})`;
}

/** Levenshtein distance; inputs are cut to 512 characters so an attacker's `iss` stays cheap. */
export function editDistance(a: string, b: string): number {
  const x = a.slice(0, 512);
  const y = b.slice(0, 512);
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(
        Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[y.length] as number;
}
