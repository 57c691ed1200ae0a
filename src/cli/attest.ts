import { basename, join } from 'node:path';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity } from '../ca/extensions.js';
import { IN_TOTO_STATEMENT_V1, type InTotoStatement } from '../bundle/intoto.js';
import { parseJsonDocument, readFileLimited } from '../core/document.js';
import { printableJson, printed } from '../core/text.js';
import { parseCertificate } from '../core/x509.js';
import { decodeJwt } from '../oidc/jwt.js';
import { defaultBundle, fillArtifact } from '../policy/policy.js';
import { type Env, SLSA_PROVENANCE_V1, ciPlatform, slsaProvenance } from '../sign/provenance.js';
import { type SignedStatement, signStatements } from '../sign/statement.js';
import { writeBundlesAtomically } from '../sign/write.js';
import type { IdentityPolicy } from '../verify/policy.js';
import type { KeyPolicy, VerificationResult } from '../verify/verifier.js';
import { type Parsed, exclusive, flagOption, parseCommandLine, stringOption } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';
import {
  type Artifact,
  type BundleFacts,
  SIGNING_HELP,
  SIGNING_OPTIONS,
  bundleFacts,
  describeFacts,
  describeIdentity,
  openSigning,
  readArtifact,
  signingPlan,
} from './signing.js';

/** actions/attest's limit on a predicate file; SBOMs are the large ones. */
export const MAX_PREDICATE_BYTES = 16 * 1024 * 1024;

export const ATTEST_HELP = `Usage: signet attest [options] FILE...

Attests each FILE: signs an in-toto statement whose subject is the FILE's SHA-256, keyless and,
with --kms or --key, also with a long-lived key, timestamped and logged like signet sign. The
default predicate is SLSA build provenance for this CI job (GitHub Actions or GitLab CI), as
actions/attest-build-provenance makes it. Every bundle is verified before anything is written:
all are written, or none. Verify with: signet verify --type URI (or a policy's attestation:).

Predicate (one of):
  --provenance                 SLSA provenance v1 (${SLSA_PROVENANCE_V1}) of this
                               CI job (the default)
  --type URI --predicate FILE  any predicate: its type URI and a JSON file holding it

${SIGNING_HELP}

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.att.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.att.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  provenance: { type: 'boolean' },
  type: { type: 'string' },
  predicate: { type: 'string' },
  bundle: { type: 'string' },
  'key-bundle': { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What `signet attest --json` prints (docs/cli.md). */
export interface AttestJson {
  identity: CertificateIdentity | null;
  tokenSource: string;
  key?: string;
  predicateType: string;
  artifacts: {
    path: string;
    sha256: string;
    bundles: ({ kind: SignedStatement['kind']; path: string } & BundleFacts)[];
  }[];
}

/** The predicate as asked for: built once the token is known (provenance), or read now. */
type PredicateSource =
  | { kind: 'provenance' }
  | { kind: 'file'; predicateType: string; predicate: Record<string, unknown> };

export async function attestCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('attest', argv, OPTIONS);
  if (flagOption(parsed, 'help')) {
    io.stdout(ATTEST_HELP);
    return EXIT.ok;
  }
  exclusive(parsed, 'provenance', 'type');
  exclusive(parsed, 'provenance', 'predicate');
  const files = parsed.positionals;
  if (files.length === 0) {
    throw new CliError('USAGE', 'no files to attest (see: signet attest --help)');
  }
  if (
    files.length > 1 &&
    (parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined)
  ) {
    throw new CliError(
      'USAGE',
      '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir',
    );
  }
  const plan = signingPlan(parsed, io, 'attest');
  if (parsed.values['key-bundle'] !== undefined && plan.keyRef === undefined) {
    throw new CliError('USAGE', '--key-bundle needs --kms or --key');
  }
  const source = await predicateSource(parsed, io.env);
  const artifacts = await Promise.all(files.map(readArtifact));
  const { signingConfig, token, keySigner, verifier, onServices } = await openSigning(
    plan,
    parsed,
    io,
    flagOption(parsed, 'json'),
  );
  const { predicateType, predicate } =
    source.kind === 'file' ? source : slsaProvenance(io.env, { ...claimsOf(token.token) });

  const byName = new Map(artifacts.map((a) => [a.path, a]));
  const verified = new Map<SignedStatement, VerificationResult>();
  const result = await signStatements({
    statements: artifacts.map((artifact) => ({
      name: artifact.path,
      statement: statementFor(artifact, predicateType, predicate),
    })),
    signingConfig,
    token: token.token,
    kms: keySigner,
    onServices,
    verifyBeforeWrite: async (signed) => {
      // As signet sign: whole and trusted, of the type asked for, and about this file; who
      // signed it is the deploy-time verifier's question.
      const policy: IdentityPolicy | KeyPolicy =
        signed.kind === 'key' && keySigner !== undefined ? { publicKey: keySigner.publicKey } : {};
      const artifact = byName.get(signed.name) as Artifact;
      verified.set(
        signed,
        verifier.verify(signed.bundle, { data: artifact.data }, policy, { predicateType }),
      );
    },
  });

  const outputDir = stringOption(parsed, 'output-dir');
  const outputPath = (signed: SignedStatement): string => {
    const explicit = stringOption(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
    if (explicit !== undefined) return explicit;
    const beside = fillArtifact(defaultBundle(signed.kind, true), signed.name);
    return outputDir !== undefined ? join(outputDir, basename(beside)) : beside;
  };
  await writeBundlesAtomically(
    result.bundles.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })),
  );

  const identity =
    result.certificateChain?.[0] !== undefined
      ? readIdentity(parseCertificate(result.certificateChain[0]))
      : undefined;
  const summary = artifacts.map((artifact) => ({
    path: artifact.path,
    sha256: artifact.sha256,
    bundles: result.bundles
      .filter((b) => b.name === artifact.path)
      .map((signed) => ({
        kind: signed.kind,
        path: outputPath(signed),
        ...bundleFacts(verified.get(signed) as VerificationResult),
      })),
  }));
  if (flagOption(parsed, 'json')) {
    const json: AttestJson = {
      identity: identity ?? null,
      tokenSource: token.source,
      ...(keySigner && { key: keySigner.ref }),
      predicateType,
      artifacts: summary,
    };
    io.stdout(`${printableJson(json)}\n`);
  } else {
    if (identity !== undefined) io.stdout(printed`attested as ${describeIdentity(identity)}\n`);
    io.stdout(printed`predicate type ${predicateType}\n`);
    for (const artifact of summary) {
      for (const bundle of artifact.bundles) {
        io.stdout(
          printed`${artifact.path}: ${bundle.kind} attestation ${bundle.path} (${describeFacts(bundle)})\n`,
        );
      }
    }
  }
  return EXIT.ok;
}

/**
 * The predicate flags, checked before any file is read or service contacted: a predicate file
 * is read and parsed now, and provenance fails now outside CI (it is built from the token's
 * claims once the token is fetched).
 */
async function predicateSource(parsed: Parsed, env: Env): Promise<PredicateSource> {
  const type = stringOption(parsed, 'type');
  const file = stringOption(parsed, 'predicate');
  if (type === undefined && file === undefined) {
    ciPlatform(env);
    return { kind: 'provenance' };
  }
  if (type === undefined || file === undefined) {
    throw new CliError(
      'USAGE',
      type === undefined
        ? '--predicate needs --type URI, the predicate type it is'
        : '--type needs --predicate FILE, the predicate to attest',
    );
  }
  if (!URL.canParse(type)) {
    throw new CliError('USAGE', `--type takes a predicate type URI, got ${JSON.stringify(type)}`);
  }
  const predicate = parseJsonDocument(
    await readFileLimited(file, 'predicate', MAX_PREDICATE_BYTES),
    'predicate',
    file,
  );
  if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate)) {
    throw new CliError('USAGE', `the predicate in ${file} must be a JSON object`);
  }
  return { kind: 'file', predicateType: type, predicate: predicate as Record<string, unknown> };
}

/** The token's claims for the provenance; a token that does not decode has none to give. */
function claimsOf(token: string): { claims?: Record<string, unknown> } {
  try {
    return { claims: decodeJwt(token).payload };
  } catch {
    return {};
  }
}

/** One statement per file, named as actions/attest names a subject path: by its file name. */
const statementFor = (
  artifact: Artifact,
  predicateType: string,
  predicate: Record<string, unknown>,
): InTotoStatement => ({
  _type: IN_TOTO_STATEMENT_V1,
  subject: [{ name: basename(artifact.path), digest: { sha256: artifact.sha256 } }],
  predicateType,
  predicate,
});
