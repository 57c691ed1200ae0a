import { createHash } from 'node:crypto';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity, IdentityField } from '../ca/extensions.js';
import { parseBundle } from '../bundle/parse.js';
import { parseJsonDocument, readDocument, readFileLimited } from '../core/document.js';
import { SignetError } from '../core/error.js';
import { printable, printableJson } from '../core/text.js';
import { parseCertificate } from '../core/x509.js';
import { PolicyError } from '../policy/error.js';
import { PIN_NAMES, PINS, type PinName, identityPolicy, pinFlag } from '../policy/pins.js';
import {
  MAX_POLICY_BYTES,
  type KeylessPins,
  type Policy,
  type Requirement,
  bundleFor,
  defaultBundle,
  parsePolicy,
} from '../policy/policy.js';
import { type IdentityPolicy, type Pin, checkPolicy, issuerOf } from '../verify/policy.js';
import { COSIGN_SIGN_PREDICATE_TYPE } from '../bundle/intoto.js';
import { type ImageReference, formatImageReference } from '../oci/reference.js';
import type { Registry } from '../oci/registry.js';
import { VerifyError } from '../verify/error.js';
import {
  type AttachedBundles,
  type ImageSubject,
  fetchAttachedBundles,
  verifyAttached,
} from '../verify/image.js';
import { type Artifact, Verifier } from '../verify/verifier.js';
import type { VerificationResult } from '../verify/verifier.js';
import {
  type Parsed,
  exclusive,
  flagOption,
  parseCommandLine,
  stringOption,
  stringsOption,
} from './args.js';
import type { OptionSpec } from './args.js';
import { CliError } from './error.js';
import { IMAGE_HELP, IMAGE_OPTIONS, noteTag, registryOpener, splitPositionals } from './image.js';
import { EXIT, type Io } from './io.js';
import {
  type LoadedTrust,
  TUF_OPTIONS,
  loadPublicKey,
  loadTrust,
  loadTufTrust,
  serverTrustedRoot,
  tufOptions,
} from './trust.js';

/** A bundle is a few KiB (a DSSE envelope with a large attestation, a few MiB at most). */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

const pinHelp = PIN_NAMES.map(
  (name) => `${`  --${pinFlag(name)} VALUE`.padEnd(30)} ${PINS[name].description}`,
).join('\n');

export const VERIFY_HELP = `Usage: signet verify [options] ARTIFACT...

Verifies each ARTIFACT (a file, or sha256:HEX) against its bundle, offline, from a trusted root:
certificate chain at signing time, SCT, log inclusion proof and signed checkpoint, RFC 3161
timestamps, the signature, then the pins. Exit 0 verified, 1 not verified, 2 usage error.

An ARTIFACT oci://REGISTRY/REPOSITORY@sha256:DIGEST (or :TAG, resolved once; the digest
verified is printed: deploy that) is an image: its signatures are the Sigstore bundles attached
to it in the registry (cosign v3's layout), each required signature found among them.

Trust:
  --trusted-root FILE|URL|public-good
                               trusted_root.json; public-good is the public Sigstore
                               instance's, embedded ("signet version" shows its date)
  --server URL                 use the service's /trusted_root.json (SIGNET_SERVER too)
  --tuf-url URL                the trusted root from a TUF repository (its mirror URL), verified
                               from a pinned first root; https://tuf-repo-cdn.sigstore.dev
                               (public-good) has its first root embedded
  --tuf-root FILE              the repository's first root (1.root.json), needed once: later
                               runs start from the cache
  --tuf-cache DIR              where verified TUF metadata is kept (default
                               $XDG_CACHE_HOME/signet/tuf/..., else ~/.cache/signet/tuf/...);
                               the cache is used while the mirror is unavailable, until it expires
  --policy FILE                a policy file (docs/policy.md): trust root and required signatures

Bundle (without --policy):
  --bundle PATH                default ARTIFACT.sigstore.json (ARTIFACT.kms.sigstore.json with --key)
  --key FILE|awskms:///KEY     verify a key bundle with this public key (PEM) or KMS key
  --type URI                   require an attestation (signet attest) of this predicate type,
                               e.g. https://slsa.dev/provenance/v1; the bundle default becomes
                               ARTIFACT.att.sigstore.json (ARTIFACT.att.kms.sigstore.json with --key)

Keyless pins (exact; each also has --NAME-regexp PATTERN, anchored). An issuer pin and one of
identity, repository, repository-id or workflow are required. URI pins take the claim as the
token gives it, with or without its host (docs/cli.md, "Pins").
  --certificate-oidc-issuer URL
  --certificate-identity SAN   the signing workflow identity (certificate SAN)
${pinHelp}
  --claim FIELD=VALUE          any certificate claim by field name (see docs/cli.md)

Output:
  --json                       machine-readable results

${IMAGE_HELP}
`;

const REGEXP_SUFFIX = '-regexp';
const CERTIFICATE_PINS = ['certificate-identity', 'certificate-oidc-issuer'] as const;
const PIN_FLAGS = [...CERTIFICATE_PINS, ...PIN_NAMES.map(pinFlag), 'claim'];

const OPTIONS: OptionSpec = {
  'trusted-root': { type: 'string' },
  server: { type: 'string' },
  ...TUF_OPTIONS,
  policy: { type: 'string' },
  bundle: { type: 'string' },
  key: { type: 'string' },
  type: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...IMAGE_OPTIONS,
  ...Object.fromEntries(
    PIN_FLAGS.flatMap((flag) => [
      [flag, { type: 'string', multiple: flag === 'claim' }],
      [`${flag}${REGEXP_SUFFIX}`, { type: 'string', multiple: flag === 'claim' }],
    ]),
  ),
};

/** One artifact as given: a path, a digest, or an image and the bundles attached to it. */
interface ArtifactInput {
  name: string;
  path?: string;
  sha256: string;
  artifact: Artifact;
  image?: { reference: string; subject: ImageSubject; attached: AttachedBundles };
}

/** One required signature in `signet verify --json` (docs/cli.md). */
export interface SignatureOutcome {
  name: string;
  kind: Requirement['kind'];
  bundle: string;
  /** The predicate type required, when the requirement is an attestation. */
  predicateType?: string;
  verified: boolean;
  /** The certificate's identity, when the bundle has a readable certificate (even on failure). */
  identity?: CertificateIdentity;
  keyHint?: string;
  /** The pins checked, for expected-against-actual tables. */
  pins?: { claim: string; expected: string; actual: string | null; matched: boolean }[];
  timestamps?: { time: string; authority: string }[];
  logEntries?: { logIndex: number; baseUrl: string; integratedTime?: string }[];
  error?: { code: string; check: string; message: string; expected?: string; actual?: string };
}

export interface ArtifactOutcome {
  /** The file or digest as given, or the image as `oci://host/repo@sha256:…` (the digest verified). */
  artifact: string;
  sha256: string;
  /** For an image: the reference as given and the digest it resolved to. */
  image?: { reference: string; digest: string };
  verified: boolean;
  signatures: SignatureOutcome[];
}

/** What `signet verify --json` prints. */
export interface VerifyJson {
  verified: boolean;
  trustedRoot: { source: string; sha256: string };
  artifacts: ArtifactOutcome[];
}

export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('verify', argv, OPTIONS);
  if (flagOption(parsed, 'help')) {
    io.stdout(VERIFY_HELP);
    return EXIT.ok;
  }
  exclusive(parsed, 'trusted-root', 'server', 'tuf-url');
  const tuf = tufOptions(parsed, io, 'verify');
  if (parsed.positionals.length === 0) {
    throw new CliError('USAGE', 'no artifact to verify (see: signet verify --help)');
  }
  const { images } = splitPositionals(parsed.positionals);
  if (images.length > 0 && parsed.values.bundle !== undefined) {
    throw new CliError(
      'USAGE',
      "--bundle names a bundle file; an image's bundles are found in its registry",
    );
  }
  if (images.length === 0 && parsed.values['allow-insecure-registry'] !== undefined) {
    throw new CliError(
      'USAGE',
      '--allow-insecure-registry applies to images (oci://...), and none is given',
    );
  }
  const policy = await requirements(parsed);
  if (parsed.values.bundle !== undefined) {
    if (parsed.positionals.length > 1) {
      throw new CliError(
        'USAGE',
        '--bundle names one bundle: give one ARTIFACT (bundles default to ARTIFACT.sigstore.json)',
      );
    }
    if (policy.signatures.length > 1) {
      throw new CliError(
        'USAGE',
        `--bundle names one bundle, but the policy ${policy.source} requires ${policy.signatures.length} signatures: name each one's bundle in the policy (bundle: with {artifact})`,
      );
    }
  }
  if (tuf !== undefined && policy.trustedRoot !== undefined) {
    throw new CliError(
      'USAGE',
      `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --tuf-url cannot replace it`,
    );
  }
  const trustSource = tuf === undefined ? trustedRootSource(parsed, policy, io) : undefined;
  const openRegistryFor = registryOpener(io, flagOption(parsed, 'allow-insecure-registry'));
  const inputs = await Promise.all(
    parsed.positionals.map((name) => {
      const image = images.find((i) => i.text === name);
      return image !== undefined
        ? imageInput(name, image.reference, io, openRegistryFor)
        : artifactInput(name, parsed);
    }),
  );
  const loaded: LoadedTrust =
    tuf !== undefined
      ? await loadTufTrust(tuf)
      : await loadTrust(
          trustSource as string,
          policy.trustedRoot?.sha256 !== undefined ? { sha256: policy.trustedRoot.sha256 } : {},
        );
  const verifier = new Verifier(loaded.trust);
  const keys = new Map<string, Buffer>();
  for (const requirement of policy.signatures) {
    if (requirement.kind === 'key' && !keys.has(requirement.key))
      keys.set(requirement.key, await loadPublicKey(requirement.key));
  }

  const outcomes: ArtifactOutcome[] = [];
  for (const input of inputs) {
    const signatures: SignatureOutcome[] = [];
    for (const requirement of policy.signatures) {
      if (input.image !== undefined) {
        signatures.push(verifyImageOne(verifier, requirement, input, keys));
        continue;
      }
      const bundlePath =
        stringOption(parsed, 'bundle') ?? bundleFor(requirement, input.path ?? input.name);
      signatures.push(await verifyOne(verifier, requirement, bundlePath, input, keys));
    }
    outcomes.push({
      artifact: input.name,
      sha256: input.sha256,
      ...(input.image !== undefined && {
        image: { reference: input.image.reference, digest: input.image.subject.digest },
      }),
      verified: signatures.every((s) => s.verified),
      signatures,
    });
  }
  const verified = outcomes.every((o) => o.verified);
  if (flagOption(parsed, 'json')) {
    const json: VerifyJson = {
      verified,
      trustedRoot: { source: loaded.source, sha256: loaded.sha256 },
      artifacts: outcomes,
    };
    io.stdout(`${printableJson(json)}\n`);
  } else {
    for (const outcome of outcomes) io.stdout(describeOutcome(outcome));
  }
  return verified ? EXIT.ok : EXIT.failed;
}

/** The policy file, or a one-signature policy made of the flags. */
async function requirements(parsed: Parsed): Promise<Policy> {
  const pinFlagsGiven = PIN_FLAGS.flatMap((f) => [f, `${f}${REGEXP_SUFFIX}`]).filter(
    (f) => parsed.values[f] !== undefined,
  );
  const policyFile = stringOption(parsed, 'policy');
  if (policyFile !== undefined) {
    const conflicting = [
      ...pinFlagsGiven,
      ...(['key', 'type'] as const).filter((f) => parsed.values[f] !== undefined),
    ];
    if (conflicting.length > 0) {
      throw new CliError(
        'USAGE',
        `--policy lists the required signatures; --${conflicting[0]} cannot be added to it`,
      );
    }
    const text = await readFileLimited(policyFile, 'policy', MAX_POLICY_BYTES);
    return parsePolicy(text.toString('utf8'), policyFile);
  }
  const type = stringOption(parsed, 'type');
  if (type !== undefined && !URL.canParse(type)) {
    throw new CliError('USAGE', `--type takes a predicate type URI, got ${JSON.stringify(type)}`);
  }
  const attestation = type !== undefined ? { attestation: { predicateType: type } } : {};
  const key = stringOption(parsed, 'key');
  if (key !== undefined) {
    if (pinFlagsGiven.length > 0) {
      throw new CliError(
        'USAGE',
        `--key verifies a key bundle, which has no certificate to pin: --${pinFlagsGiven[0]} does not apply`,
      );
    }
    return {
      source: 'command line',
      signatures: [
        {
          name: 'key',
          kind: 'key',
          key,
          bundle: defaultBundle('key', type !== undefined),
          ...attestation,
        },
      ],
    };
  }
  const pin = (flag: string): Pin | undefined => {
    exclusive(parsed, flag, `${flag}${REGEXP_SUFFIX}`);
    const exact = stringOption(parsed, flag);
    const pattern = stringOption(parsed, `${flag}${REGEXP_SUFFIX}`);
    return exact ?? (pattern !== undefined ? { regexp: pattern } : undefined);
  };
  const issuer = pin('certificate-oidc-issuer');
  const identity = pin('certificate-identity');
  const typed: Partial<Record<PinName, Pin>> = {};
  for (const name of PIN_NAMES) {
    const value = pin(pinFlag(name));
    if (value !== undefined) typed[name] = value;
  }
  if (issuer === undefined) {
    throw new CliError(
      'USAGE',
      'pin the OIDC issuer: --certificate-oidc-issuer URL (e.g. https://token.actions.githubusercontent.com)',
    );
  }
  if (
    identity === undefined &&
    typed.repository === undefined &&
    typed.repositoryId === undefined &&
    typed.workflow === undefined
  ) {
    throw new CliError(
      'USAGE',
      'pin who signed: --certificate-identity, --repository, --repository-id or --workflow (anything from the issuer would pass otherwise)',
    );
  }
  const claims: Record<string, Pin> = {};
  for (const [list, asPin] of [
    ['claim', (v: string): Pin => v],
    [`claim${REGEXP_SUFFIX}`, (v: string): Pin => ({ regexp: v })],
  ] as const) {
    for (const item of stringsOption(parsed, list)) {
      const at = item.indexOf('=');
      if (at <= 0)
        throw new CliError('USAGE', `--${list} takes FIELD=VALUE, got ${JSON.stringify(item)}`);
      claims[item.slice(0, at)] = asPin(item.slice(at + 1));
    }
  }
  let compiled: IdentityPolicy;
  try {
    compiled = identityPolicy(
      {
        certificateOidcIssuer: issuer,
        ...(identity !== undefined && { certificateIdentity: identity }),
      },
      typed,
      claims,
    );
  } catch (error) {
    if (error instanceof PolicyError) throw new CliError('USAGE', error.message, { cause: error });
    throw error;
  }
  return {
    source: 'command line',
    signatures: [
      {
        name: 'keyless',
        kind: 'keyless',
        pins: { issuer, ...(identity !== undefined && { identity }), typed, claims },
        policy: compiled,
        bundle: defaultBundle('keyless', type !== undefined),
        ...attestation,
      },
    ],
  };
}

function trustedRootSource(parsed: Parsed, policy: Policy, io: Io): string {
  const flag =
    stringOption(parsed, 'trusted-root') ??
    (parsed.values.server !== undefined
      ? serverTrustedRoot(stringOption(parsed, 'server') as string)
      : undefined);
  if (policy.trustedRoot !== undefined) {
    if (flag !== undefined) {
      throw new CliError(
        'USAGE',
        `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --trusted-root and --server cannot replace it`,
      );
    }
    return policy.trustedRoot.source;
  }
  const source =
    flag ?? (io.env.SIGNET_SERVER ? serverTrustedRoot(io.env.SIGNET_SERVER) : undefined);
  if (source === undefined) {
    throw new CliError(
      'USAGE',
      'say which trust root to verify against: --trusted-root FILE|URL, --server URL or --tuf-url URL',
    );
  }
  return source;
}

async function artifactInput(name: string, parsed: Parsed): Promise<ArtifactInput> {
  const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(name);
  if (digest?.[1] !== undefined) {
    if (parsed.values.bundle === undefined) {
      throw new CliError(
        'USAGE',
        `${name} is a digest, so its bundle cannot be found by name: give --bundle PATH (with a policy of one signature), or the artifact file`,
      );
    }
    const value = Buffer.from(digest[1], 'hex');
    return {
      name,
      sha256: digest[1].toLowerCase(),
      artifact: { digest: { algorithm: 'sha256', value } },
    };
  }
  if (/^sha\d+:/i.test(name)) {
    throw new CliError('USAGE', `${name}: digests are given as sha256: and 64 hex digits`);
  }
  const data = await readFileLimited(name, 'artifact', 2 ** 31 - 1);
  return {
    name,
    path: name,
    sha256: createHash('sha256').update(data).digest('hex'),
    artifact: { data },
  };
}

/**
 * An image as verified: the digest its reference names now (a tag resolved once, said on
 * stderr) and every Sigstore bundle attached to that digest.
 */
async function imageInput(
  text: string,
  reference: ImageReference,
  io: Io,
  openRegistryFor: (host: string) => Promise<Registry>,
): Promise<ArtifactInput> {
  const registry = await openRegistryFor(reference.registry);
  const manifest = await registry.resolve(
    reference.repository,
    reference.digest ?? (reference.tag as string),
  );
  if (reference.digest === undefined) noteTag(io, 'verify', reference, manifest.digest);
  const subject: ImageSubject = {
    registry,
    repository: reference.repository,
    digest: manifest.digest,
    name: formatImageReference(reference, manifest.digest),
  };
  const hex = manifest.digest.slice('sha256:'.length);
  return {
    name: subject.name,
    sha256: hex,
    artifact: { digest: { algorithm: 'sha256', value: Buffer.from(hex, 'hex') } },
    image: { reference: text, subject, attached: await fetchAttachedBundles(subject) },
  };
}

/** Verifies a bundle for one requirement: its pins or key, and its attestation's conditions. */
const checker =
  (verifier: Verifier, requirement: Requirement, keys: Map<string, Buffer>) =>
  (json: unknown, artifact: Artifact): VerificationResult =>
    verifier.verify(
      json,
      artifact,
      requirement.kind === 'keyless'
        ? requirement.policy
        : { publicKey: keys.get(requirement.key) as Buffer },
      requirement.attestation,
    );

/** A requirement's outcome before it is judged. */
const pending = (requirement: Requirement, bundle: string): SignatureOutcome => ({
  name: requirement.name,
  kind: requirement.kind,
  bundle,
  ...(requirement.attestation !== undefined && {
    predicateType: requirement.attestation.predicateType,
  }),
  verified: false,
});

async function verifyOne(
  verifier: Verifier,
  requirement: Requirement,
  bundlePath: string,
  input: ArtifactInput,
  keys: Map<string, Buffer>,
): Promise<SignatureOutcome> {
  const outcome = pending(requirement, bundlePath);
  let json: unknown;
  try {
    json = parseJsonDocument(
      await readDocument(bundlePath, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES }),
      'bundle',
      bundlePath,
    );
  } catch (error) {
    outcome.error = errorOf(error, 'bundle');
    return outcome;
  }
  return settle(
    outcome,
    requirement,
    () => json,
    () => checker(verifier, requirement, keys)(json, input.artifact),
  );
}

/** One required signature among the bundles attached to an image. */
function verifyImageOne(
  verifier: Verifier,
  requirement: Requirement,
  input: ArtifactInput,
  keys: Map<string, Buffer>,
): SignatureOutcome {
  const image = input.image as NonNullable<ArtifactInput['image']>;
  const outcome = pending(requirement, image.subject.name);
  const check = checker(verifier, requirement, keys);
  const { attestation } = requirement;
  // The bundle whose certificate a failure shows: the first one tried.
  let tried: unknown;
  return settle(
    outcome,
    requirement,
    () => tried,
    () => {
      const { source, result } = verifyAttached(
        image.subject,
        image.attached,
        attestation !== undefined
          ? {
              kind: requirement.kind,
              predicateType: attestation.predicateType,
              what: 'attestation',
            }
          : {
              kind: requirement.kind,
              predicateType: COSIGN_SIGN_PREDICATE_TYPE,
              what: 'image signature',
            },
        (json) => {
          tried ??= json;
          return check(json, input.artifact);
        },
      );
      outcome.bundle = source;
      return result;
    },
  );
}

/**
 * Runs one requirement's verification into its outcome: the result or the error, and for a
 * keyless requirement the pin table against the bundle's certificate (read untrusted when
 * verification failed, so the table can show what was signed).
 */
function settle(
  outcome: SignatureOutcome,
  requirement: Requirement,
  bundleJson: () => unknown,
  run: () => VerificationResult,
): SignatureOutcome {
  try {
    Object.assign(outcome, describeResult(run()));
    outcome.verified = true;
  } catch (error) {
    outcome.error = errorOf(error, 'verification');
  }
  if (requirement.kind === 'keyless') {
    outcome.identity ??= identityOf(bundleJson());
    const rows = pinTable(requirement.pins, requirement.policy, outcome.identity);
    outcome.pins = rows.map(({ written: _, ...row }) => row);
    if (outcome.error !== undefined) outcome.error = asWritten(outcome.error, rows);
  }
  return outcome;
}

function describeResult(result: VerificationResult): Partial<SignatureOutcome> {
  return {
    ...(result.signer.kind === 'certificate'
      ? { identity: result.signer.identity }
      : { keyHint: result.signer.hint }),
    timestamps: result.timestamps.map((t) => ({ time: t.genTime.toISOString(), authority: t.tsa })),
    logEntries: result.tlogEntries.map((e) => ({
      logIndex: e.logIndex,
      baseUrl: e.baseUrl,
      // A Rekor v1 entry's signed entry timestamp: the log's word on when it was logged.
      ...(e.integratedTime !== undefined && { integratedTime: e.integratedTime.toISOString() }),
    })),
  };
}

/** The certificate's claims, read without trusting them, so a failure can show what was signed. */
function identityOf(json: unknown): CertificateIdentity | undefined {
  try {
    const bundle = parseBundle(json);
    if (bundle.signer.kind !== 'certificate') return undefined;
    return readIdentity(parseCertificate(bundle.signer.chain[0] as Buffer));
  } catch {
    return undefined;
  }
}

/** A pin as its author wrote it: an exact value as itself, a pattern between slashes. */
const shown = (pin: Pin): string => (typeof pin === 'string' ? pin : `/${pin.regexp}/`);

/**
 * Every pin of a keyless requirement against the certificate, in the verifier's order, shown
 * as written: an exact pin without its scheme (GitHub's job_workflow_ref, GitLab's
 * ci_config_ref_uri) is compiled to what the certificate holds, but the reader wrote, and
 * compares, the claim's own value.
 */
type PinRow = NonNullable<SignatureOutcome['pins']>[number] & { written: Pin };

function pinTable(
  pins: KeylessPins,
  policy: IdentityPolicy,
  identity: CertificateIdentity | undefined,
): PinRow[] {
  // Each pin is checked on its own, by the verifier's own matching, so a table can mark every
  // mismatch and not only the first one the verifier stopped at.
  const row = (claim: string, written: Pin, actual: string | null, only: IdentityPolicy) => {
    let matched = identity !== undefined;
    try {
      if (identity !== undefined) checkPolicy(identity, only);
    } catch {
      matched = false;
    }
    return { claim, expected: shown(written), actual, matched, written };
  };
  const rows: PinRow[] = [];
  if (pins.identity !== undefined) {
    const pin = pins.identity;
    rows.push(
      row(
        'certificate identity',
        pin,
        identity?.san.value ?? null,
        typeof pin === 'string'
          ? { certificateIdentity: pin }
          : { certificateIdentityRegexp: pin.regexp },
      ),
    );
  }
  const issuer = pins.issuer;
  rows.push(
    row(
      'OIDC issuer',
      issuer,
      (identity && issuerOf(identity)) ?? null,
      typeof issuer === 'string'
        ? { certificateOidcIssuer: issuer }
        : { certificateOidcIssuerRegexp: issuer.regexp },
    ),
  );
  const claims: [IdentityField, Pin | undefined][] = [
    ...(Object.entries(pins.typed) as [PinName, Pin | undefined][]).map(
      ([name, pin]): [IdentityField, Pin | undefined] => [PINS[name].field, pin],
    ),
    ...(Object.entries(pins.claims) as [IdentityField, Pin | undefined][]),
  ];
  for (const [field, pin] of claims) {
    if (pin === undefined) continue;
    rows.push(
      row(field, pin, identity?.[field] ?? null, {
        extensions: { [field]: policy.extensions?.[field] },
      }),
    );
  }
  return rows;
}

/**
 * A pin failure as the table shows it: the verifier names the compiled pin, which for an exact
 * pin without its scheme is a pattern the reader never wrote. The first mismatched row is the
 * claim the verifier stopped at (same checks, same order); patterns keep the verifier's words.
 */
function asWritten(error: SignatureOutcome['error'], rows: PinRow[]): SignatureOutcome['error'] {
  const row = rows.find((r) => !r.matched);
  if (
    error?.code !== 'POLICY' ||
    error.expected === undefined ||
    typeof row?.written !== 'string' ||
    row.written === error.expected
  )
    return error;
  return {
    ...error,
    message: error.message.replace(`expected ${error.expected}`, `expected ${row.written}`),
    expected: row.written,
  };
}

function errorOf(error: unknown, check: string): NonNullable<SignatureOutcome['error']> {
  if (error instanceof VerifyError) {
    return {
      code: error.code,
      check: error.check,
      message: error.message,
      ...(error.expected !== undefined && { expected: error.expected }),
      ...(error.actual !== undefined && { actual: error.actual }),
    };
  }
  if (error instanceof SignetError) return { code: error.code, check, message: error.message };
  throw error;
}

/**
 * The human-readable result, one line per fact. Nearly every value in it is the signer's or
 * the caller's (claims, paths, messages quoting them), so each line is made printable: a claim
 * cannot print a line of its own, or colour one.
 */
function describeOutcome(outcome: ArtifactOutcome): string {
  const verdict = outcome.verified ? 'verified' : 'NOT VERIFIED';
  const lines = [
    // An image's name is its digest already.
    outcome.image !== undefined
      ? `${outcome.artifact}: ${verdict}`
      : `${outcome.artifact}: ${verdict} (sha256:${outcome.sha256})`,
  ];
  for (const s of outcome.signatures) {
    const head = `  ${s.verified ? 'ok  ' : 'FAIL'} ${s.name} (${s.bundle})`;
    if (s.verified) {
      const who =
        s.identity !== undefined
          ? `${s.identity.san.value}, issuer ${issuerOf(s.identity) ?? 'unknown'}`
          : `key ${s.keyHint}`;
      const when =
        s.timestamps?.[0]?.time ??
        s.logEntries?.find((e) => e.integratedTime !== undefined)?.integratedTime ??
        'no signed time';
      const log = (s.logEntries ?? []).map((e) => `log index ${e.logIndex}`).join(', ');
      lines.push(`${head}: ${who}; signed ${when}; ${log}`);
    } else if (s.error !== undefined) {
      // A pin mismatch reads best as the claim and the two values, one under the other; other
      // failures explain themselves in their message.
      const { check, expected, actual, message } = s.error;
      if (s.error.code === 'POLICY' && expected !== undefined && actual !== undefined) {
        lines.push(
          `${head}: ${check}`,
          `         expected: ${expected}`,
          `         actual:   ${actual}`,
        );
      } else {
        lines.push(`${head}: ${message}`);
      }
    }
  }
  return `${lines.map(printable).join('\n')}\n`;
}
