import type { BundleJson } from '../bundle/bundle.js';
import { toBase64 } from '../core/base64.js';
import { type BundleKind, type RunOptions, type RunResult, signRun } from './run.js';
import { SignError } from './error.js';

/**
 * `signet sign` for files: each file's bytes signed as a message signature by both halves of
 * the run (src/sign/run.ts). Nothing is written here: the caller verifies the bundles (the
 * `verifyBeforeWrite` hook) and then writes them all with `writeBundlesAtomically`.
 */

export interface FileToSign {
  /** Where the artifact is; bundles are named after it. */
  path: string;
  data: Buffer;
}

export interface SignedBundle {
  /** The artifact's path. */
  path: string;
  kind: BundleKind;
  /** Where the bundle goes by default: FILE.sigstore.json or FILE.kms.sigstore.json. */
  outputPath: string;
  bundle: BundleJson;
}

export interface SignOptions extends RunOptions<SignedBundle> {
  files: readonly FileToSign[];
}

export type SignResult = RunResult<SignedBundle>;

export const bundlePath = (path: string, kind: BundleKind): string =>
  kind === 'keyless' ? `${path}.sigstore.json` : `${path}.kms.sigstore.json`;

export async function signFiles(options: SignOptions): Promise<SignResult> {
  const { files } = options;
  if (files.length === 0) throw new SignError('OPTIONS_INVALID', 'no files to sign');
  return signRun(
    files.map((file) => ({
      name: file.path,
      signed: file.data,
      content: (signature, messageDigest) => ({
        messageSignature: { messageDigest, signature: toBase64(signature) },
      }),
    })),
    options,
    (index, kind, bundle) => {
      const { path } = files[index] as FileToSign;
      return { path, kind, outputPath: bundlePath(path, kind), bundle };
    },
  );
}
