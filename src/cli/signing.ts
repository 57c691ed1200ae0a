import { createHash } from 'node:crypto';
import type { CertificateIdentity } from '../ca/extensions.js';
import {
  type SelectedServices,
  type SigningConfig,
  fetchSigningConfig,
  loadSigningConfig,
  parseSigningConfig,
} from '../bundle/signing-config.js';
import { isUrl, parseJsonDocument, readFileLimited } from '../core/document.js';
import { printed } from '../core/text.js';
import { type Signer, openSigner } from '../kms/signer.js';
import { DEFAULT_TOKEN_AUDIENCE, type IdentityToken, identityToken } from '../oidc/sources.js';
import type { TufOptions } from '../tuf-client/client.js';
import { issuerOf } from '../verify/policy.js';
import { type VerificationResult, Verifier } from '../verify/verifier.js';
import { type Parsed, exclusive, stringOption } from './args.js';
import { CliError } from './error.js';
import type { Io } from './io.js';
import {
  type LoadedTrust,
  TUF_OPTIONS,
  TUF_TRUSTED_ROOT,
  loadTrust,
  serverTrustedRoot,
  trustFrom,
  tufOptions,
} from './trust.js';

/**
 * What every signing command (`signet sign`, `signet attest`) takes and does alike: where to
 * sign, the identity token, the second signature's key, and the trust root the new bundles
 * are verified against before they are written.
 */

/** The TUF target that is the signing config (v0.2), as public-good names it. */
export const TUF_SIGNING_CONFIG = 'signing_config.v0.2.json';

export const SIGNING_OPTIONS = {
  server: { type: 'string' },
  'signing-config': { type: 'string' },
  'trusted-root': { type: 'string' },
  ...TUF_OPTIONS,
  'identity-token': { type: 'string' },
  audience: { type: 'string' },
  kms: { type: 'string' },
  key: { type: 'string' },
} as const;

export const SIGNING_HELP = `Where to sign (one of; SIGNET_SERVER is read when none is given):
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
  --key FILE                   a PEM EC private key (development)`;

/** The signing options, checked; nothing is fetched yet. */
export interface SigningPlan {
  command: string;
  server: string | undefined;
  signingConfigSource: string | undefined;
  tuf: TufOptions | undefined;
  trustSource: string | undefined;
  keyRef: string | undefined;
}

/** Checks the signing options of `command` before any file is read or service contacted. */
export function signingPlan(parsed: Parsed, io: Io, command: string): SigningPlan {
  exclusive(parsed, 'server', 'signing-config', 'tuf-url');
  exclusive(parsed, 'trusted-root', 'tuf-url');
  const tuf = tufOptions(parsed, io, command);
  exclusive(parsed, 'kms', 'key');
  const keyRef = stringOption(parsed, 'kms') ?? stringOption(parsed, 'key');
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
  return { command, server, signingConfigSource, tuf, trustSource, keyRef };
}

/** Everything a signing run needs, fetched and opened. */
export interface Signing {
  signingConfig: SigningConfig;
  token: IdentityToken;
  keySigner: Signer | undefined;
  trust: LoadedTrust;
  /** Verifies the new bundles before they are written (no identity pins: see below). */
  verifier: Verifier;
  /** For the run's onServices: warns when the config sends the signature elsewhere. */
  onServices: (services: SelectedServices) => void;
}

export async function openSigning(
  plan: SigningPlan,
  parsed: Parsed,
  io: Io,
  quiet: boolean,
): Promise<Signing> {
  const { server, tuf } = plan;
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
        : await loadSigningConfig(plan.signingConfigSource as string);
  }
  const [token, keySigner, trust] = await Promise.all([
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
    plan.keyRef !== undefined ? openSigner(plan.keyRef) : Promise.resolve(undefined),
    tufTrust ?? loadTrust(plan.trustSource as string),
  ]);
  if (!quiet) io.stderr(printed`identity token from ${token.source}\n`);
  return {
    signingConfig,
    token,
    keySigner,
    trust,
    verifier: new Verifier(trust.trust),
    onServices: (services) => {
      const warning = server !== undefined ? elsewhere(server, services) : undefined;
      if (warning !== undefined) io.stderr(printed`signet ${plan.command}: warning: ${warning}\n`);
    },
  };
}

/** What `--json` shows of a new bundle, from its verification before it was written. */
export interface BundleFacts {
  logEntries: { logIndex: number; baseUrl: string }[];
  timestamps: { time: string; authority: string }[];
  keyHint?: string;
}

export const bundleFacts = (checked: VerificationResult): BundleFacts => ({
  logEntries: checked.tlogEntries.map((e) => ({ logIndex: e.logIndex, baseUrl: e.baseUrl })),
  timestamps: checked.timestamps.map((t) => ({ time: t.genTime.toISOString(), authority: t.tsa })),
  ...(checked.signer.kind === 'publicKey' && { keyHint: checked.signer.hint }),
});

/** "log index 12, 2026-12-05T04:50:00.000Z", for the human-readable lines. */
export const describeFacts = (facts: BundleFacts): string =>
  `${facts.logEntries.map((e) => `log index ${e.logIndex}`).join(', ')}, ${facts.timestamps[0]?.time ?? 'no timestamp'}`;

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

/** Artifacts are read whole (they are hashed and, for local keys, signed as data). */
export const MAX_ARTIFACT_BYTES = 2 ** 31 - 1;

export interface Artifact {
  path: string;
  data: Buffer;
  sha256: string;
}

export async function readArtifact(path: string): Promise<Artifact> {
  const data = await readFileLimited(path, 'artifact', MAX_ARTIFACT_BYTES);
  return { path, data, sha256: createHash('sha256').update(data).digest('hex') };
}

/** The SAN and issuer, as people pin them. */
export const describeIdentity = (identity: CertificateIdentity): string =>
  `${identity.san.value} (issuer ${issuerOf(identity) ?? 'unknown'})`;
