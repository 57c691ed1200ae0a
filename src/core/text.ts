/**
 * Text from outside (token claims, certificate claims, file names, messages that quote them):
 * what Signet's CA refuses to sign into a certificate, and how it is shown to people, on a
 * terminal, in a CI log, an annotation or a job summary. A claim holding a newline could print a
 * line of its own ("ok  verified"), an ESC sequence could recolour or erase what came before, a
 * bidi override could reverse what follows, and a zero-width character could make two
 * different values look alike. A certificate from another CA (or an older Signet) may carry
 * what Signet's CA refuses, so output escapes whatever it shows, whoever issued it.
 */

/**
 * Control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F). Terminals act on
 * them (a newline starts a new line, ESC and CSI start ANSI sequences), so text that came from
 * outside and will be signed into a certificate or shown to someone must not carry them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what is matched
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Where `text` has its first control character ("contains ... U+000A at offset 15"), if any. */
export function controlCharacterProblem(text: string): string | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (match === null) return undefined;
  const code = (match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return `contains the control character U+${code} at offset ${match.index}`;
}

/**
 * Characters that print nothing visible, or act on the text around them, for output: control
 * characters (C0, DEL, C1, as above), format characters (bidi embeddings, overrides and
 * isolates, zero-width spaces and joiners, the BOM, tag characters), line and paragraph
 * separators, unpaired surrogates, and whatever else Unicode says to render as nothing (Hangul
 * fillers, variation selectors).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const point = c.codePointAt(0) as number;
  if (point <= 0xff) return `\\x${hex(point, 2)}`;
  return point <= 0xffff ? `\\u${hex(point, 4)}` : `\\u{${hex(point, 0)}}`;
}

/**
 * `text` with every unprintable character written as a visible escape (`\n`, `\x1b`,
 * `\u202e`), so it prints on one line and as what it is. Backslashes are kept as they are, so
 * a pin pattern reads as written and escaping twice changes nothing; the JSON output is the
 * unambiguous form.
 */
export const printable = (text: string): string => text.replace(UNPRINTABLE, escapeOne);

/**
 * A template tag for output lines: every value put into the template is passed through
 * `printable`, while the template's own text (its newlines) is kept.
 */
export function printed(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] as string;
  values.forEach((value, i) => {
    out += printable(String(value)) + (strings[i + 1] as string);
  });
  return out;
}

/**
 * JSON text for output that people may also read: JSON.stringify escapes C0 controls inside
 * strings but leaves DEL, C1 controls and format characters raw, which a terminal acts on.
 * Those become \u escapes; the document parses to the same value.
 */
export function printableJson(value: unknown): string {
  // Outside strings JSON.stringify writes only newlines and spaces, and inside them it has
  // already escaped every C0 control: a raw newline here is layout.
  return JSON.stringify(value, null, 2).replace(UNPRINTABLE, (c) =>
    c === '\n'
      ? c
      : Array.from({ length: c.length }, (_, i) => `\\u${hex(c.charCodeAt(i), 4)}`).join(''),
  );
}
