export const id = 705;
export const ids = [705];
export const modules = {

/***/ 9705:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_BUNDLE_BYTES: () => (/* binding */ MAX_BUNDLE_BYTES),
  VERIFY_HELP: () => (/* binding */ VERIFY_HELP),
  verifyCommand: () => (/* binding */ verifyCommand)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/src/ca/extensions.js + 1 modules
var extensions = __webpack_require__(2077);
// EXTERNAL MODULE: ./build/src/bundle/parse.js
var parse = __webpack_require__(6981);
// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(9096);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __webpack_require__(279);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(3317);
// EXTERNAL MODULE: ./build/src/policy/error.js
var policy_error = __webpack_require__(390);
// EXTERNAL MODULE: ./build/src/policy/pins.js
var policy_pins = __webpack_require__(434);
// EXTERNAL MODULE: ./build/src/policy/policy.js
var policy_policy = __webpack_require__(728);
// EXTERNAL MODULE: ./build/src/verify/policy.js
var verify_policy = __webpack_require__(1345);
// EXTERNAL MODULE: ./build/src/bundle/intoto.js
var intoto = __webpack_require__(4347);
// EXTERNAL MODULE: ./build/src/oci/reference.js
var oci_reference = __webpack_require__(4974);
// EXTERNAL MODULE: ./build/src/verify/error.js
var verify_error = __webpack_require__(4005);
// EXTERNAL MODULE: ./build/src/oci/error.js
var oci_error = __webpack_require__(1761);
// EXTERNAL MODULE: ./build/src/oci/referrers.js
var oci_referrers = __webpack_require__(4687);
;// CONCATENATED MODULE: ./build/src/verify/image.js





/**
 * The Sigstore bundles attached to an image, found as cosign v3's `verify` finds them
 * (pkg/cosign/verify.go GetBundles, pkg/oci/remote/signatures.go Bundle): every referrer of the
 * digest, by the referrers API or the fallback tag; of those, the ones whose artifact type is a
 * Sigstore bundle, whose manifest has this digest as its subject and exactly one bundle layer.
 * Other referrers (SBOMs, other tools' artifacts) are not this verifier's business and are
 * skipped. Which bundle satisfies a required signature is then decided by verifying it: its
 * statement must name the digest, whatever the registry's index or annotations claim.
 */
/** Bundles are a few KiB; an attestation with a large predicate, a few MiB at most. */
const MAX_ATTACHED_BUNDLE_BYTES = 16 * 1024 * 1024;
/** Bundle referrers of one image read at most (each is a manifest and a blob fetched). */
const MAX_ATTACHED_BUNDLES = 64;
const BUNDLE_TYPE_PREFIX = 'application/vnd.dev.sigstore.bundle';
const referrerName = (image, digest) => image.name.replace(/@sha256:[0-9a-f]{64}$/, `@${digest}`);
async function fetchAttachedBundles(image) {
    const referrers = (await (0,oci_referrers/* listReferrers */.xt)(image.registry, image.repository, image.digest)).filter((d) => d.artifactType?.startsWith(BUNDLE_TYPE_PREFIX) === true);
    if (referrers.length > MAX_ATTACHED_BUNDLES) {
        throw new verify_error/* VerifyError */.G('BUNDLE_INVALID', `${image.name} has ${referrers.length} Sigstore bundles attached, more than the ${MAX_ATTACHED_BUNDLES} read`, { check: 'image bundles' });
    }
    const read = await Promise.all(referrers.map((d) => readReferrer(image, d)));
    return {
        bundles: read.filter((r) => 'json' in r),
        unusable: read.filter((r) => 'problem' in r),
    };
}
async function readReferrer(image, descriptor) {
    const source = referrerName(image, descriptor.digest);
    const unusable = (problem) => ({ source, problem });
    let manifest;
    try {
        manifest = await image.registry.resolve(image.repository, descriptor.digest);
    }
    catch (error) {
        if (error instanceof oci_error/* OciError */.M && error.code === 'NOT_FOUND') {
            return unusable('listed as a referrer, but the registry does not have it');
        }
        throw error;
    }
    const subject = manifest.json.subject?.digest;
    if (subject !== image.digest) {
        return unusable(`its subject is ${String(subject)}, not ${image.digest}`);
    }
    const layers = Array.isArray(manifest.json.layers) ? manifest.json.layers : [];
    const layer = layers[0];
    if (layers.length !== 1 ||
        typeof layer?.mediaType !== 'string' ||
        !layer.mediaType.startsWith(BUNDLE_TYPE_PREFIX) ||
        typeof layer.digest !== 'string' ||
        typeof layer.size !== 'number') {
        return unusable('it does not hold exactly one Sigstore bundle layer');
    }
    const bytes = await image.registry.fetchBlob(image.repository, layer, MAX_ATTACHED_BUNDLE_BYTES);
    let json;
    let bundle;
    try {
        json = JSON.parse(bytes.toString('utf8'));
        bundle = (0,parse/* parseBundle */.QN)(json);
    }
    catch (error) {
        if (!(error instanceof SyntaxError || error instanceof parse/* BundleError */.rJ))
            throw error;
        return unusable(`its bundle is unreadable: ${error.message}`);
    }
    const found = {
        source,
        json,
        kind: bundle.signer.kind === 'certificate' ? 'keyless' : 'key',
    };
    const { content } = bundle;
    if (content.kind === 'dsseEnvelope' && content.payloadType === intoto/* IN_TOTO_PAYLOAD_TYPE */.T4) {
        try {
            const type = JSON.parse(content.payload.toString('utf8'))
                .predicateType;
            if (typeof type === 'string')
                found.predicateType = type;
        }
        catch {
            // Left without a type: it cannot be what a requirement asks for.
        }
    }
    return found;
}
/**
 * The first of the image's bundles of the wanted kind and predicate type that `verify`
 * accepts. None attached is BUNDLE_MISSING; when all fail, the first one's failure is thrown,
 * naming its referrer, and a bundle whose statement is about another digest says so plainly.
 */
function verifyAttached(image, attached, wanted, verify) {
    const candidates = attached.bundles.filter((b) => b.kind === wanted.kind && b.predicateType === wanted.predicateType);
    if (candidates.length === 0) {
        const others = [
            ...attached.bundles.map((b) => `${b.source}: a ${b.kind} bundle of ${b.predicateType ?? 'no in-toto statement'}`),
            ...attached.unusable.map((u) => `${u.source}: ${u.problem}`),
        ];
        throw new verify_error/* VerifyError */.G('BUNDLE_MISSING', `no ${wanted.kind} ${wanted.what} (${wanted.predicateType}) is attached to ${image.name}${others.length > 0 ? `; attached: ${others.join('; ')}` : ''}`, {
            check: 'image bundles',
            expected: `a ${wanted.kind} bundle of ${wanted.predicateType}`,
            actual: others.length > 0 ? `${others.length} other referrers` : 'no Sigstore bundles',
        });
    }
    const failures = [];
    for (const candidate of candidates) {
        try {
            return { source: candidate.source, result: verify(candidate.json) };
        }
        catch (error) {
            if (!(error instanceof verify_error/* VerifyError */.G))
                throw error;
            failures.push(attachmentError(image, candidate, error));
        }
    }
    const first = failures[0];
    if (failures.length === 1)
        throw first;
    throw new verify_error/* VerifyError */.G(first.code, `${first.message} (and ${failures.length - 1} more ${wanted.kind} bundles of ${wanted.predicateType} attached, none verified)`, {
        check: first.check,
        ...(first.expected !== undefined && { expected: first.expected }),
        ...(first.actual !== undefined && { actual: first.actual }),
        cause: first,
    });
}
function attachmentError(image, candidate, error) {
    const message = error.code === 'ARTIFACT_MISMATCH'
        ? `the ${candidate.kind} bundle attached as ${candidate.source} is for another image: its statement's subject is ${error.expected ?? 'another digest'}, not ${image.digest}; it was attached to the wrong image`
        : `${candidate.source}: ${error.message}`;
    return new verify_error/* VerifyError */.G(error.code, message, {
        check: error.check,
        ...(error.expected !== undefined && { expected: error.expected }),
        ...(error.actual !== undefined && { actual: error.actual }),
        cause: error,
    });
}
//# sourceMappingURL=image.js.map
// EXTERNAL MODULE: ./build/src/verify/verifier.js + 10 modules
var verify_verifier = __webpack_require__(6241);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(2711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var cli_error = __webpack_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/image.js + 1 modules
var cli_image = __webpack_require__(8827);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __webpack_require__(8510);
// EXTERNAL MODULE: ./build/src/cli/trust.js
var trust = __webpack_require__(5978);
;// CONCATENATED MODULE: ./build/src/cli/verify.js





















/** A bundle is a few KiB (a DSSE envelope with a large attestation, a few MiB at most). */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
const pinHelp = policy_pins/* PIN_NAMES */.LI.map((name) => `${`  --${(0,policy_pins/* pinFlag */.gU)(name)} VALUE`.padEnd(30)} ${policy_pins/* PINS */.$x[name].description}`).join('\n');
const VERIFY_HELP = `Usage: signet verify [options] ARTIFACT...

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

${cli_image/* IMAGE_HELP */.eO}
`;
const REGEXP_SUFFIX = '-regexp';
const CERTIFICATE_PINS = ['certificate-identity', 'certificate-oidc-issuer'];
const PIN_FLAGS = [...CERTIFICATE_PINS, ...policy_pins/* PIN_NAMES */.LI.map(policy_pins/* pinFlag */.gU), 'claim'];
const OPTIONS = {
    'trusted-root': { type: 'string' },
    server: { type: 'string' },
    ...trust/* TUF_OPTIONS */.Lv,
    policy: { type: 'string' },
    bundle: { type: 'string' },
    key: { type: 'string' },
    type: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...cli_image/* IMAGE_OPTIONS */.bO,
    ...Object.fromEntries(PIN_FLAGS.flatMap((flag) => [
        [flag, { type: 'string', multiple: flag === 'claim' }],
        [`${flag}${REGEXP_SUFFIX}`, { type: 'string', multiple: flag === 'claim' }],
    ])),
};
async function verifyCommand(argv, io) {
    const parsed = (0,args/* parseCommandLine */.Du)('verify', argv, OPTIONS);
    if ((0,args/* flagOption */.kY)(parsed, 'help')) {
        io.stdout(VERIFY_HELP);
        return cli_io/* EXIT */.d.ok;
    }
    (0,args/* exclusive */.jC)(parsed, 'trusted-root', 'server', 'tuf-url');
    const tuf = (0,trust/* tufOptions */.cw)(parsed, io, 'verify');
    if (parsed.positionals.length === 0) {
        throw new cli_error/* CliError */.z('USAGE', 'no artifact to verify (see: signet verify --help)');
    }
    const { images } = (0,cli_image/* splitPositionals */.Wn)(parsed.positionals);
    if (images.length > 0 && parsed.values.bundle !== undefined) {
        throw new cli_error/* CliError */.z('USAGE', "--bundle names a bundle file; an image's bundles are found in its registry");
    }
    if (images.length === 0 && parsed.values['allow-insecure-registry'] !== undefined) {
        throw new cli_error/* CliError */.z('USAGE', '--allow-insecure-registry applies to images (oci://...), and none is given');
    }
    const policy = await requirements(parsed);
    if (parsed.values.bundle !== undefined) {
        if (parsed.positionals.length > 1) {
            throw new cli_error/* CliError */.z('USAGE', '--bundle names one bundle: give one ARTIFACT (bundles default to ARTIFACT.sigstore.json)');
        }
        if (policy.signatures.length > 1) {
            throw new cli_error/* CliError */.z('USAGE', `--bundle names one bundle, but the policy ${policy.source} requires ${policy.signatures.length} signatures: name each one's bundle in the policy (bundle: with {artifact})`);
        }
    }
    if (tuf !== undefined && policy.trustedRoot !== undefined) {
        throw new cli_error/* CliError */.z('USAGE', `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --tuf-url cannot replace it`);
    }
    const trustSource = tuf === undefined ? trustedRootSource(parsed, policy, io) : undefined;
    const openRegistryFor = (0,cli_image/* registryOpener */.zB)(io, (0,args/* flagOption */.kY)(parsed, 'allow-insecure-registry'));
    const inputs = await Promise.all(parsed.positionals.map((name) => {
        const image = images.find((i) => i.text === name);
        return image !== undefined
            ? imageInput(name, image.reference, io, openRegistryFor)
            : artifactInput(name, parsed);
    }));
    const loaded = tuf !== undefined
        ? await (0,trust/* loadTufTrust */.SR)(tuf)
        : await (0,trust/* loadTrust */.Vc)(trustSource, policy.trustedRoot?.sha256 !== undefined ? { sha256: policy.trustedRoot.sha256 } : {});
    const verifier = new verify_verifier/* Verifier */.B(loaded.trust);
    const keys = new Map();
    for (const requirement of policy.signatures) {
        if (requirement.kind === 'key' && !keys.has(requirement.key))
            keys.set(requirement.key, await (0,trust/* loadPublicKey */.fg)(requirement.key));
    }
    const outcomes = [];
    for (const input of inputs) {
        const signatures = [];
        for (const requirement of policy.signatures) {
            if (input.image !== undefined) {
                signatures.push(verifyImageOne(verifier, requirement, input, keys));
                continue;
            }
            const bundlePath = (0,args/* stringOption */.Pp)(parsed, 'bundle') ?? (0,policy_policy/* bundleFor */.Yf)(requirement, input.path ?? input.name);
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
    if ((0,args/* flagOption */.kY)(parsed, 'json')) {
        const json = {
            verified,
            trustedRoot: { source: loaded.source, sha256: loaded.sha256 },
            artifacts: outcomes,
        };
        io.stdout(`${(0,core_text/* printableJson */.et)(json)}\n`);
    }
    else {
        for (const outcome of outcomes)
            io.stdout(describeOutcome(outcome));
    }
    return verified ? cli_io/* EXIT */.d.ok : cli_io/* EXIT */.d.failed;
}
/** The policy file, or a one-signature policy made of the flags. */
async function requirements(parsed) {
    const pinFlagsGiven = PIN_FLAGS.flatMap((f) => [f, `${f}${REGEXP_SUFFIX}`]).filter((f) => parsed.values[f] !== undefined);
    const policyFile = (0,args/* stringOption */.Pp)(parsed, 'policy');
    if (policyFile !== undefined) {
        const conflicting = [
            ...pinFlagsGiven,
            ...['key', 'type'].filter((f) => parsed.values[f] !== undefined),
        ];
        if (conflicting.length > 0) {
            throw new cli_error/* CliError */.z('USAGE', `--policy lists the required signatures; --${conflicting[0]} cannot be added to it`);
        }
        const text = await (0,core_document/* readFileLimited */.lB)(policyFile, 'policy', policy_policy/* MAX_POLICY_BYTES */.mk);
        return (0,policy_policy/* parsePolicy */.ON)(text.toString('utf8'), policyFile);
    }
    const type = (0,args/* stringOption */.Pp)(parsed, 'type');
    if (type !== undefined && !URL.canParse(type)) {
        throw new cli_error/* CliError */.z('USAGE', `--type takes a predicate type URI, got ${JSON.stringify(type)}`);
    }
    const attestation = type !== undefined ? { attestation: { predicateType: type } } : {};
    const key = (0,args/* stringOption */.Pp)(parsed, 'key');
    if (key !== undefined) {
        if (pinFlagsGiven.length > 0) {
            throw new cli_error/* CliError */.z('USAGE', `--key verifies a key bundle, which has no certificate to pin: --${pinFlagsGiven[0]} does not apply`);
        }
        return {
            source: 'command line',
            signatures: [
                {
                    name: 'key',
                    kind: 'key',
                    key,
                    bundle: (0,policy_policy/* defaultBundle */.CL)('key', type !== undefined),
                    ...attestation,
                },
            ],
        };
    }
    const pin = (flag) => {
        (0,args/* exclusive */.jC)(parsed, flag, `${flag}${REGEXP_SUFFIX}`);
        const exact = (0,args/* stringOption */.Pp)(parsed, flag);
        const pattern = (0,args/* stringOption */.Pp)(parsed, `${flag}${REGEXP_SUFFIX}`);
        return exact ?? (pattern !== undefined ? { regexp: pattern } : undefined);
    };
    const issuer = pin('certificate-oidc-issuer');
    const identity = pin('certificate-identity');
    const typed = {};
    for (const name of policy_pins/* PIN_NAMES */.LI) {
        const value = pin((0,policy_pins/* pinFlag */.gU)(name));
        if (value !== undefined)
            typed[name] = value;
    }
    if (issuer === undefined) {
        throw new cli_error/* CliError */.z('USAGE', 'pin the OIDC issuer: --certificate-oidc-issuer URL (e.g. https://token.actions.githubusercontent.com)');
    }
    if (identity === undefined &&
        typed.repository === undefined &&
        typed.repositoryId === undefined &&
        typed.workflow === undefined) {
        throw new cli_error/* CliError */.z('USAGE', 'pin who signed: --certificate-identity, --repository, --repository-id or --workflow (anything from the issuer would pass otherwise)');
    }
    const claims = {};
    for (const [list, asPin] of [
        ['claim', (v) => v],
        [`claim${REGEXP_SUFFIX}`, (v) => ({ regexp: v })],
    ]) {
        for (const item of (0,args/* stringsOption */.EB)(parsed, list)) {
            const at = item.indexOf('=');
            if (at <= 0)
                throw new cli_error/* CliError */.z('USAGE', `--${list} takes FIELD=VALUE, got ${JSON.stringify(item)}`);
            claims[item.slice(0, at)] = asPin(item.slice(at + 1));
        }
    }
    let compiled;
    try {
        compiled = (0,policy_pins/* identityPolicy */.rP)({
            certificateOidcIssuer: issuer,
            ...(identity !== undefined && { certificateIdentity: identity }),
        }, typed, claims);
    }
    catch (error) {
        if (error instanceof policy_error/* PolicyError */.p)
            throw new cli_error/* CliError */.z('USAGE', error.message, { cause: error });
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
                bundle: (0,policy_policy/* defaultBundle */.CL)('keyless', type !== undefined),
                ...attestation,
            },
        ],
    };
}
function trustedRootSource(parsed, policy, io) {
    const flag = (0,args/* stringOption */.Pp)(parsed, 'trusted-root') ??
        (parsed.values.server !== undefined
            ? (0,trust/* serverTrustedRoot */.$5)((0,args/* stringOption */.Pp)(parsed, 'server'))
            : undefined);
    if (policy.trustedRoot !== undefined) {
        if (flag !== undefined) {
            throw new cli_error/* CliError */.z('USAGE', `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --trusted-root and --server cannot replace it`);
        }
        return policy.trustedRoot.source;
    }
    const source = flag ?? (io.env.SIGNET_SERVER ? (0,trust/* serverTrustedRoot */.$5)(io.env.SIGNET_SERVER) : undefined);
    if (source === undefined) {
        throw new cli_error/* CliError */.z('USAGE', 'say which trust root to verify against: --trusted-root FILE|URL, --server URL or --tuf-url URL');
    }
    return source;
}
async function artifactInput(name, parsed) {
    const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(name);
    if (digest?.[1] !== undefined) {
        if (parsed.values.bundle === undefined) {
            throw new cli_error/* CliError */.z('USAGE', `${name} is a digest, so its bundle cannot be found by name: give --bundle PATH (with a policy of one signature), or the artifact file`);
        }
        const value = Buffer.from(digest[1], 'hex');
        return {
            name,
            sha256: digest[1].toLowerCase(),
            artifact: { digest: { algorithm: 'sha256', value } },
        };
    }
    if (/^sha\d+:/i.test(name)) {
        throw new cli_error/* CliError */.z('USAGE', `${name}: digests are given as sha256: and 64 hex digits`);
    }
    const data = await (0,core_document/* readFileLimited */.lB)(name, 'artifact', 2 ** 31 - 1);
    return {
        name,
        path: name,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex'),
        artifact: { data },
    };
}
/**
 * An image as verified: the digest its reference names now (a tag resolved once, said on
 * stderr) and every Sigstore bundle attached to that digest.
 */
async function imageInput(text, reference, io, openRegistryFor) {
    const registry = await openRegistryFor(reference.registry);
    const manifest = await registry.resolve(reference.repository, reference.digest ?? reference.tag);
    if (reference.digest === undefined)
        (0,cli_image/* noteTag */.fY)(io, 'verify', reference, manifest.digest);
    const subject = {
        registry,
        repository: reference.repository,
        digest: manifest.digest,
        name: (0,oci_reference/* formatImageReference */.my)(reference, manifest.digest),
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
const checker = (verifier, requirement, keys) => (json, artifact) => verifier.verify(json, artifact, requirement.kind === 'keyless'
    ? requirement.policy
    : { publicKey: keys.get(requirement.key) }, requirement.attestation);
/** A requirement's outcome before it is judged. */
const pending = (requirement, bundle) => ({
    name: requirement.name,
    kind: requirement.kind,
    bundle,
    ...(requirement.attestation !== undefined && {
        predicateType: requirement.attestation.predicateType,
    }),
    verified: false,
});
async function verifyOne(verifier, requirement, bundlePath, input, keys) {
    const outcome = pending(requirement, bundlePath);
    let json;
    try {
        json = (0,core_document/* parseJsonDocument */.dH)(await (0,core_document/* readDocument */.u0)(bundlePath, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES }), 'bundle', bundlePath);
    }
    catch (error) {
        outcome.error = errorOf(error, 'bundle');
        return outcome;
    }
    return settle(outcome, requirement, () => json, () => checker(verifier, requirement, keys)(json, input.artifact));
}
/** One required signature among the bundles attached to an image. */
function verifyImageOne(verifier, requirement, input, keys) {
    const image = input.image;
    const outcome = pending(requirement, image.subject.name);
    const check = checker(verifier, requirement, keys);
    const { attestation } = requirement;
    // The bundle whose certificate a failure shows: the first one tried.
    let tried;
    return settle(outcome, requirement, () => tried, () => {
        const { source, result } = verifyAttached(image.subject, image.attached, attestation !== undefined
            ? {
                kind: requirement.kind,
                predicateType: attestation.predicateType,
                what: 'attestation',
            }
            : {
                kind: requirement.kind,
                predicateType: intoto/* COSIGN_SIGN_PREDICATE_TYPE */.Z4,
                what: 'image signature',
            }, (json) => {
            tried ??= json;
            return check(json, input.artifact);
        });
        outcome.bundle = source;
        return result;
    });
}
/**
 * Runs one requirement's verification into its outcome: the result or the error, and for a
 * keyless requirement the pin table against the bundle's certificate (read untrusted when
 * verification failed, so the table can show what was signed).
 */
function settle(outcome, requirement, bundleJson, run) {
    try {
        Object.assign(outcome, describeResult(run()));
        outcome.verified = true;
    }
    catch (error) {
        outcome.error = errorOf(error, 'verification');
    }
    if (requirement.kind === 'keyless') {
        outcome.identity ??= identityOf(bundleJson());
        const rows = pinTable(requirement.pins, requirement.policy, outcome.identity);
        outcome.pins = rows.map(({ written: _, ...row }) => row);
        if (outcome.error !== undefined)
            outcome.error = asWritten(outcome.error, rows);
    }
    return outcome;
}
function describeResult(result) {
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
function identityOf(json) {
    try {
        const bundle = (0,parse/* parseBundle */.QN)(json);
        if (bundle.signer.kind !== 'certificate')
            return undefined;
        return (0,extensions/* readIdentity */.xN)((0,x509/* parseCertificate */.hB)(bundle.signer.chain[0]));
    }
    catch {
        return undefined;
    }
}
/** A pin as its author wrote it: an exact value as itself, a pattern between slashes. */
const shown = (pin) => (typeof pin === 'string' ? pin : `/${pin.regexp}/`);
function pinTable(pins, policy, identity) {
    // Each pin is checked on its own, by the verifier's own matching, so a table can mark every
    // mismatch and not only the first one the verifier stopped at.
    const row = (claim, written, actual, only) => {
        let matched = identity !== undefined;
        try {
            if (identity !== undefined)
                (0,verify_policy/* checkPolicy */.hM)(identity, only);
        }
        catch {
            matched = false;
        }
        return { claim, expected: shown(written), actual, matched, written };
    };
    const rows = [];
    if (pins.identity !== undefined) {
        const pin = pins.identity;
        rows.push(row('certificate identity', pin, identity?.san.value ?? null, typeof pin === 'string'
            ? { certificateIdentity: pin }
            : { certificateIdentityRegexp: pin.regexp }));
    }
    const issuer = pins.issuer;
    rows.push(row('OIDC issuer', issuer, (identity && (0,verify_policy/* issuerOf */.xD)(identity)) ?? null, typeof issuer === 'string'
        ? { certificateOidcIssuer: issuer }
        : { certificateOidcIssuerRegexp: issuer.regexp }));
    const claims = [
        ...Object.entries(pins.typed).map(([name, pin]) => [policy_pins/* PINS */.$x[name].field, pin]),
        ...Object.entries(pins.claims),
    ];
    for (const [field, pin] of claims) {
        if (pin === undefined)
            continue;
        rows.push(row(field, pin, identity?.[field] ?? null, {
            extensions: { [field]: policy.extensions?.[field] },
        }));
    }
    return rows;
}
/**
 * A pin failure as the table shows it: the verifier names the compiled pin, which for an exact
 * pin without its scheme is a pattern the reader never wrote. The first mismatched row is the
 * claim the verifier stopped at (same checks, same order); patterns keep the verifier's words.
 */
function asWritten(error, rows) {
    const row = rows.find((r) => !r.matched);
    if (error?.code !== 'POLICY' ||
        error.expected === undefined ||
        typeof row?.written !== 'string' ||
        row.written === error.expected)
        return error;
    return {
        ...error,
        message: error.message.replace(`expected ${error.expected}`, `expected ${row.written}`),
        expected: row.written,
    };
}
function errorOf(error, check) {
    if (error instanceof verify_error/* VerifyError */.G) {
        return {
            code: error.code,
            check: error.check,
            message: error.message,
            ...(error.expected !== undefined && { expected: error.expected }),
            ...(error.actual !== undefined && { actual: error.actual }),
        };
    }
    if (error instanceof core_error/* SignetError */.T)
        return { code: error.code, check, message: error.message };
    throw error;
}
/**
 * The human-readable result, one line per fact. Nearly every value in it is the signer's or
 * the caller's (claims, paths, messages quoting them), so each line is made printable: a claim
 * cannot print a line of its own, or colour one.
 */
function describeOutcome(outcome) {
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
            const who = s.identity !== undefined
                ? `${s.identity.san.value}, issuer ${(0,verify_policy/* issuerOf */.xD)(s.identity) ?? 'unknown'}`
                : `key ${s.keyHint}`;
            const when = s.timestamps?.[0]?.time ??
                s.logEntries?.find((e) => e.integratedTime !== undefined)?.integratedTime ??
                'no signed time';
            const log = (s.logEntries ?? []).map((e) => `log index ${e.logIndex}`).join(', ');
            lines.push(`${head}: ${who}; signed ${when}; ${log}`);
        }
        else if (s.error !== undefined) {
            // A pin mismatch reads best as the claim and the two values, one under the other; other
            // failures explain themselves in their message.
            const { check, expected, actual, message } = s.error;
            if (s.error.code === 'POLICY' && expected !== undefined && actual !== undefined) {
                lines.push(`${head}: ${check}`, `         expected: ${expected}`, `         actual:   ${actual}`);
            }
            else {
                lines.push(`${head}: ${message}`);
            }
        }
    }
    return `${lines.map(core_text/* printable */.g$).join('\n')}\n`;
}
//# sourceMappingURL=verify.js.map

/***/ }),

/***/ 434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $x: () => (/* binding */ PINS),
/* harmony export */   A7: () => (/* binding */ checkedPattern),
/* harmony export */   LI: () => (/* binding */ PIN_NAMES),
/* harmony export */   gU: () => (/* binding */ pinFlag),
/* harmony export */   rP: () => (/* binding */ identityPolicy)
/* harmony export */ });
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2077);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(390);


const PINS = {
    repository: {
        field: 'sourceRepositoryUri',
        uri: true,
        description: 'repository (GitHub `repository`, GitLab `project_path`), e.g. octo-org/app',
    },
    repositoryId: {
        field: 'sourceRepositoryIdentifier',
        description: 'repository ID (GitHub `repository_id`, GitLab `project_id`)',
    },
    owner: {
        field: 'sourceRepositoryOwnerUri',
        uri: true,
        description: 'owner (GitHub `repository_owner`, GitLab `namespace_path`)',
    },
    ownerId: {
        field: 'sourceRepositoryOwnerIdentifier',
        description: 'owner ID (GitHub `repository_owner_id`, GitLab `namespace_id`)',
    },
    ref: {
        field: 'sourceRepositoryRef',
        description: 'git ref (GitHub `ref`, GitLab `ref_path`), e.g. refs/tags/v1.2.3',
    },
    sha: {
        field: 'sourceRepositoryDigest',
        description: 'commit SHA (`sha`)',
    },
    trigger: {
        field: 'buildTrigger',
        description: 'trigger (GitHub `event_name`, GitLab `pipeline_source`), e.g. push',
    },
    workflow: {
        field: 'buildSignerUri',
        uri: true,
        description: 'signing workflow (GitHub `job_workflow_ref`, GitLab `ci_config_ref_uri`), e.g. octo-org/app/.github/workflows/release.yml@refs/tags/v1',
    },
    workflowSha: {
        field: 'buildSignerDigest',
        description: 'signing workflow commit (GitHub `job_workflow_sha`, GitLab `ci_config_sha`)',
    },
    buildConfig: {
        field: 'buildConfigUri',
        uri: true,
        description: 'top-level workflow (GitHub `workflow_ref`, GitLab `ci_config_ref_uri`)',
    },
    buildConfigSha: {
        field: 'buildConfigDigest',
        description: 'top-level workflow commit (GitHub `workflow_sha`, GitLab `ci_config_sha`)',
    },
    workflowName: {
        field: 'githubWorkflowName',
        description: 'GitHub workflow name (`workflow`); GitLab tokens have none',
    },
    runnerEnvironment: {
        field: 'runnerEnvironment',
        description: 'runner (`runner_environment`): github-hosted, gitlab-hosted or self-hosted',
    },
    environment: {
        field: 'deploymentEnvironment',
        description: 'deployment environment (`environment`)',
    },
    visibility: {
        field: 'sourceRepositoryVisibilityAtSigning',
        description: 'repository visibility (GitHub `repository_visibility`, GitLab `project_visibility`)',
    },
    refProtected: {
        field: 'refProtected',
        values: ['true', 'false'],
        description: 'GitLab `ref_protected` (Signet extension): true for protected branches and tags',
    },
    environmentProtected: {
        field: 'environmentProtected',
        values: ['true', 'false'],
        description: 'GitLab `environment_protected` (Signet extension)',
    },
};
const PIN_NAMES = Object.keys(PINS);
/** The command-line flag of a pin: repositoryId → repository-id. */
const pinFlag = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** The escaped text of `value` as a pattern matching only itself. */
const literal = (value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The scheme and host of an exact issuer pin, which its certificates' URIs start with. */
function issuerOrigin(issuer) {
    if (typeof issuer !== 'string' || !URL.canParse(issuer))
        return undefined;
    const { protocol, host } = new URL(issuer);
    return host === '' ? undefined : { protocol, host };
}
/** What the verifier checks for one typed pin; `issuer` is the issuer pin beside it. */
function compilePin(name, pin, issuer) {
    const spec = PINS[name];
    if (typeof pin === 'string') {
        if (pin === '')
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `${name}: the pin is empty`);
        if (spec.values !== undefined && !spec.values.includes(pin)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `${name}: must be ${spec.values.join(' or ')}, got ${JSON.stringify(pin)}`);
        }
        if (spec.uri === true && !pin.includes('://')) {
            const value = pin.replace(/^\/+/, '');
            const origin = issuerOrigin(issuer);
            if (origin !== undefined && (value === origin.host || value.startsWith(`${origin.host}/`)))
                return `${origin.protocol}//${value}`;
            return { regexp: `https?://[^/]+/${literal(value)}` };
        }
        return pin;
    }
    return checkedPattern(name, pin);
}
/** Refuses a pattern JavaScript cannot compile now, rather than at the first bundle. */
function checkedPattern(what, pin) {
    try {
        new RegExp(pin.regexp, 'u');
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `${what}: ${JSON.stringify(pin.regexp)} is not a valid regular expression: ${error.message}`);
    }
    return pin;
}
/**
 * An IdentityPolicy from certificate pins, typed pins and raw claim pins (by CertificateIdentity
 * field, for claims without a typed pin). Two pins on the same claim must both hold, so they
 * are refused rather than one silently replacing the other.
 */
function identityPolicy(certificate, typed, claims = {}) {
    const policy = {};
    const { certificateIdentity: identity, certificateOidcIssuer: issuer } = certificate;
    if (identity !== undefined) {
        if (typeof identity === 'string')
            policy.certificateIdentity = identity;
        else
            policy.certificateIdentityRegexp = checkedPattern('certificate identity', identity).regexp;
    }
    if (issuer !== undefined) {
        if (typeof issuer === 'string')
            policy.certificateOidcIssuer = issuer;
        else
            policy.certificateOidcIssuerRegexp = checkedPattern('OIDC issuer', issuer).regexp;
    }
    const extensions = {};
    const set = (field, pin, by) => {
        if (extensions[field] !== undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `${by}: the claim ${field} is already pinned`);
        }
        extensions[field] = pin;
    };
    for (const [name, pin] of Object.entries(typed)) {
        if (pin === undefined)
            continue;
        if (!(name in PINS))
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `unknown pin ${JSON.stringify(name)}`);
        set(PINS[name].field, compilePin(name, pin, issuer), name);
    }
    for (const [field, pin] of Object.entries(claims)) {
        if (pin === undefined)
            continue;
        if (!(field in _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__/* .IDENTITY_EXTENSIONS */ ._v)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('PIN_INVALID', `unknown claim ${JSON.stringify(field)}; claims are: ${Object.keys(_ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__/* .IDENTITY_EXTENSIONS */ ._v).join(', ')}`);
        }
        const checked = typeof pin === 'string' ? pin : checkedPattern(`claim ${field}`, pin);
        set(field, checked, `claim ${field}`);
    }
    if (Object.keys(extensions).length > 0)
        policy.extensions = extensions;
    return policy;
}
//# sourceMappingURL=pins.js.map

/***/ }),

/***/ 728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ defaultBundle),
/* harmony export */   GL: () => (/* binding */ fillArtifact),
/* harmony export */   ON: () => (/* binding */ parsePolicy),
/* harmony export */   Yf: () => (/* binding */ bundleFor),
/* harmony export */   mk: () => (/* binding */ MAX_POLICY_BYTES)
/* harmony export */ });
/* unused harmony exports POLICY_VERSION, ARTIFACT_PLACEHOLDER, DEFAULT_KEYLESS_BUNDLE, DEFAULT_KEY_BUNDLE, DEFAULT_KEYLESS_ATTESTATION, DEFAULT_KEY_ATTESTATION */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _sign_provenance_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9552);
/* harmony import */ var _verify_attestation_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4877);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(390);
/* harmony import */ var _pins_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(434);





/**
 * Verification policy files (docs/policy.md): which trust root, and which signatures an
 * artifact must carry, all of them required. Unknown keys are errors, not ignored: in a
 * security policy a misspelt pin ("reff:") that silently pins nothing is the worst outcome.
 */
const POLICY_VERSION = 1;
/** Policies are a few KiB; a file near this size is not one. */
const MAX_POLICY_BYTES = 256 * 1024;
/** Stands for the artifact's path in bundle paths. */
const ARTIFACT_PLACEHOLDER = '{artifact}';
const DEFAULT_KEYLESS_BUNDLE = `${ARTIFACT_PLACEHOLDER}.sigstore.json`;
const DEFAULT_KEY_BUNDLE = `${ARTIFACT_PLACEHOLDER}.kms.sigstore.json`;
/** Attestations sit beside signatures under names of their own (`signet attest` writes them). */
const DEFAULT_KEYLESS_ATTESTATION = `${ARTIFACT_PLACEHOLDER}.att.sigstore.json`;
const DEFAULT_KEY_ATTESTATION = `${ARTIFACT_PLACEHOLDER}.att.kms.sigstore.json`;
/** The default bundle path of a requirement of this kind, signature or attestation. */
const defaultBundle = (kind, attestation) => attestation
    ? kind === 'keyless'
        ? DEFAULT_KEYLESS_ATTESTATION
        : DEFAULT_KEY_ATTESTATION
    : kind === 'keyless'
        ? DEFAULT_KEYLESS_BUNDLE
        : DEFAULT_KEY_BUNDLE;
const TOP_LEVEL = ['version', 'trustedRoot', 'signatures'];
const SIGNATURE_KEYS = ['name', 'bundle', 'keyless', 'key', 'attestation'];
const ATTESTATION_KEYS = ['type', 'provenance'];
const KEYLESS_KEYS = ['issuer', 'identity', 'claims', ...Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_4__/* .PINS */ .$x)];
async function parsePolicy(text, source) {
    const fail = (where, why) => new _error_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: ${where}: ${why}`);
    // Loaded here only: most verifications use flags, and the YAML parser costs start-up time.
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let document;
    try {
        // The failsafe schema reads every scalar as text: pins compare text, and YAML 1.2's
        // typing would turn a repository ID into a number and an all-digit digest into 0.
        document = parse(text, { schema: 'failsafe', uniqueKeys: true });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: not valid YAML: ${error.message}`, {
            cause: error,
        });
    }
    const top = mapping(document, 'the document', fail);
    onlyKeys(top, TOP_LEVEL, 'the document', fail);
    if (top.version !== String(POLICY_VERSION)) {
        throw fail('version', `must be ${POLICY_VERSION}, got ${JSON.stringify(top.version ?? null)}`);
    }
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(source));
    const relative = (path) => path.includes('://') || path === 'public-good' || (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(path) ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(base, path);
    const policy = { source, signatures: [] };
    if (top.trustedRoot !== undefined)
        policy.trustedRoot = trustedRoot(top.trustedRoot, relative, fail);
    if (!Array.isArray(top.signatures) || top.signatures.length === 0) {
        throw fail('signatures', 'must list at least one required signature');
    }
    top.signatures.forEach((item, i) => {
        const where = `signatures[${i}]`;
        const entry = mapping(item, where, fail);
        onlyKeys(entry, SIGNATURE_KEYS, where, fail);
        const name = entry.name === undefined ? where : scalarText(entry.name, `${where}.name`, fail);
        if ((entry.keyless === undefined) === (entry.key === undefined)) {
            throw fail(where, 'needs exactly one of keyless (certificate pins) or key (a public key)');
        }
        if (entry.bundle !== undefined)
            scalarText(entry.bundle, `${where}.bundle`, fail);
        const attestation = entry.attestation === undefined
            ? undefined
            : attestationPolicy(entry.attestation, `${where}.attestation`, fail);
        const common = {
            name,
            ...(attestation !== undefined && { attestation }),
        };
        const bundle = (kind) => entry.bundle ?? defaultBundle(kind, attestation !== undefined);
        if (entry.key !== undefined) {
            policy.signatures.push({
                ...common,
                kind: 'key',
                key: relative(scalarText(entry.key, `${where}.key`, fail)),
                bundle: bundle('key'),
            });
            return;
        }
        const pins = keylessPins(entry.keyless, `${where}.keyless`, fail);
        let compiled;
        try {
            compiled = (0,_pins_js__WEBPACK_IMPORTED_MODULE_4__/* .identityPolicy */ .rP)({
                certificateOidcIssuer: pins.issuer,
                ...(pins.identity !== undefined && { certificateIdentity: pins.identity }),
            }, pins.typed, pins.claims);
        }
        catch (error) {
            throw fail(`${where}.keyless`, error.message);
        }
        policy.signatures.push({
            ...common,
            kind: 'keyless',
            pins,
            policy: compiled,
            bundle: bundle('keyless'),
        });
    });
    return policy;
}
function mapping(value, where, fail) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw fail(where, 'must be a mapping (key: value)');
    }
    return value;
}
function onlyKeys(fields, allowed, where, fail) {
    for (const key of Object.keys(fields)) {
        if (!allowed.includes(key)) {
            throw fail(where, `unknown key ${JSON.stringify(key)}; allowed: ${allowed.join(', ')}`);
        }
    }
}
function scalarText(value, where, fail) {
    if (typeof value !== 'string' || value === '')
        throw fail(where, 'must be a non-empty string');
    return value;
}
function pin(value, where, fail) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const fields = value;
        onlyKeys(fields, ['regexp'], where, fail);
        return { regexp: scalarText(fields.regexp, `${where}.regexp`, fail) };
    }
    return scalarText(value, where, fail);
}
function keylessPins(value, where, fail) {
    const fields = mapping(value, where, fail);
    onlyKeys(fields, KEYLESS_KEYS, where, fail);
    if (fields.issuer === undefined) {
        throw fail(where, 'needs issuer: a keyless signature is only as trusted as its OIDC issuer');
    }
    const pins = {
        issuer: pin(fields.issuer, `${where}.issuer`, fail),
        typed: {},
        claims: {},
    };
    if (fields.identity !== undefined)
        pins.identity = pin(fields.identity, `${where}.identity`, fail);
    for (const name of Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_4__/* .PINS */ .$x)) {
        if (fields[name] !== undefined)
            pins.typed[name] = pin(fields[name], `${where}.${name}`, fail);
    }
    if (fields.claims !== undefined) {
        const claims = mapping(fields.claims, `${where}.claims`, fail);
        for (const [claim, value] of Object.entries(claims)) {
            pins.claims[claim] = pin(value, `${where}.claims.${claim}`, fail);
        }
    }
    return pins;
}
/**
 * `attestation: URI`, or `attestation: { type, provenance }`; provenance conditions imply, and
 * need, the SLSA provenance v1 type.
 */
function attestationPolicy(value, where, fail) {
    const fields = typeof value === 'string' ? { type: value } : mapping(value, where, fail);
    onlyKeys(fields, ATTESTATION_KEYS, where, fail);
    if (fields.type === undefined && fields.provenance === undefined) {
        throw fail(where, 'needs type (the predicate type URI) or provenance (conditions)');
    }
    const type = fields.type === undefined ? _sign_provenance_js__WEBPACK_IMPORTED_MODULE_1__/* .SLSA_PROVENANCE_V1 */ .us : scalarText(fields.type, `${where}.type`, fail);
    if (!URL.canParse(type)) {
        throw fail(`${where}.type`, `must be a predicate type URI, got ${JSON.stringify(type)}`);
    }
    const policy = { predicateType: type };
    if (fields.provenance !== undefined) {
        if (type !== _sign_provenance_js__WEBPACK_IMPORTED_MODULE_1__/* .SLSA_PROVENANCE_V1 */ .us) {
            throw fail(`${where}.provenance`, `provenance conditions apply to ${_sign_provenance_js__WEBPACK_IMPORTED_MODULE_1__/* .SLSA_PROVENANCE_V1 */ .us} attestations, not ${type}`);
        }
        const conditions = mapping(fields.provenance, `${where}.provenance`, fail);
        onlyKeys(conditions, _verify_attestation_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVENANCE_CONDITIONS */ .H3, `${where}.provenance`, fail);
        const compiled = {};
        for (const name of _verify_attestation_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVENANCE_CONDITIONS */ .H3) {
            if (conditions[name] === undefined)
                continue;
            const at = `${where}.provenance.${name}`;
            const written = pin(conditions[name], at, fail);
            try {
                compiled[name] = typeof written === 'string' ? written : (0,_pins_js__WEBPACK_IMPORTED_MODULE_4__/* .checkedPattern */ .A7)(name, written);
            }
            catch (error) {
                throw fail(at, error.message);
            }
        }
        if (Object.keys(compiled).length === 0) {
            throw fail(`${where}.provenance`, `name at least one of ${_verify_attestation_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVENANCE_CONDITIONS */ .H3.join(', ')}`);
        }
        policy.provenance = compiled;
    }
    return policy;
}
function trustedRoot(value, relative, fail) {
    if (typeof value === 'string')
        return { source: relative(scalarText(value, 'trustedRoot', fail)) };
    const fields = mapping(value, 'trustedRoot', fail);
    onlyKeys(fields, ['source', 'sha256'], 'trustedRoot', fail);
    const pinned = {
        source: relative(scalarText(fields.source, 'trustedRoot.source', fail)),
    };
    if (fields.sha256 !== undefined) {
        const digest = scalarText(fields.sha256, 'trustedRoot.sha256', fail)
            .toLowerCase()
            .replace(/^sha256:/, '');
        if (!/^[0-9a-f]{64}$/.test(digest))
            throw fail('trustedRoot.sha256', 'must be 64 hex digits');
        pinned.sha256 = digest;
    }
    return pinned;
}
/** A bundle path template ({artifact} for the artifact's path) filled in. */
const fillArtifact = (template, artifact) => template.split(ARTIFACT_PLACEHOLDER).join(artifact);
/** A requirement's bundle path for an artifact path. */
const bundleFor = (requirement, artifact) => fillArtifact(requirement.bundle, artifact);
//# sourceMappingURL=policy.js.map

/***/ })

};
