import { printed } from '../core/text.js';
import { registryCredentials } from '../oci/credentials.js';
import { OciError } from '../oci/error.js';
import {
  type ImageReference,
  formatImageReference,
  isImageReference,
  parseImageReference,
} from '../oci/reference.js';
import { type Registry, openRegistry } from '../oci/registry.js';
import { SignError } from '../sign/error.js';
import { type ResolvedImage, attachBundle, resolveImage } from '../sign/image.js';
import type { SignedStatement } from '../sign/statement.js';
import type { Artifact } from '../verify/verifier.js';
import { type Parsed, flagOption } from './args.js';
import { CliError } from './error.js';
import type { Io } from './io.js';
import {
  type Artifact as FileArtifact,
  type SigningPlan,
  readArtifact,
  signingPlan,
} from './signing.js';

/**
 * What the commands share for images (`oci://` arguments): telling them apart from files, one
 * registry client per host for the run with the credentials CI has for it, the notice that a
 * tag was resolved to the digest that is then used, and (sign, attest) attaching the bundles.
 */

export const IMAGE_OPTIONS = {
  'allow-insecure-registry': { type: 'boolean' },
} as const;

export const IMAGE_HELP = `Images (oci://REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]):
  --allow-insecure-registry    talk plain http to the registry (a local test registry); refused
                               otherwise. Credentials: ~/.docker/config.json ($DOCKER_CONFIG),
                               GITHUB_TOKEN for ghcr.io, CI_REGISTRY_USER/CI_REGISTRY_PASSWORD
                               (or CI_JOB_TOKEN) for $CI_REGISTRY`;

export interface Positionals {
  files: string[];
  images: { text: string; reference: ImageReference }[];
}

/** Splits arguments into files and image references; a malformed reference is a usage error. */
export function splitPositionals(positionals: readonly string[]): Positionals {
  const files: string[] = [];
  const images: Positionals['images'] = [];
  for (const text of positionals) {
    if (!isImageReference(text)) {
      files.push(text);
      continue;
    }
    try {
      images.push({ text, reference: parseImageReference(text) });
    } catch (error) {
      if (!(error instanceof OciError)) throw error;
      throw new CliError('USAGE', error.message, { cause: error });
    }
  }
  return { files, images };
}

/** Opens each registry once per run, looking its credentials up the first time. */
export function registryOpener(io: Io, insecure: boolean): (host: string) => Promise<Registry> {
  const opened = new Map<string, Promise<Registry>>();
  return (host) => {
    let registry = opened.get(host);
    if (registry === undefined) {
      registry = registryCredentials(host, io.env).then((credentials) =>
        openRegistry({ registry: host, insecure, credentials }),
      );
      opened.set(host, registry);
    }
    return registry;
  };
}

/** Says on stderr that a tag stood for a digest, which is what the command goes on with. */
export function noteTag(
  io: Io,
  command: 'sign' | 'attest' | 'verify',
  reference: ImageReference,
  digest: string,
): void {
  const doing = { sign: 'signing', attest: 'attesting', verify: 'verifying' }[command];
  const pinned = formatImageReference(reference, digest);
  io.stderr(
    printed`signet ${command}: warning: tag ${reference.tag} resolved to ${digest}; ${doing} ${pinned} (a tag can move: deploy the digest)\n`,
  );
}

/**
 * What sign and attest settle before any token is asked for or anything is logged: the signing
 * plan checked, the files read, and every image resolved, so that a missing digest or a registry
 * refusing the credentials stops the run first.
 */
export async function gatherSubjects(
  parsed: Parsed,
  io: Io,
  command: 'sign' | 'attest',
  { files, images }: Positionals,
): Promise<{
  plan: SigningPlan;
  artifacts: FileArtifact[];
  /** Each image argument with what it names (several manifests for an index with --recursive). */
  resolved: { text: string; images: ResolvedImage[] }[];
  /** Every image to sign, once. */
  images: ResolvedImage[];
}> {
  const plan = signingPlan(parsed, io, command);
  if (parsed.values['key-bundle'] !== undefined && plan.keyRef === undefined) {
    throw new CliError('USAGE', '--key-bundle needs --kms or --key');
  }
  const artifacts = await Promise.all(files.map(readArtifact));
  const resolved = await resolveImages(images, io, command, {
    insecure: flagOption(parsed, 'allow-insecure-registry'),
    recursive: flagOption(parsed, 'recursive'),
  });
  return { plan, artifacts, resolved, images: uniqueImages(resolved.flatMap((r) => r.images)) };
}

/** The images the arguments name, each resolved once (a tag noted on stderr). */
async function resolveImages(
  images: Positionals['images'],
  io: Io,
  command: 'sign' | 'attest',
  options: { insecure: boolean; recursive: boolean },
): Promise<{ text: string; images: ResolvedImage[] }[]> {
  const openRegistryFor = registryOpener(io, options.insecure);
  return Promise.all(
    images.map(async ({ text, reference }) => ({
      text,
      images: await resolveImage(await openRegistryFor(reference.registry), reference, {
        recursive: options.recursive,
        onTag: (_, digest) => noteTag(io, command, reference, digest),
      }),
    })),
  );
}

/** One image once, however many arguments name it (a tag and its digest, an index twice). */
const uniqueImages = (images: ResolvedImage[]): ResolvedImage[] => [
  ...new Map(images.map((image) => [image.name, image])).values(),
];

/** What a new image bundle is verified for before it is attached: the manifest digest. */
export const imageArtifact = (image: ResolvedImage): Artifact => ({
  digest: {
    algorithm: 'sha256',
    value: Buffer.from(image.subject.digest.slice('sha256:'.length), 'hex'),
  },
});

/**
 * Attaches every image bundle, all at once (the referrers layer orders writers of one index),
 * and returns each one's referrer (`oci://host/repo@sha256:…`). Registries cannot take a set
 * of manifests atomically, so a failure names what is attached already: running again attaches
 * the rest, and verify finds all of them.
 */
export async function attachAll(
  images: ResolvedImage[],
  bundles: SignedStatement[],
): Promise<Map<SignedStatement, string>> {
  const outcomes = await Promise.allSettled(
    bundles.map(async (signed) => {
      const image = images.find((i) => i.name === signed.name) as ResolvedImage;
      const referrer = await attachBundle(image, signed);
      return image.name.replace(/@sha256:[0-9a-f]{64}$/, `@${referrer.digest}`);
    }),
  );
  const attached = new Map<SignedStatement, string>();
  const failed: string[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    const signed = bundles[i] as SignedStatement;
    if (outcome.status === 'fulfilled') attached.set(signed, outcome.value);
    else
      failed.push(`${signed.kind} bundle of ${signed.name}: ${(outcome.reason as Error).message}`);
  }
  if (failed.length > 0) {
    const done = [...attached].map(([s, where]) => `${s.kind} bundle of ${s.name} as ${where}`);
    throw new SignError(
      'ATTACH_FAILED',
      `attaching to the registry failed (no file bundle was written): ${failed.join('; ')}${done.length > 0 ? `; attached before the failure: ${done.join('; ')}` : ''}`,
      { cause: (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason },
    );
  }
  return attached;
}
