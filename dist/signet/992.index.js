export const id = 992;
export const ids = [992];
export const modules = {

/***/ 7992:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SIGN_HELP: () => (/* binding */ SIGN_HELP),
  signCommand: () => (/* binding */ signCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/src/ca/extensions.js + 1 modules
var extensions = __webpack_require__(2077);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(3317);
// EXTERNAL MODULE: ./build/src/sign/image.js
var sign_image = __webpack_require__(7510);
// EXTERNAL MODULE: ./build/src/core/base64.js
var base64 = __webpack_require__(8554);
// EXTERNAL MODULE: ./build/src/sign/run.js + 4 modules
var run = __webpack_require__(4814);
// EXTERNAL MODULE: ./build/src/sign/error.js
var error = __webpack_require__(5409);
;// CONCATENATED MODULE: ./build/src/sign/sign.js



const bundlePath = (path, kind) => kind === 'keyless' ? `${path}.sigstore.json` : `${path}.kms.sigstore.json`;
async function signFiles(options) {
    const { files } = options;
    if (files.length === 0)
        throw new error/* SignError */.u('OPTIONS_INVALID', 'no files to sign');
    return (0,run/* signRun */.dG)(files.map((file) => ({
        name: file.path,
        signed: file.data,
        content: (signature, messageDigest) => ({
            messageSignature: { messageDigest, signature: (0,base64/* toBase64 */.n)(signature) },
        }),
    })), options, (index, kind, bundle) => {
        const { path } = files[index];
        return { path, kind, outputPath: bundlePath(path, kind), bundle };
    });
}
//# sourceMappingURL=sign.js.map
// EXTERNAL MODULE: ./build/src/sign/statement.js
var statement = __webpack_require__(2038);
// EXTERNAL MODULE: ./build/src/sign/write.js
var write = __webpack_require__(8276);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(2711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var cli_error = __webpack_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/image.js + 1 modules
var cli_image = __webpack_require__(8827);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __webpack_require__(8510);
// EXTERNAL MODULE: ./build/src/cli/signing.js + 2 modules
var signing = __webpack_require__(8465);
;// CONCATENATED MODULE: ./build/src/cli/sign.js













const SIGN_HELP = `Usage: signet sign [options] FILE|oci://IMAGE...

Signs each FILE keyless (a short-lived certificate for this CI job's OIDC identity) and, with
--kms or --key, also with a long-lived key. Every signature is timestamped and logged, and every
bundle is verified before anything is written: all bundles are written, or none.

An image (oci://REGISTRY/REPOSITORY@sha256:DIGEST, or :TAG, resolved once to the digest it
names now) is signed as cosign v3 signs it: an in-toto statement about the manifest digest,
attached to the image as an OCI 1.1 referrer holding the bundle, one per signature.

${signing/* SIGNING_HELP */.Sj}

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)

${cli_image/* IMAGE_HELP */.eO}
  --recursive                  for an index (multi-platform image), sign each platform's
                               manifest too
`;
const OPTIONS = {
    ...signing/* SIGNING_OPTIONS */.FQ,
    bundle: { type: 'string' },
    'key-bundle': { type: 'string' },
    'output-dir': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    recursive: { type: 'boolean' },
    ...cli_image/* IMAGE_OPTIONS */.bO,
};
async function signCommand(argv, io) {
    const parsed = (0,args/* parseCommandLine */.Du)('sign', argv, OPTIONS);
    if ((0,args/* flagOption */.kY)(parsed, 'help')) {
        io.stdout(SIGN_HELP);
        return cli_io/* EXIT */.d.ok;
    }
    const { files, images } = (0,cli_image/* splitPositionals */.Wn)(parsed.positionals);
    if (files.length === 0 && images.length === 0) {
        throw new cli_error/* CliError */.z('USAGE', 'no files or images to sign (see: signet sign --help)');
    }
    if ((parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined) &&
        files.length !== 1) {
        throw new cli_error/* CliError */.z('USAGE', files.length === 0
            ? "--bundle and --key-bundle name a file's bundles: an image's bundles go to its registry"
            : '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir');
    }
    if (files.length === 0 && parsed.values['output-dir'] !== undefined) {
        throw new cli_error/* CliError */.z('USAGE', "--output-dir is where file bundles go: an image's bundles go to its registry");
    }
    if (images.length === 0) {
        for (const flag of ['recursive', 'allow-insecure-registry']) {
            if (parsed.values[flag] !== undefined) {
                throw new cli_error/* CliError */.z('USAGE', `--${flag} applies to images (oci://...), and none is given`);
            }
        }
    }
    const { plan, artifacts, resolved, images: toSign, } = await (0,cli_image/* gatherSubjects */.H2)(parsed, io, 'sign', {
        files,
        images,
    });
    const { signingConfig, token, keySigner, verifier, onServices } = await (0,signing/* openSigning */.Ou)(plan, parsed, io, (0,args/* flagOption */.kY)(parsed, 'json'));
    const dataByPath = new Map(artifacts.map((a) => [a.path, a.data]));
    const verified = new Map();
    // No identity pins: this checks that the bundle is whole and trusted; who signed is
    // the deploy-time verifier's question.
    const policyFor = (kind) => kind === 'key' ? { publicKey: keySigner.publicKey } : {};
    // Both runs choose the same services from one config: say where they go once.
    let told = false;
    const common = {
        signingConfig,
        token: token.token,
        kms: keySigner,
        onServices: (services) => {
            if (!told)
                onServices(services);
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
                    const data = dataByPath.get(signed.path);
                    verified.set(signed, verifier.verify(signed.bundle, { data }, policyFor(signed.kind)));
                },
            })
            : undefined,
        toSign.length > 0
            ? (0,statement/* signStatements */.K)({
                ...common,
                statements: toSign.map((image) => ({
                    name: image.name,
                    statement: (0,sign_image/* imageSignatureStatement */.l6)(image.subject.digest),
                })),
                verifyBeforeWrite: async (signed) => {
                    const image = toSign.find((i) => i.name === signed.name);
                    verified.set(signed, verifier.verify(signed.bundle, (0,cli_image/* imageArtifact */.UZ)(image), policyFor(signed.kind)));
                },
            })
            : undefined,
    ]);
    // The registry first: a refusal there leaves no file bundle behind either.
    const attached = imageResult !== undefined ? await (0,cli_image/* attachAll */.ny)(toSign, imageResult.bundles) : new Map();
    const outputDir = (0,args/* stringOption */.Pp)(parsed, 'output-dir');
    const outputPath = (signed) => {
        const explicit = (0,args/* stringOption */.Pp)(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
        if (explicit !== undefined)
            return explicit;
        return outputDir !== undefined
            ? (0,external_node_path_.join)(outputDir, (0,external_node_path_.basename)(signed.outputPath))
            : signed.outputPath;
    };
    if (result !== undefined) {
        await (0,write/* writeBundlesAtomically */.U)(result.bundles.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })));
    }
    const chain = result?.certificateChain ?? imageResult?.certificateChain;
    const identity = chain?.[0] !== undefined ? (0,extensions/* readIdentity */.xN)((0,x509/* parseCertificate */.hB)(chain[0])) : undefined;
    const facts = (signed, path) => ({
        kind: signed.kind,
        path,
        ...(0,signing/* bundleFacts */._8)(verified.get(signed)),
    });
    const summary = [
        ...artifacts.map((artifact) => ({
            path: artifact.path,
            sha256: artifact.sha256,
            bundles: (result?.bundles ?? [])
                .filter((b) => b.path === artifact.path)
                .map((signed) => facts(signed, outputPath(signed))),
        })),
        ...resolved.flatMap(({ text, images: named }) => named.map((image) => ({
            path: image.name,
            sha256: image.subject.digest.slice('sha256:'.length),
            image: { reference: text, digest: image.subject.digest },
            bundles: (imageResult?.bundles ?? [])
                .filter((b) => b.name === image.name)
                .map((signed) => facts(signed, attached.get(signed))),
        }))),
    ];
    if (parsed.values.json) {
        const json = {
            identity: identity ?? null,
            tokenSource: token.source,
            ...(keySigner && { key: keySigner.ref }),
            artifacts: summary,
        };
        io.stdout(`${(0,core_text/* printableJson */.et)(json)}\n`);
    }
    else {
        if (identity !== undefined)
            io.stdout((0,core_text/* printed */.zd) `signed as ${(0,signing/* describeIdentity */.Cl)(identity)}\n`);
        for (const artifact of summary) {
            for (const bundle of artifact.bundles) {
                const where = artifact.image !== undefined ? `attached as ${bundle.path}` : bundle.path;
                io.stdout((0,core_text/* printed */.zd) `${artifact.path}: ${bundle.kind} bundle ${where} (${(0,signing/* describeFacts */.Lm)(bundle)})\n`);
            }
        }
    }
    return cli_io/* EXIT */.d.ok;
}
//# sourceMappingURL=sign.js.map

/***/ })

};
