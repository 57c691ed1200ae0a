/**
 * Reading protojson (protocols.md §0) as Sigstore documents arrive: fields by their JSON
 * (camelCase) or proto (snake_case) name, null as unset. Shared by the bundle parser and the
 * trusted-root reader, which differ only in the error they raise.
 */

export type JsonObject = Record<string, unknown>;

const snake = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A field by its JSON name or its proto name; null is unset, as protojson reads it. */
export function field(from: JsonObject, camel: string): unknown {
  const value = from[camel] ?? from[snake(camel)];
  return value === null ? undefined : value;
}

/** `value` as a JSON object, or the caller's error naming `path`. */
export function jsonObject(
  value: unknown,
  path: string,
  invalid: (message: string) => Error,
): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be a JSON object`);
  }
  return value as JsonObject;
}
