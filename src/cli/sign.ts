import { basename, join } from 'node:path';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity } from '../ca/extensions.js';
import { printableJson, printed } from '../core/text.js';
import { parseCertificate } from '../core/x509.js';
import type { Signer } from '../kms/signer.js';
import { imageSignatureStatement } from '../sign/image.js';
import type { BundleKind } from '../sign/run.js';
import { type SignedBundle, signFiles } from '../sign/sign.js';
import { type SignedStatement, signStatements } from '../sign/statement.js';
import { writeBundlesAtomically } from '../sign/write.js';
import type { KeyPolicy, VerificationResult } from '../verify/verifier.js';
import type { IdentityPolicy } from '../verify/policy.js';
import { flagOption, parseCommandLine, stringOption } from './args.js';
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
import {
  type BundleFacts,
  SIGNING_HELP,
  SIGNING_OPTIONS,
  bundleFacts,
  describeFacts,
  describeIdentity,
  openSigning,
} from './signing.js';

export const SIGN_HELP = `Usage: signet sign [options] FILE|oci://IMAGE...

Signs each FILE keyless (a short-lived certificate for this CI job's OIDC identity) and, with
--kms or --key, also with a long-lived key. Every signature is timestamped and logged, and every
bundle is verified before anything is written: all bundles are written, or none.

An image (oci://REGISTRY/REPOSITORY@sha256:DIGEST, or :TAG, resolved once to the digest it
names now) is signed as cosign v3 signs it: an in-toto statement about the manifest digest,
attached to the image as an OCI 1.1 referrer holding the bundle, one per signature.

${SIGNING_HELP}

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)

${IMAGE_HELP}
  --recursive                  for an index (multi-platform image), sign each platform's
                               manifest too
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  bundle: { type: 'string' },
  'key-bundle': { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  recursive: { type: 'boolean' },
  ...IMAGE_OPTIONS,
} as const;

/** One artifact in `signet sign --json` (docs/cli.md). */
export interface SignedArtifact {
  /** The file, or the image as `oci://host/repo@sha256:…`. */
  path: string;
  sha256: string;
  /** For an image: the reference as given and the digest signed. */
  image?: { reference: string; digest: string };
  /** `path`: the bundle file, or for an image the referrer `oci://host/repo@sha256:…`. */
  bundles: ({ kind: BundleKind; path: string } & BundleFacts)[];
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
  const { files, images } = splitPositionals(parsed.positionals);
  if (files.length === 0 && images.length === 0) {
    throw new CliError('USAGE', 'no files or images to sign (see: signet sign --help)');
  }
  if (
    (parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined) &&
    files.length !== 1
  ) {
    throw new CliError(
      'USAGE',
      files.length === 0
        ? "--bundle and --key-bundle name a file's bundles: an image's bundles go to its registry"
        : '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir',
    );
  }
  if (files.length === 0 && parsed.values['output-dir'] !== undefined) {
    throw new CliError(
      'USAGE',
      "--output-dir is where file bundles go: an image's bundles go to its registry",
    );
  }
  if (images.length === 0) {
    for (const flag of ['recursive', 'allow-insecure-registry']) {
      if (parsed.values[flag] !== undefined) {
        throw new CliError('USAGE', `--${flag} applies to images (oci://...), and none is given`);
      }
    }
  }
  const {
    plan,
    artifacts,
    resolved,
    images: toSign,
  } = await gatherSubjects(parsed, io, 'sign', {
    files,
    images,
  });
  const { signingConfig, token, keySigner, verifier, onServices } = await openSigning(
    plan,
    parsed,
    io,
    flagOption(parsed, 'json'),
  );
  const dataByPath = new Map(artifacts.map((a) => [a.path, a.data]));
  const verified = new Map<SignedBundle | SignedStatement, VerificationResult>();
  // No identity pins: this checks that the bundle is whole and trusted; who signed is
  // the deploy-time verifier's question.
  const policyFor = (kind: BundleKind): IdentityPolicy | KeyPolicy =>
    kind === 'key' ? { publicKey: (keySigner as Signer).publicKey } : {};
  // Both runs choose the same services from one config: say where they go once.
  let told = false;
  const common = {
    signingConfig,
    token: token.token,
    kms: keySigner,
    onServices: (services: Parameters<typeof onServices>[0]) => {
      if (!told) onServices(services);
      told = true;
    },
  };
  // Files and images are two runs (a certificate each), signed side by side.
  const [result, imageResult] = await Promise.all([
    artifacts.length > 0
      ? signFiles({
          ...common,
          files: artifacts,
          verifyBeforeWrite: async (signed) => {
            const data = dataByPath.get(signed.path) as Buffer;
            verified.set(signed, verifier.verify(signed.bundle, { data }, policyFor(signed.kind)));
          },
        })
      : undefined,
    toSign.length > 0
      ? signStatements({
          ...common,
          statements: toSign.map((image) => ({
            name: image.name,
            statement: imageSignatureStatement(image.subject.digest),
          })),
          verifyBeforeWrite: async (signed) => {
            const image = toSign.find((i) => i.name === signed.name);
            verified.set(
              signed,
              verifier.verify(
                signed.bundle,
                imageArtifact(image as (typeof toSign)[number]),
                policyFor(signed.kind),
              ),
            );
          },
        })
      : undefined,
  ]);
  // The registry first: a refusal there leaves no file bundle behind either.
  const attached =
    imageResult !== undefined ? await attachAll(toSign, imageResult.bundles) : new Map();

  const outputDir = stringOption(parsed, 'output-dir');
  const outputPath = (signed: SignedBundle): string => {
    const explicit = stringOption(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
    if (explicit !== undefined) return explicit;
    return outputDir !== undefined
      ? join(outputDir, basename(signed.outputPath))
      : signed.outputPath;
  };
  if (result !== undefined) {
    await writeBundlesAtomically(
      result.bundles.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })),
    );
  }

  const chain = result?.certificateChain ?? imageResult?.certificateChain;
  const identity = chain?.[0] !== undefined ? readIdentity(parseCertificate(chain[0])) : undefined;
  const facts = (signed: SignedBundle | SignedStatement, path: string) => ({
    kind: signed.kind,
    path,
    ...bundleFacts(verified.get(signed) as VerificationResult),
  });
  const summary = [
    ...artifacts.map((artifact): SignedArtifact => ({
      path: artifact.path,
      sha256: artifact.sha256,
      bundles: (result?.bundles ?? [])
        .filter((b) => b.path === artifact.path)
        .map((signed) => facts(signed, outputPath(signed))),
    })),
    ...resolved.flatMap(({ text, images: named }) =>
      named.map((image): SignedArtifact => ({
        path: image.name,
        sha256: image.subject.digest.slice('sha256:'.length),
        image: { reference: text, digest: image.subject.digest },
        bundles: (imageResult?.bundles ?? [])
          .filter((b) => b.name === image.name)
          .map((signed) => facts(signed, attached.get(signed) as string)),
      })),
    ),
  ];
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
        const where = artifact.image !== undefined ? `attached as ${bundle.path}` : bundle.path;
        io.stdout(
          printed`${artifact.path}: ${bundle.kind} bundle ${where} (${describeFacts(bundle)})\n`,
        );
      }
    }
  }
  return EXIT.ok;
}
