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
import type {
  Artifact as VerifiedArtifact,
  KeyPolicy,
  VerificationResult,
} from '../verify/verifier.js';
import { type Parsed, exclusive, flagOption, parseCommandLine, stringOption } from './args.js';
import { CliError } from './error.js';
import {
  IMAGE_HELP,
  IMAGE_OPTIONS,
  attachAll,
  imageArtifact,
  gatherSubjects,
  splitPositionals,
} from './image.js';
import { EXIT, type Io } from './io.js';
import type { SignedArtifact } from './sign.js';
import {
  SIGNING_HELP,
  SIGNING_OPTIONS,
  bundleFacts,
  describeFacts,
  describeIdentity,
  openSigning,
} from './signing.js';

/** actions/attest's limit on a predicate file; SBOMs are the large ones. */
export const MAX_PREDICATE_BYTES = 16 * 1024 * 1024;

export const ATTEST_HELP = `Usage: signet attest [options] FILE|oci://IMAGE...

Attests each FILE: signs an in-toto statement whose subject is the FILE's SHA-256, keyless and,
with --kms or --key, also with a long-lived key, timestamped and logged like signet sign. The
default predicate is SLSA build provenance for this CI job (GitHub Actions or GitLab CI), as
actions/attest-build-provenance makes it. Every bundle is verified before anything is written:
all are written, or none. Verify with: signet verify --type URI (or a policy's attestation:).

An image (oci://REGISTRY/REPOSITORY@sha256:DIGEST, or :TAG, resolved once to the digest it
names now) is attested about its manifest digest, and each bundle attached to it as an OCI 1.1
referrer, as cosign v3 and actions/attest attach attestations.

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

${IMAGE_HELP}
  --no-push                    write an image's bundles to files (--output-dir, default the
                               current directory: sha256-HEX.att.sigstore.json,
                               sha256-HEX.att.kms.sigstore.json) instead of attaching them
  --recursive                  for an index (multi-platform image), attest each platform's
                               manifest too
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
  'no-push': { type: 'boolean' },
  recursive: { type: 'boolean' },
  ...IMAGE_OPTIONS,
} as const;

/** What `signet attest --json` prints (docs/cli.md). */
export interface AttestJson {
  identity: CertificateIdentity | null;
  tokenSource: string;
  key?: string;
  predicateType: string;
  /** As `signet sign --json`'s: an image's bundle `path` is its referrer, or with --no-push a file. */
  artifacts: SignedArtifact[];
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
  const { files, images } = splitPositionals(parsed.positionals);
  if (files.length === 0 && images.length === 0) {
    throw new CliError('USAGE', 'no files or images to attest (see: signet attest --help)');
  }
  if (
    (parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined) &&
    (files.length !== 1 || images.length > 0)
  ) {
    throw new CliError(
      'USAGE',
      '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir',
    );
  }
  if (images.length === 0) {
    for (const flag of ['no-push', 'recursive', 'allow-insecure-registry']) {
      if (parsed.values[flag] !== undefined) {
        throw new CliError('USAGE', `--${flag} applies to images (oci://...), and none is given`);
      }
    }
  }
  const {
    plan,
    artifacts,
    resolved,
    images: toAttest,
  } = await gatherSubjects(parsed, io, 'attest', {
    files,
    images,
  });
  const source = await predicateSource(parsed, io.env);
  const { signingConfig, token, keySigner, verifier, onServices } = await openSigning(
    plan,
    parsed,
    io,
    flagOption(parsed, 'json'),
  );
  const { predicateType, predicate } =
    source.kind === 'file' ? source : slsaProvenance(io.env, claimsOf(token.token));

  // One run for files and images alike: every subject is a statement, under one certificate.
  const subjects = new Map<string, Subject>([
    ...artifacts.map((a): [string, Subject] => [
      a.path,
      {
        statement: statementFor(basename(a.path), a.sha256, predicateType, predicate),
        artifact: { data: a.data },
      },
    ]),
    ...toAttest.map((image): [string, Subject] => [
      image.name,
      {
        // Named as actions/attest names an image: the repository, without tag or digest.
        statement: statementFor(
          `${image.registry.host}/${image.repository}`,
          image.subject.digest.slice('sha256:'.length),
          predicateType,
          predicate,
        ),
        artifact: imageArtifact(image),
      },
    ]),
  ]);
  const verified = new Map<SignedStatement, VerificationResult>();
  const result = await signStatements({
    statements: [...subjects].map(([name, { statement }]) => ({ name, statement })),
    signingConfig,
    token: token.token,
    kms: keySigner,
    onServices,
    verifyBeforeWrite: async (signed) => {
      // As signet sign: whole and trusted, of the type asked for, and about this subject; who
      // signed it is the deploy-time verifier's question.
      const policy: IdentityPolicy | KeyPolicy =
        signed.kind === 'key' && keySigner !== undefined ? { publicKey: keySigner.publicKey } : {};
      const { artifact } = subjects.get(signed.name) as Subject;
      verified.set(signed, verifier.verify(signed.bundle, artifact, policy, { predicateType }));
    },
  });

  const isImage = new Set(toAttest.map((i) => i.name));
  const fileBundles = result.bundles.filter((b) => !isImage.has(b.name));
  const imageBundles = result.bundles.filter((b) => isImage.has(b.name));
  const noPush = flagOption(parsed, 'no-push');
  const outputDir = stringOption(parsed, 'output-dir');
  const outputPath = (signed: SignedStatement): string => {
    const explicit = stringOption(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
    if (explicit !== undefined) return explicit;
    // An image's bundle file is named by its digest: `signet verify sha256:HEX --bundle FILE`.
    const artifact = isImage.has(signed.name)
      ? (signed.name.split('@')[1] as string).replace(':', '-')
      : signed.name;
    const beside = fillArtifact(defaultBundle(signed.kind, true), artifact);
    return outputDir !== undefined || isImage.has(signed.name)
      ? join(outputDir ?? '.', basename(beside))
      : beside;
  };
  // The registry first: a refusal there leaves no file bundle behind either.
  const attached = noPush
    ? new Map<SignedStatement, string>()
    : await attachAll(toAttest, imageBundles);
  const toWrite = noPush ? result.bundles : fileBundles;
  await writeBundlesAtomically(
    toWrite.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })),
  );

  const identity =
    result.certificateChain?.[0] !== undefined
      ? readIdentity(parseCertificate(result.certificateChain[0]))
      : undefined;
  const facts = (signed: SignedStatement) => ({
    kind: signed.kind,
    path: attached.get(signed) ?? outputPath(signed),
    ...bundleFacts(verified.get(signed) as VerificationResult),
  });
  const summary: SignedArtifact[] = [
    ...artifacts.map((artifact) => ({
      path: artifact.path,
      sha256: artifact.sha256,
      bundles: fileBundles.filter((b) => b.name === artifact.path).map(facts),
    })),
    ...resolved.flatMap(({ text, images: named }) =>
      named.map((image) => ({
        path: image.name,
        sha256: image.subject.digest.slice('sha256:'.length),
        image: { reference: text, digest: image.subject.digest },
        bundles: imageBundles.filter((b) => b.name === image.name).map(facts),
      })),
    ),
  ];
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
        const where =
          artifact.image !== undefined && !noPush ? `attached as ${bundle.path}` : bundle.path;
        io.stdout(
          printed`${artifact.path}: ${bundle.kind} attestation ${where} (${describeFacts(bundle)})\n`,
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

/** A subject to attest: its statement, and what its bundle is verified for. */
interface Subject {
  statement: InTotoStatement;
  artifact: VerifiedArtifact;
}

/**
 * One statement per subject, named as actions/attest names them: a file by its file name, an
 * image by its repository.
 */
const statementFor = (
  name: string,
  sha256: string,
  predicateType: string,
  predicate: Record<string, unknown>,
): InTotoStatement => ({
  _type: IN_TOTO_STATEMENT_V1,
  subject: [{ name, digest: { sha256 } }],
  predicateType,
  predicate,
});
