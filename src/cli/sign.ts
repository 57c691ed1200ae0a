import { basename, join } from 'node:path';
import { readIdentity } from '../ca/extensions.js';
import type { CertificateIdentity } from '../ca/extensions.js';
import { printableJson, printed } from '../core/text.js';
import { parseCertificate } from '../core/x509.js';
import type { Signer } from '../kms/signer.js';
import { type SignedBundle, signFiles } from '../sign/sign.js';
import { writeBundlesAtomically } from '../sign/write.js';
import type { KeyPolicy, VerificationResult } from '../verify/verifier.js';
import type { IdentityPolicy } from '../verify/policy.js';
import { flagOption, parseCommandLine, stringOption } from './args.js';
import { CliError } from './error.js';
import { EXIT, type Io } from './io.js';
import {
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

export const SIGN_HELP = `Usage: signet sign [options] FILE...

Signs each FILE keyless (a short-lived certificate for this CI job's OIDC identity) and, with
--kms or --key, also with a long-lived key. Every signature is timestamped and logged, and every
bundle is verified before anything is written: all bundles are written, or none.

${SIGNING_HELP}

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  bundle: { type: 'string' },
  'key-bundle': { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One artifact in `signet sign --json` (docs/cli.md). */
export interface SignedArtifact {
  path: string;
  sha256: string;
  bundles: ({ kind: SignedBundle['kind']; path: string } & BundleFacts)[];
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
  const plan = signingPlan(parsed, io, 'sign');
  if (parsed.values['key-bundle'] !== undefined && plan.keyRef === undefined) {
    throw new CliError('USAGE', '--key-bundle needs --kms or --key');
  }

  const artifacts = await Promise.all(files.map(readArtifact));
  const { signingConfig, token, keySigner, verifier, onServices } = await openSigning(
    plan,
    parsed,
    io,
    flagOption(parsed, 'json'),
  );
  const dataByPath = new Map(artifacts.map((a) => [a.path, a.data]));
  const verified = new Map<SignedBundle, VerificationResult>();
  const result = await signFiles({
    files: artifacts,
    signingConfig,
    token: token.token,
    kms: keySigner,
    onServices,
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
        return {
          kind: signed.kind,
          path: outputPath(signed),
          ...bundleFacts(verified.get(signed) as VerificationResult),
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
        io.stdout(
          printed`${artifact.path}: ${bundle.kind} bundle ${bundle.path} (${describeFacts(bundle)})\n`,
        );
      }
    }
  }
  return EXIT.ok;
}
