import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import {
  type SelectedServices,
  type SigningConfig,
  fetchSigningConfig,
  loadSigningConfig,
  parseSigningConfig,
} from '../bundle/signing-config.js';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity } from '../ca/extensions.js';
import { isUrl, parseJsonDocument, readFileLimited } from '../core/document.js';
import { printableJson, printed } from '../core/text.js';
import { parseCertificate } from '../core/x509.js';
import { type Signer, openSigner } from '../kms/signer.js';
import { DEFAULT_TOKEN_AUDIENCE, identityToken } from '../oidc/sources.js';
import { type SignedBundle, signFiles } from '../sign/sign.js';
import { writeBundlesAtomically } from '../sign/write.js';
import { Verifier } from '../verify/verifier.js';
import type { KeyPolicy, VerificationResult } from '../verify/verifier.js';
import { type IdentityPolicy, issuerOf } from '../verify/policy.js';
import { exclusive, flagOption, parseCommandLine, stringOption } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';
import {
  type LoadedTrust,
  TUF_OPTIONS,
  TUF_TRUSTED_ROOT,
  loadTrust,
  serverTrustedRoot,
  trustFrom,
  tufOptions,
} from './trust.js';

/** The TUF target that is the signing config (v0.2), as public-good names it. */
export const TUF_SIGNING_CONFIG = 'signing_config.v0.2.json';

export const SIGN_HELP = `Usage: signet sign [options] FILE...

Signs each FILE keyless (a short-lived certificate for this CI job's OIDC identity) and, with
--kms or --key, also with a long-lived key. Every signature is timestamped and logged, and every
bundle is verified before anything is written: all bundles are written, or none.

Where to sign (one of; SIGNET_SERVER is read when none is given):
  --server URL                 a Signet (or Sigstore-compatible) service
  --signing-config FILE|URL    signing_config.json v0.2 naming the services
  --tuf-url URL                a TUF repository distributing both the signing config and the
                               trusted root (signet verify --help: --tuf-root, --tuf-cache)
  --trusted-root FILE|URL      trust root to verify the new bundles against
                               (default: the service's /trusted_root.json)
  --tuf-root FILE              the TUF repository's first root (1.root.json), needed once
  --tuf-cache DIR              where verified TUF metadata is kept

Identity token (first that applies): --identity-token, SIGSTORE_ID_TOKEN, the GitHub Actions
runtime (needs "permissions: id-token: write"), a development service's own issuer.
  --identity-token TOKEN
  --audience AUD               audience asked of GitHub Actions (default: ${DEFAULT_TOKEN_AUDIENCE})

Second signature:
  --kms awskms:///KEY          key id, alias/NAME or ARN in AWS KMS (usual AWS credentials)
  --key FILE                   a PEM EC private key (development)

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)
`;

const OPTIONS = {
  server: { type: 'string' },
  'signing-config': { type: 'string' },
  'trusted-root': { type: 'string' },
  ...TUF_OPTIONS,
  'identity-token': { type: 'string' },
  audience: { type: 'string' },
  kms: { type: 'string' },
  key: { type: 'string' },
  bundle: { type: 'string' },
  'key-bundle': { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Artifacts are read whole (they are hashed and, for local keys, signed as data). */
export const MAX_ARTIFACT_BYTES = 2 ** 31 - 1;

/** One artifact in `signet sign --json` (docs/cli.md). */
export interface SignedArtifact {
  path: string;
  sha256: string;
  bundles: {
    kind: SignedBundle['kind'];
    path: string;
    logEntries: { logIndex: number; baseUrl: string }[];
    timestamps: { time: string; authority: string }[];
    keyHint?: string;
  }[];
}

/** What `signet sign --json` prints. */
export interface SignJson {
  identity: CertificateIdentity | null;
  tokenSource: string;
  key?: string;
  artifacts: SignedArtifact[];
}

export async function signCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('sign', argv, OPTIONS);
  if (flagOption(parsed, 'help')) {
    io.stdout(SIGN_HELP);
    return EXIT.ok;
  }
  exclusive(parsed, 'server', 'signing-config', 'tuf-url');
  exclusive(parsed, 'trusted-root', 'tuf-url');
  const tuf = tufOptions(parsed, io, 'sign');
  exclusive(parsed, 'kms', 'key');
  const files = parsed.positionals;
  if (files.length === 0) throw new CliError('USAGE', 'no files to sign (see: signet sign --help)');
  if (
    files.length > 1 &&
    (parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined)
  ) {
    throw new CliError(
      'USAGE',
      '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir',
    );
  }
  const keyRef = stringOption(parsed, 'kms') ?? stringOption(parsed, 'key');
  if (parsed.values['key-bundle'] !== undefined && keyRef === undefined) {
    throw new CliError('USAGE', '--key-bundle needs --kms or --key');
  }
  const server =
    stringOption(parsed, 'server') ??
    (parsed.values['signing-config'] === undefined && tuf === undefined
      ? io.env.SIGNET_SERVER
      : undefined);
  const signingConfigSource = stringOption(parsed, 'signing-config');
  if (server === undefined && signingConfigSource === undefined && tuf === undefined) {
    throw new CliError(
      'USAGE',
      'say where to sign: --server URL, --signing-config FILE|URL or --tuf-url URL (or set SIGNET_SERVER)',
    );
  }
  const trustSource =
    stringOption(parsed, 'trusted-root') ??
    (server !== undefined ? serverTrustedRoot(server) : siblingTrustedRoot(signingConfigSource));
  if (trustSource === undefined && tuf === undefined) {
    throw new CliError(
      'USAGE',
      'a signing config read from a file needs --trusted-root FILE|URL to verify the new bundles against',
    );
  }

  const artifacts = await Promise.all(files.map(readArtifact));
  let signingConfig: SigningConfig;
  let tufTrust: LoadedTrust | undefined;
  if (tuf !== undefined) {
    // One refresh of the repository's metadata gives both, so they are of one version.
    const { fetchTufTargets } = await import('../tuf-client/client.js');
    const [config, root] = await fetchTufTargets([TUF_SIGNING_CONFIG, TUF_TRUSTED_ROOT], tuf);
    const { bytes, source } = config as { bytes: Buffer; source: string };
    signingConfig = parseSigningConfig(parseJsonDocument(bytes, 'signing config', source), source);
    tufTrust = trustFrom(root?.bytes as Buffer, root?.source as string, undefined);
  } else {
    signingConfig =
      server !== undefined
        ? await fetchSigningConfig(server)
        : await loadSigningConfig(signingConfigSource as string);
  }
  const [token, keySigner, loaded] = await Promise.all([
    identityToken({
      ...(parsed.values['identity-token'] !== undefined && {
        explicit: stringOption(parsed, 'identity-token'),
      }),
      env: io.env,
      ...(parsed.values.audience !== undefined && { audience: stringOption(parsed, 'audience') }),
      ...(signingConfig.oidcUrls[0] !== undefined && {
        developmentIssuer: signingConfig.oidcUrls[0].url,
      }),
    }),
    keyRef !== undefined ? openSigner(keyRef) : Promise.resolve(undefined),
    tufTrust ?? loadTrust(trustSource as string),
  ]);
  if (!parsed.values.json) io.stderr(printed`identity token from ${token.source}\n`);

  const verifier = new Verifier(loaded.trust);
  const dataByPath = new Map(artifacts.map((a) => [a.path, a.data]));
  const verified = new Map<SignedBundle, VerificationResult>();
  const result = await signFiles({
    files: artifacts,
    signingConfig,
    token: token.token,
    kms: keySigner as Signer | undefined,
    onServices: (services) => {
      const warning = server !== undefined ? elsewhere(server, services) : undefined;
      if (warning !== undefined) io.stderr(printed`signet sign: warning: ${warning}\n`);
    },
    verifyBeforeWrite: async (signed) => {
      // No identity pins: this checks that the bundle is whole and trusted; who signed is
      // the deploy-time verifier's question.
      const policy: IdentityPolicy | KeyPolicy =
        signed.kind === 'key' ? { publicKey: (keySigner as Signer).publicKey } : {};
      verified.set(
        signed,
        verifier.verify(signed.bundle, { data: dataByPath.get(signed.path) as Buffer }, policy),
      );
    },
  });

  const outputDir = stringOption(parsed, 'output-dir');
  const outputPath = (signed: SignedBundle): string => {
    const explicit = stringOption(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
    if (explicit !== undefined) return explicit;
    return outputDir !== undefined
      ? join(outputDir, basename(signed.outputPath))
      : signed.outputPath;
  };
  await writeBundlesAtomically(
    result.bundles.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })),
  );

  const identity =
    result.certificateChain?.[0] !== undefined
      ? readIdentity(parseCertificate(result.certificateChain[0]))
      : undefined;
  const summary = artifacts.map((artifact): SignedArtifact => ({
    path: artifact.path,
    sha256: artifact.sha256,
    bundles: result.bundles
      .filter((b) => b.path === artifact.path)
      .map((signed) => {
        const checked = verified.get(signed) as VerificationResult;
        return {
          kind: signed.kind,
          path: outputPath(signed),
          logEntries: checked.tlogEntries.map((e) => ({
            logIndex: e.logIndex,
            baseUrl: e.baseUrl,
          })),
          timestamps: checked.timestamps.map((t) => ({
            time: t.genTime.toISOString(),
            authority: t.tsa,
          })),
          ...(checked.signer.kind === 'publicKey' && { keyHint: checked.signer.hint }),
        };
      }),
  }));
  if (parsed.values.json) {
    const json: SignJson = {
      identity: identity ?? null,
      tokenSource: token.source,
      ...(keySigner && { key: keySigner.ref }),
      artifacts: summary,
    };
    io.stdout(`${printableJson(json)}\n`);
  } else {
    if (identity !== undefined) io.stdout(printed`signed as ${describeIdentity(identity)}\n`);
    for (const artifact of summary) {
      for (const bundle of artifact.bundles) {
        const log = bundle.logEntries.map((e) => `log index ${e.logIndex}`).join(', ');
        io.stdout(
          printed`${artifact.path}: ${bundle.kind} bundle ${bundle.path} (${log}, ${bundle.timestamps[0]?.time ?? 'no timestamp'})\n`,
        );
      }
    }
  }
  return EXIT.ok;
}

/** The SAN and issuer, as people pin them. */
export const describeIdentity = (identity: CertificateIdentity): string =>
  `${identity.san.value} (issuer ${issuerOf(identity) ?? 'unknown'})`;

/**
 * Where the signing config served by `server` sends this run other than to `server`'s origin,
 * as one sentence. The config is authoritative (a CA or log may have a host of its own), but a
 * service whose public URL was never set advertises a default address, where another instance
 * may be the one that answers: the user should see that before a chain error, not after.
 */
function elsewhere(server: string, services: SelectedServices): string | undefined {
  const home = new URL(server).origin;
  const roles = new Map<string, Set<string>>();
  const add = (role: string, url: string): void => {
    const origin = new URL(url).origin;
    if (origin !== home) roles.set(origin, (roles.get(origin) ?? new Set()).add(role));
  };
  add('CA', services.ca.url);
  for (const tlog of services.tlogs) add('transparency log', tlog.url);
  for (const tsa of services.tsas) add('timestamp authority', tsa.url);
  if (roles.size === 0) return undefined;
  const where = [...roles]
    .map(([origin, names]) => `${[...names].join(', ')} at ${origin}`)
    .join('; ');
  return `the signing config served by ${home} sends this signature to another host (${where}); signing there, as it says (if that is not the service you meant, its public URL is wrong)`;
}

/** A signing config served at .../signing_config.json has its trusted root beside it. */
function siblingTrustedRoot(source: string | undefined): string | undefined {
  if (source === undefined || !isUrl(source)) return undefined;
  const url = new URL(source);
  if (!url.pathname.endsWith('/signing_config.json')) return undefined;
  url.pathname = url.pathname.replace(/signing_config\.json$/, 'trusted_root.json');
  return url.toString();
}

async function readArtifact(path: string): Promise<{ path: string; data: Buffer; sha256: string }> {
  const data = await readFileLimited(path, 'artifact', MAX_ARTIFACT_BYTES);
  return { path, data, sha256: createHash('sha256').update(data).digest('hex') };
}
