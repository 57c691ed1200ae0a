import { open } from 'node:fs/promises';
import { CoreError } from './error.js';
import { type HttpOptions, request } from './http.js';

/**
 * Configuration documents (signing config, trusted root, policy) named on a command line as
 * `FILE|URL`: an http(s) URL is fetched through the service HTTP client (with its https-only
 * rule), anything else is read as a file. Both are size-limited, because a wrong path or URL
 * (a release tarball, a web page) should fail with a message, not load into memory.
 */

export interface DocumentOptions {
  /** What the document is, for messages: "signing config", "trusted root". */
  what: string;
  maxBytes: number;
  http?: HttpOptions;
}

export const isUrl = (fileOrUrl: string): boolean => /^https?:\/\//i.test(fileOrUrl);

export async function readDocument(fileOrUrl: string, options: DocumentOptions): Promise<Buffer> {
  if (isUrl(fileOrUrl)) {
    const response = await request(
      { method: 'GET', url: fileOrUrl, what: options.what },
      { ...options.http, maxResponseBytes: options.maxBytes },
    );
    return response.body;
  }
  return readFileLimited(fileOrUrl, options.what, options.maxBytes);
}

/** A regular file's bytes, refused with a message naming `what` when missing or too large. */
export async function readFileLimited(
  path: string,
  what: string,
  maxBytes: number,
): Promise<Buffer> {
  const fail = (why: string, cause?: unknown): CoreError =>
    new CoreError('FILE_UNREADABLE', `cannot read the ${what} ${path}: ${why}`, { cause });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : (error as Error).message, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw fail('not a regular file');
    if (stats.size > maxBytes) {
      throw fail(`${stats.size} bytes is more than the ${maxBytes} it may have`);
    }
    return await handle.readFile();
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw fail((error as Error).message, error);
  } finally {
    await handle.close();
  }
}

/** JSON text as a value; a byte-order mark (some editors on Windows write one) is allowed. */
export function parseJsonDocument(bytes: Buffer, what: string, source: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CoreError(
      'JSON_INVALID',
      `the ${what} ${source} is not JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
