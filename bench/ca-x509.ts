import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs the polyfill
import { createHash, generateKeyPairSync, webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
import { LEAF_VALIDITY_MS } from '../src/ca/authority.js';
import { type CertificateIdentity, identityExtensions } from '../src/ca/extensions.js';
import { identityFor } from '../src/ca/principal.js';
import { keyIdentifier, parseCertificate, randomSerial, spkiOf } from '../src/core/x509.js';
import type { CtSubmitter } from '../src/ct/client.js';
import { SCT_LIST_OID, sctListExtensionValue, sctSignedData, signSct } from '../src/ct/sct.js';
import { DEFAULT_ISSUERS } from '../src/oidc/issuers.js';
import { githubClaims } from '../test/helpers/oidc.js';
import { fixture, timeSerial } from './ca-engine.js';
import { machineBusySeconds, progress, repeatRuns, selfCpuSeconds } from './common.js';

/**
 * Signet's issuance engine against a CA built on @peculiar/x509, in one process and one run,
 * each issuing the same certificate: a P-256 issuing key, an ephemeral P-256 leaf key, the
 * Fulcio profile (key usage, code-signing EKU, subject and authority key IDs, the critical SAN
 * and the Fulcio identity extensions of a github.com Actions token) and an embedded SCT list.
 *
 * Signet's side is `CertificateAuthority.issue` with an in-process CT log that answers at once
 * with a constant SCT: the template, the precert_entry TBS it hands the log, then the final
 * certificate and its signature. The @peculiar/x509 side builds and signs that final
 * certificate with `X509CertificateGenerator.create` and the library's extension classes (the
 * Fulcio OIDs and the SCT list, for which it has none, as generic extensions of the same
 * bytes). It signs one certificate per issuance and no precertificate, which a CA on it would
 * also need for its CT log, so its figure is an upper bound and the ratio a lower one.
 *
 * Before the clock starts both certificates are parsed and compared: same issuer, subject,
 * validity, key, signature algorithm and extensions (OID, criticality and value, in order),
 * else the benchmark stops. Cost is CPU per certificate (all threads: WebCrypto signs on
 * libuv's pool), which other load on a shared machine disturbs less than wall time.
 */

export interface CaX509Options {
  runs: number;
  /** Measured CPU-clock seconds per engine and run (wall time, calls serial). */
  seconds: number;
  warmupSeconds: number;
}

export interface CaX509Run {
  /** µs of process CPU per certificate. */
  signetMicros: number;
  x509Micros: number;
  /** Cores other processes used during the run. */
  otherCores: number;
}

export interface CaX509Result {
  runs: CaX509Run[];
  /** DER sizes of the two certificates compared before timing. */
  bytes: { signet: number; x509: number };
}

/** Distinct leaves (each with its own key and repository) cycled through while timing. */
const LEAVES = 256;
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

interface Leaf {
  spki: Buffer;
  identity: CertificateIdentity;
}

function leaves(): Leaf[] {
  const issuer = DEFAULT_ISSUERS.issuers.find((i) => i.issuerUrl === GITHUB_ISSUER);
  if (issuer === undefined) throw new Error(`${GITHUB_ISSUER} is not a default issuer`);
  return Array.from({ length: LEAVES }, (_, i) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const claims = githubClaims(GITHUB_ISSUER, {
      repository: `octo-org/repo-${i}`,
      ref: 'refs/tags/v1.2.3',
    });
    return { spki: spkiOf(publicKey), identity: identityFor({ issuer, claims }) };
  });
}

type Issue = (leaf: Leaf) => Promise<Buffer>;

async function engines(): Promise<{ signet: Issue; x509: Issue }> {
  const fx = await fixture('p256');
  // One SCT of the real size, signed by a CT log key: the same bytes go into every certificate
  // of both engines (signing SCTs is the CT log's cost, which ca-engine measures).
  const timestamp = BigInt(Date.now());
  const none = Buffer.alloc(0);
  const entry = { type: 'precert' as const, issuerKeyHash: Buffer.alloc(32), tbs: fx.issuingCert };
  const sct = signSct({
    logKey: fx.ctKey,
    timestamp,
    signedData: sctSignedData({ timestamp, entry, extensions: none }),
    extensions: none,
  });
  const ctOnce: CtSubmitter = {
    addPreChain: () => Promise.reject(new Error('unused: the log is in-process')),
    addPrecertEntry: () => Promise.resolve(sct),
  };
  const ca = fx.ca(ctOnce);
  const signet: Issue = async (leaf) => (await ca.issue(leaf.identity, leaf.spki)).certificate;

  const issuing = parseCertificate(fx.issuingCert);
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    fx.issuingKey.export({ format: 'der', type: 'pkcs8' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  // What stays the same for every certificate is built once, as Signet's template does.
  const issuer = new Name(issuing.subject);
  const fixed = [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([ExtendedKeyUsage.codeSigning]),
  ];
  const authorityKeyId = new AuthorityKeyIdentifierExtension(
    keyIdentifier(issuing.publicKey).toString('hex'),
  );
  const x509: Issue = async (leaf) => {
    const notBefore = new Date();
    notBefore.setUTCMilliseconds(0);
    const [, ...fulcio] = identityExtensions(leaf.identity);
    const certificate = await X509CertificateGenerator.create({
      serialNumber: randomSerial().toString('hex'),
      issuer,
      notBefore,
      notAfter: new Date(notBefore.getTime() + LEAF_VALIDITY_MS),
      publicKey: leaf.spki,
      signingKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        ...fixed,
        await SubjectKeyIdentifierExtension.create(leaf.spki),
        authorityKeyId,
        new SubjectAlternativeNameExtension(
          [
            {
              type: leaf.identity.san.type === 'uri' ? 'url' : 'email',
              value: leaf.identity.san.value,
            },
          ],
          true,
        ),
        ...fulcio.map((e) => new Extension(e.oid, e.critical ?? false, e.value)),
        new Extension(SCT_LIST_OID, false, sctListExtensionValue([sct])),
      ],
    });
    return Buffer.from(certificate.rawData);
  };
  return { signet, x509 };
}

/** Stops the benchmark unless both engines issued the same certificate but for serial and signature. */
function assertSameCertificate(signetDer: Buffer, x509Der: Buffer): void {
  const a = parseCertificate(signetDer);
  const b = parseCertificate(x509Der);
  const fields = (c: typeof a): Record<string, unknown> => ({
    version: c.version,
    issuer: c.issuer.toString('hex'),
    subject: c.subject.toString('hex'),
    validityMs: c.notAfter.getTime() - c.notBefore.getTime(),
    publicKey: c.publicKey.toString('hex'),
    signatureAlgorithm: c.signatureAlgorithm,
    extensions: c.extensions.map((e) => `${e.oid} ${e.critical} ${e.value.toString('hex')}`),
  });
  const [fa, fb] = [fields(a), fields(b)];
  for (const key of Object.keys(fa)) {
    if (JSON.stringify(fa[key]) !== JSON.stringify(fb[key])) {
      throw new Error(
        `ca-x509: the two certificates differ in ${key}:\n  signet ${JSON.stringify(fa[key])}\n  x509   ${JSON.stringify(fb[key])}`,
      );
    }
  }
}

export async function benchCaX509(options: CaX509Options): Promise<CaX509Result> {
  const all = leaves();
  const { signet, x509 } = await engines();
  const first = all[0]!;
  const signetDer = await signet(first);
  const x509Der = await x509(first);
  assertSameCertificate(signetDer, x509Der);
  progress(
    `ca-x509: same certificate from both engines (${signetDer.length} and ${x509Der.length} bytes; sha256 of Signet's ${createHash('sha256').update(signetDer).digest('hex').slice(0, 12)}…)`,
  );

  const measure = (issue: Issue): Promise<number> =>
    timeSerial(options.seconds, (i) => issue(all[i % LEAVES]!), options.warmupSeconds);
  const runs = await repeatRuns(
    options.runs,
    'ca-x509',
    async (run) => {
      const busy0 = machineBusySeconds();
      const self0 = selfCpuSeconds();
      const wall0 = performance.now();
      // Alternate which engine goes first, so drift in the machine's load favours neither.
      let signetMicros: number;
      let x509Micros: number;
      if (run % 2 === 0) {
        signetMicros = await measure(signet);
        x509Micros = await measure(x509);
      } else {
        x509Micros = await measure(x509);
        signetMicros = await measure(signet);
      }
      const wall = (performance.now() - wall0) / 1000;
      const otherCores = (machineBusySeconds() - busy0 - (selfCpuSeconds() - self0)) / wall;
      progress(
        `  ca-x509 run ${run + 1}: Signet ${signetMicros.toFixed(0)} µs, @peculiar/x509 ${x509Micros.toFixed(0)} µs per certificate (${(x509Micros / signetMicros).toFixed(2)}×), other load ${otherCores.toFixed(2)} cores`,
      );
      return { signetMicros, x509Micros, otherCores };
    },
    (r) => r.otherCores,
  );
  return { runs, bytes: { signet: signetDer.length, x509: x509Der.length } };
}
