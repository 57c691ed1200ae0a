import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Signature, Signer } from '@sigstore/sign';
import { contextTag, sequence } from '../../src/core/der.js';
import {
  OID,
  authorityKeyIdentifier,
  buildCertificate,
  createSelfSignedCa,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  name,
  randomSerial,
  signerFor,
  subjectKeyIdentifier,
} from '../../src/core/x509.js';

/** subjectAltName; not in src/core/x509's OID table because the service does not issue leaves yet. */
const SUBJECT_ALT_NAME = '2.5.29.17';
const CA_SUBJECT = { organization: 'Signet interop tests', commonName: 'Signet interop test CA' };
export const LEAF_VALIDITY_MS = 10 * 60 * 1000;

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/**
 * A throwaway code-signing CA standing in for Fulcio, which the service does not run yet: a
 * self-signed P-256 root that issues Fulcio-shaped leaves (empty subject, one critical SAN URI,
 * digitalSignature, codeSigning EKU, ten minutes of validity).
 */
export class TestCa {
  readonly privateKey: KeyObject;
  readonly certificate: Buffer;
  readonly notBefore: Date;
  private readonly spki: Buffer;

  constructor() {
    this.privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    // A minute in the past so the CA is valid at every timestamp taken in the test.
    this.notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    this.certificate = createSelfSignedCa({
      privateKey: this.privateKey,
      subject: CA_SUBJECT,
      notBefore: this.notBefore,
      notAfter: new Date(this.notBefore.getTime() + 24 * 3600 * 1000),
    });
    this.spki = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' });
  }

  /** A leaf for `publicKey` naming `sanUri`, valid from now for ten minutes. */
  issue(publicKey: KeyObject, sanUri: string): Buffer {
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
    return buildCertificate(
      {
        serial: randomSerial(),
        issuer: name([
          { short: 'O', value: CA_SUBJECT.organization },
          { short: 'CN', value: CA_SUBJECT.commonName },
        ]),
        subject: name([]),
        notBefore,
        notAfter: new Date(notBefore.getTime() + LEAF_VALIDITY_MS),
        publicKey: spki,
        extensions: [
          { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
          { oid: OID.extKeyUsage, value: extKeyUsage([OID.codeSigning]) },
          { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(spki) },
          {
            oid: OID.authorityKeyIdentifier,
            value: authorityKeyIdentifier(keyIdentifier(this.spki)),
          },
          // GeneralNames { uniformResourceIdentifier [6] IMPLICIT IA5String }; critical because the subject is empty.
          {
            oid: SUBJECT_ALT_NAME,
            critical: true,
            value: sequence(contextTag(6, Buffer.from(sanUri, 'ascii'), false)),
          },
        ],
        signatureAlgorithm: 'ecdsa-sha256',
      },
      signerFor(this.privateKey),
    );
  }

  /** The trusted_root.json `certificateAuthorities` entry for this CA. */
  trustedRootEntry(): object {
    return {
      subject: CA_SUBJECT,
      uri: 'https://ca.interop.invalid',
      certChain: { certificates: [{ rawBytes: this.certificate.toString('base64') }] },
      validFor: { start: this.notBefore.toISOString() },
    };
  }
}

/** A copy of the service's trusted root (tlogs and TSAs exactly as served) that also trusts `ca`. */
export function trustedRootWithCa(served: object, ca: TestCa): Record<string, unknown> {
  const copy = structuredClone(served) as Record<string, unknown>;
  copy.certificateAuthorities = [ca.trustedRootEntry()];
  return copy;
}

/** The kind of signer a CI job has: an ephemeral P-256 key and either a certificate or a key hint. */
export class EphemeralSigner implements Signer {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** DER leaf when certificate-backed. */
  readonly certificate?: Buffer;
  readonly hint?: string;

  constructor(options: { ca: TestCa; sanUri: string } | { hint: string }) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    if ('ca' in options) this.certificate = options.ca.issue(this.publicKey, options.sanUri);
    else this.hint = options.hint;
  }

  /** What a Rekor witness is handed: the leaf certificate or the public key, as PEM. */
  get keyPem(): string {
    return this.certificate !== undefined
      ? pem('CERTIFICATE', this.certificate)
      : pem('PUBLIC KEY', this.publicKey.export({ format: 'der', type: 'spki' }));
  }

  async sign(data: Buffer): Promise<Signature> {
    const signature = sign('sha256', data, this.privateKey);
    if (this.certificate !== undefined) {
      return { signature, key: { $case: 'x509Certificate', certificate: this.keyPem } };
    }
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
