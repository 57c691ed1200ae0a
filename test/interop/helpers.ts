import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Signature, Signer } from '@sigstore/sign';
import { toPem } from '../../src/core/pem.js';

/**
 * An ephemeral P-256 key that signs as a bare public key with a hint. On its own it is the signer
 * of the public-key (no certificate) cases; as @sigstore/sign's `FulcioSigner` `keyHolder` it is
 * the key the service certifies, so tests can compare the certified key with the one they hold.
 */
export class EphemeralSigner implements Signer {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly hint: string | undefined;

  constructor(hint?: string) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.hint = hint;
  }

  /** The SPKI as PEM: what FulcioSigner sends as the key to certify. */
  get keyPem(): string {
    return toPem('PUBLIC KEY', this.publicKey.export({ format: 'der', type: 'spki' }));
  }

  async sign(data: Buffer): Promise<Signature> {
    const signature = sign('sha256', data, this.privateKey);
    return { signature, key: { $case: 'publicKey', publicKey: this.keyPem, hint: this.hint } };
  }
}

const execFileAsync = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `openssl` with arguments; never throws on a non-zero exit, so callers can assert on it. */
export async function openssl(args: string[], cwd: string): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync('openssl', args, { cwd, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code === 'string') throw error; // openssl itself could not be run
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
