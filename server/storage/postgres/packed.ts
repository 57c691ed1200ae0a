import { PostgresError } from './error.js';

/**
 * Lists of byte strings (entries, leaf hashes, tiles) in one bytea instead of a bytea[].
 *
 * The driver sends and receives arrays as text: every byte twice as hex, escaped into an array
 * literal on one side and parsed back character by character on the other, which cost the
 * replicas more CPU per entry than anything else on the database path (docs/performance.md,
 * Replicas on PostgreSQL). A single Buffer parameter goes in binary, and a single bytea result
 * is decoded by Buffer's native hex decoder, so lists cross the wire as one of each: the bytes
 * concatenated with their lengths beside them (sent) or as 4-byte big-endian prefixes (read).
 */

/** `buffers` as one parameter of bytes and one of their lengths, for `unpackedSql`. */
export function pack(buffers: readonly Buffer[]): { bytes: Buffer; lengths: number[] } {
  return { bytes: Buffer.concat(buffers), lengths: buffers.map((b) => b.length) };
}

/**
 * A subquery of the rows (n, data), n from 1, that `pack` made: `bytes` and `lengths` are the
 * parameters ($k) holding its two halves.
 */
export function unpackedSql(bytes: string, lengths: string): string {
  return `SELECT n, substring(${bytes}::bytea FROM (o + 1)::int FOR l) AS data
          FROM (SELECT l, n, sum(l) OVER (ORDER BY n) - l AS o
                FROM unnest(${lengths}::int4[]) WITH ORDINALITY AS t(l, n)) AS lengths`;
}

/** An expression packing the bytea[] `column` for `unpack`: each element after its length. */
export function packedSql(column: string): string {
  return `(SELECT coalesce(string_agg(int4send(length(e)) || e, ''::bytea ORDER BY n), ''::bytea)
           FROM unnest(${column}) WITH ORDINALITY AS u(e, n))`;
}

/** The elements `packedSql` packed, as views into `packed` (no copies). */
export function unpack(packed: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < packed.length) {
    const length = at + 4 <= packed.length ? packed.readUInt32BE(at) : Infinity;
    at += 4;
    if (at + length > packed.length) {
      // Only packedSql's output is read: a short one means the stored data is not what was written.
      throw new PostgresError(
        'POSTGRES_CONFLICT',
        `a packed list from the database ends inside an element (${packed.length} bytes)`,
      );
    }
    out.push(packed.subarray(at, at + length));
    at += length;
  }
  return out;
}
