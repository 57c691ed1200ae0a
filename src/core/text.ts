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
