export const id = 811;
export const ids = [811];
export const modules = {

/***/ 4811:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ATTEST_HELP: () => (/* binding */ ATTEST_HELP),
  MAX_PREDICATE_BYTES: () => (/* binding */ MAX_PREDICATE_BYTES),
  attestCommand: () => (/* binding */ attestCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/src/ca/extensions.js + 1 modules
var extensions = __webpack_require__(2077);
// EXTERNAL MODULE: ./build/src/bundle/intoto.js
var intoto = __webpack_require__(4347);
// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(9096);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(3317);
// EXTERNAL MODULE: ./build/src/oidc/error.js
var error = __webpack_require__(93);
;// CONCATENATED MODULE: ./build/src/oidc/jwt.js

/**
 * Largest token accepted, in characters. Real CI tokens are 1-3 KiB (GitLab's optional
 * `groups_direct` can add a few more); Node refuses request headers above 16 KiB anyway, so a
 * larger token could only arrive in a request body, and is refused before it is decoded.
 */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Stateless between calls (no `stream` option), so one serves every token. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const malformed = (message) => new error/* OidcError */.u('TOKEN_MALFORMED', message);
/**
 * Splits and decodes a compact JWS without verifying it: the verifier needs the unverified `iss`
 * to find the issuer and its keys. Strict, so that what is later verified is exactly what was
 * decoded here. Messages name the part that is wrong and never quote the token.
 */
function decodeJwt(token) {
    if (typeof token !== 'string')
        throw malformed(`token must be a string, got ${typeName(token)}`);
    if (token.length === 0)
        throw malformed('token is empty');
    if (token.length > MAX_TOKEN_LENGTH) {
        throw malformed(`token is ${token.length} characters long, above the limit of ${MAX_TOKEN_LENGTH}`);
    }
    const parts = token.split('.');
    if (parts.length !== 3)
        throw malformed(partCountMessage(parts.length));
    const [headerText, payloadText, signatureText] = parts;
    const header = decodeJsonPart(headerText, 'header');
    const payload = decodeJsonPart(payloadText, 'payload');
    const signature = decodeBase64Url(signatureText, 'signature');
    return {
        header: checkHeader(header),
        payload: checkPayload(payload),
        signingInput: `${headerText}.${payloadText}`,
        signature,
    };
}
function partCountMessage(count) {
    const base = `token has ${count} part${count === 1 ? '' : 's'} separated by "."; a signed JWT has 3 (header.payload.signature)`;
    // Five parts is the compact JWE form: an encrypted token, which no CI issuer sends to a CA.
    return count === 5 ? `${base}; this looks like an encrypted JWT (JWE)` : base;
}
function decodeBase64Url(text, part) {
    if (!BASE64URL.test(text)) {
        const at = text.search(/[^A-Za-z0-9_-]/);
        const char = text.charCodeAt(at);
        const shown = char === 0x3d ? '"=" (padding is not allowed)' : `character code ${char}`;
        throw malformed(`token ${part} is not base64url: ${shown} at offset ${at} of the ${part}`);
    }
    // A length of 4n+1 cannot come from any byte string; Node would silently drop the last char.
    if (text.length % 4 === 1) {
        throw malformed(`token ${part} is not base64url: its length ${text.length} is impossible`);
    }
    return Buffer.from(text, 'base64url');
}
function decodeJsonPart(text, part) {
    if (text.length === 0)
        throw malformed(`token ${part} is empty`);
    const bytes = decodeBase64Url(text, part);
    let json;
    try {
        json = UTF8.decode(bytes);
    }
    catch {
        throw malformed(`token ${part} is not UTF-8`);
    }
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        // V8's own message quotes the input; the token's content stays out of messages.
        throw malformed(`token ${part} is not JSON (${bytes.length} bytes after base64url decoding)`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw malformed(`token ${part} must be a JSON object, got ${typeName(value)}`);
    }
    return value;
}
function checkHeader(header) {
    if (!('alg' in header))
        throw malformed('token header has no "alg"');
    if (typeof header.alg !== 'string' || header.alg === '') {
        throw malformed(`token header "alg" must be a non-empty string, got ${typeName(header.alg)}`);
    }
    if ('kid' in header && typeof header.kid !== 'string') {
        throw malformed(`token header "kid" must be a string, got ${typeName(header.kid)}`);
    }
    return header;
}
function checkPayload(payload) {
    if (!('iss' in payload))
        throw malformed('token payload has no "iss" (issuer) claim');
    if (typeof payload.iss !== 'string' || payload.iss === '') {
        throw malformed(`token "iss" claim must be a non-empty string, got ${typeName(payload.iss)}`);
    }
    return payload;
}
/** A value's JSON type for messages ("an array", "null", "a number"), never the value itself. */
function typeName(value) {
    if (value === null)
        return 'null';
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'an array';
    if (value === '')
        return 'an empty string';
    const type = typeof value;
    return type === 'object' ? 'an object' : `a ${type}`;
}
//# sourceMappingURL=jwt.js.map
// EXTERNAL MODULE: ./build/src/policy/policy.js
var policy = __webpack_require__(728);
// EXTERNAL MODULE: ./build/src/sign/provenance.js
var provenance = __webpack_require__(9552);
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
;// CONCATENATED MODULE: ./build/src/cli/attest.js
















/** actions/attest's limit on a predicate file; SBOMs are the large ones. */
const MAX_PREDICATE_BYTES = 16 * 1024 * 1024;
const ATTEST_HELP = `Usage: signet attest [options] FILE|oci://IMAGE...

Attests each FILE: signs an in-toto statement whose subject is the FILE's SHA-256, keyless and,
with --kms or --key, also with a long-lived key, timestamped and logged like signet sign. The
default predicate is SLSA build provenance for this CI job (GitHub Actions or GitLab CI), as
actions/attest-build-provenance makes it. Every bundle is verified before anything is written:
all are written, or none. Verify with: signet verify --type URI (or a policy's attestation:).

An image (oci://REGISTRY/REPOSITORY@sha256:DIGEST, or :TAG, resolved once to the digest it
names now) is attested about its manifest digest, and each bundle attached to it as an OCI 1.1
referrer, as cosign v3 and actions/attest attach attestations.

Predicate (one of):
  --provenance                 SLSA provenance v1 (${provenance/* SLSA_PROVENANCE_V1 */.us}) of this
                               CI job (the default)
  --type URI --predicate FILE  any predicate: its type URI and a JSON file holding it

${signing/* SIGNING_HELP */.Sj}

Output:
  --bundle PATH                keyless bundle path (one FILE only; default FILE.att.sigstore.json)
  --key-bundle PATH            key bundle path (one FILE only; default FILE.att.kms.sigstore.json)
  --output-dir DIR             write bundles to DIR instead of beside each FILE
  --json                       print a JSON summary (bundles, identity, log entries, times)

${cli_image/* IMAGE_HELP */.eO}
  --no-push                    write an image's bundles to files (--output-dir, default the
                               current directory: sha256-HEX.att.sigstore.json,
                               sha256-HEX.att.kms.sigstore.json) instead of attaching them
  --recursive                  for an index (multi-platform image), attest each platform's
                               manifest too
`;
const OPTIONS = {
    ...signing/* SIGNING_OPTIONS */.FQ,
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
    ...cli_image/* IMAGE_OPTIONS */.bO,
};
async function attestCommand(argv, io) {
    const parsed = (0,args/* parseCommandLine */.Du)('attest', argv, OPTIONS);
    if ((0,args/* flagOption */.kY)(parsed, 'help')) {
        io.stdout(ATTEST_HELP);
        return cli_io/* EXIT */.d.ok;
    }
    (0,args/* exclusive */.jC)(parsed, 'provenance', 'type');
    (0,args/* exclusive */.jC)(parsed, 'provenance', 'predicate');
    const { files, images } = (0,cli_image/* splitPositionals */.Wn)(parsed.positionals);
    if (files.length === 0 && images.length === 0) {
        throw new cli_error/* CliError */.z('USAGE', 'no files or images to attest (see: signet attest --help)');
    }
    if ((parsed.values.bundle !== undefined || parsed.values['key-bundle'] !== undefined) &&
        (files.length !== 1 || images.length > 0)) {
        throw new cli_error/* CliError */.z('USAGE', '--bundle and --key-bundle name one bundle: give one FILE, or use --output-dir');
    }
    if (images.length === 0) {
        for (const flag of ['no-push', 'recursive', 'allow-insecure-registry']) {
            if (parsed.values[flag] !== undefined) {
                throw new cli_error/* CliError */.z('USAGE', `--${flag} applies to images (oci://...), and none is given`);
            }
        }
    }
    const { plan, artifacts, resolved, images: toAttest, } = await (0,cli_image/* gatherSubjects */.H2)(parsed, io, 'attest', {
        files,
        images,
    });
    const source = await predicateSource(parsed, io.env);
    const { signingConfig, token, keySigner, verifier, onServices } = await (0,signing/* openSigning */.Ou)(plan, parsed, io, (0,args/* flagOption */.kY)(parsed, 'json'));
    const { predicateType, predicate } = source.kind === 'file' ? source : (0,provenance/* slsaProvenance */.$f)(io.env, claimsOf(token.token));
    // One run for files and images alike: every subject is a statement, under one certificate.
    const subjects = new Map([
        ...artifacts.map((a) => [
            a.path,
            {
                statement: statementFor((0,external_node_path_.basename)(a.path), a.sha256, predicateType, predicate),
                artifact: { data: a.data },
            },
        ]),
        ...toAttest.map((image) => [
            image.name,
            {
                // Named as actions/attest names an image: the repository, without tag or digest.
                statement: statementFor(`${image.registry.host}/${image.repository}`, image.subject.digest.slice('sha256:'.length), predicateType, predicate),
                artifact: (0,cli_image/* imageArtifact */.UZ)(image),
            },
        ]),
    ]);
    const verified = new Map();
    const result = await (0,statement/* signStatements */.K)({
        statements: [...subjects].map(([name, { statement }]) => ({ name, statement })),
        signingConfig,
        token: token.token,
        kms: keySigner,
        onServices,
        verifyBeforeWrite: async (signed) => {
            // As signet sign: whole and trusted, of the type asked for, and about this subject; who
            // signed it is the deploy-time verifier's question.
            const policy = signed.kind === 'key' && keySigner !== undefined ? { publicKey: keySigner.publicKey } : {};
            const { artifact } = subjects.get(signed.name);
            verified.set(signed, verifier.verify(signed.bundle, artifact, policy, { predicateType }));
        },
    });
    const isImage = new Set(toAttest.map((i) => i.name));
    const fileBundles = result.bundles.filter((b) => !isImage.has(b.name));
    const imageBundles = result.bundles.filter((b) => isImage.has(b.name));
    const noPush = (0,args/* flagOption */.kY)(parsed, 'no-push');
    const outputDir = (0,args/* stringOption */.Pp)(parsed, 'output-dir');
    const outputPath = (signed) => {
        const explicit = (0,args/* stringOption */.Pp)(parsed, signed.kind === 'keyless' ? 'bundle' : 'key-bundle');
        if (explicit !== undefined)
            return explicit;
        // An image's bundle file is named by its digest: `signet verify sha256:HEX --bundle FILE`.
        const artifact = isImage.has(signed.name)
            ? signed.name.split('@')[1].replace(':', '-')
            : signed.name;
        const beside = (0,policy/* fillArtifact */.GL)((0,policy/* defaultBundle */.CL)(signed.kind, true), artifact);
        return outputDir !== undefined || isImage.has(signed.name)
            ? (0,external_node_path_.join)(outputDir ?? '.', (0,external_node_path_.basename)(beside))
            : beside;
    };
    // The registry first: a refusal there leaves no file bundle behind either.
    const attached = noPush
        ? new Map()
        : await (0,cli_image/* attachAll */.ny)(toAttest, imageBundles);
    const toWrite = noPush ? result.bundles : fileBundles;
    await (0,write/* writeBundlesAtomically */.U)(toWrite.map((signed) => ({ path: outputPath(signed), bundle: signed.bundle })));
    const identity = result.certificateChain?.[0] !== undefined
        ? (0,extensions/* readIdentity */.xN)((0,x509/* parseCertificate */.hB)(result.certificateChain[0]))
        : undefined;
    const facts = (signed) => ({
        kind: signed.kind,
        path: attached.get(signed) ?? outputPath(signed),
        ...(0,signing/* bundleFacts */._8)(verified.get(signed)),
    });
    const summary = [
        ...artifacts.map((artifact) => ({
            path: artifact.path,
            sha256: artifact.sha256,
            bundles: fileBundles.filter((b) => b.name === artifact.path).map(facts),
        })),
        ...resolved.flatMap(({ text, images: named }) => named.map((image) => ({
            path: image.name,
            sha256: image.subject.digest.slice('sha256:'.length),
            image: { reference: text, digest: image.subject.digest },
            bundles: imageBundles.filter((b) => b.name === image.name).map(facts),
        }))),
    ];
    if ((0,args/* flagOption */.kY)(parsed, 'json')) {
        const json = {
            identity: identity ?? null,
            tokenSource: token.source,
            ...(keySigner && { key: keySigner.ref }),
            predicateType,
            artifacts: summary,
        };
        io.stdout(`${(0,core_text/* printableJson */.et)(json)}\n`);
    }
    else {
        if (identity !== undefined)
            io.stdout((0,core_text/* printed */.zd) `attested as ${(0,signing/* describeIdentity */.Cl)(identity)}\n`);
        io.stdout((0,core_text/* printed */.zd) `predicate type ${predicateType}\n`);
        for (const artifact of summary) {
            for (const bundle of artifact.bundles) {
                const where = artifact.image !== undefined && !noPush ? `attached as ${bundle.path}` : bundle.path;
                io.stdout((0,core_text/* printed */.zd) `${artifact.path}: ${bundle.kind} attestation ${where} (${(0,signing/* describeFacts */.Lm)(bundle)})\n`);
            }
        }
    }
    return cli_io/* EXIT */.d.ok;
}
/**
 * The predicate flags, checked before any file is read or service contacted: a predicate file
 * is read and parsed now, and provenance fails now outside CI (it is built from the token's
 * claims once the token is fetched).
 */
async function predicateSource(parsed, env) {
    const type = (0,args/* stringOption */.Pp)(parsed, 'type');
    const file = (0,args/* stringOption */.Pp)(parsed, 'predicate');
    if (type === undefined && file === undefined) {
        (0,provenance/* ciPlatform */.gk)(env);
        return { kind: 'provenance' };
    }
    if (type === undefined || file === undefined) {
        throw new cli_error/* CliError */.z('USAGE', type === undefined
            ? '--predicate needs --type URI, the predicate type it is'
            : '--type needs --predicate FILE, the predicate to attest');
    }
    if (!URL.canParse(type)) {
        throw new cli_error/* CliError */.z('USAGE', `--type takes a predicate type URI, got ${JSON.stringify(type)}`);
    }
    const predicate = (0,core_document/* parseJsonDocument */.dH)(await (0,core_document/* readFileLimited */.lB)(file, 'predicate', MAX_PREDICATE_BYTES), 'predicate', file);
    if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate)) {
        throw new cli_error/* CliError */.z('USAGE', `the predicate in ${file} must be a JSON object`);
    }
    return { kind: 'file', predicateType: type, predicate: predicate };
}
/** The token's claims for the provenance; a token that does not decode has none to give. */
function claimsOf(token) {
    try {
        return { claims: decodeJwt(token).payload };
    }
    catch {
        return {};
    }
}
/**
 * One statement per subject, named as actions/attest names them: a file by its file name, an
 * image by its repository.
 */
const statementFor = (name, sha256, predicateType, predicate) => ({
    _type: intoto/* IN_TOTO_STATEMENT_V1 */.tV,
    subject: [{ name, digest: { sha256 } }],
    predicateType,
    predicate,
});
//# sourceMappingURL=attest.js.map

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
