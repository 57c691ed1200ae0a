import { CoreError } from './error.js';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  der: Buffer;
}

/** Encodes DER as one PEM block with 64-column lines and a trailing newline. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let body = '';
  for (let i = 0; i < base64.length; i += 64) body += `${base64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** All PEM blocks in a text, in order; optionally only those with `label`. */
export function parsePem(text: string, label?: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const [, found, body] = match;
    if (found === undefined || body === undefined) continue;
    if (label !== undefined && found !== label) continue;
    blocks.push({ label: found, der: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
  }
  return blocks;
}

/** Exactly one PEM block with `label`, or a CoreError naming what was found instead. */
export function parseSinglePem(text: string, label: string): Buffer {
  const blocks = parsePem(text, label);
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw new CoreError(
      'PEM_INVALID',
      `expected exactly one PEM block labelled ${label}, found ${blocks.length}`,
    );
  }
  return blocks[0].der;
}
