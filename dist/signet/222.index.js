export const id = 222;
export const ids = [222];
export const modules = {

/***/ 4347:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   Z4: () => (/* binding */ COSIGN_SIGN_PREDICATE_TYPE),
/* harmony export */   tV: () => (/* binding */ IN_TOTO_STATEMENT_V1)
/* harmony export */ });
/**
 * in-toto Statement v1 (in-toto/attestation spec/v1/statement.md), the payload of the DSSE
 * envelopes Signet signs: image signatures (cosign's sign predicate) and attestations.
 */
/** The DSSE payloadType of an in-toto statement. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/**
 * The predicate type of a cosign v3 image signature (cosign pkg/types/predicate.go
 * CosignSignPredicateType): a statement about the manifest digest with an empty predicate.
 */
const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
//# sourceMappingURL=intoto.js.map

/***/ }),

/***/ 2077:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _v: () => (/* binding */ IDENTITY_EXTENSIONS),
  xN: () => (/* binding */ readIdentity)
});

// UNUSED EXPORTS: FULCIO_OID_ARC, SIGNET_OID_ARC, SUBJECT_ALT_NAME_OID, identityExtensions, subjectAltName

// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(3218);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(3317);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/core/error.js
var error = __webpack_require__(279);
;// CONCATENATED MODULE: ./build/src/ca/error.js

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
class error_CaError extends error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/ca/extensions.js




/**
 * The identity a code-signing certificate carries: its subject alternative name plus the
 * Sigstore (Fulcio) extensions under 1.3.6.1.4.1.57264.1 and Signet's private ones. One table
 * drives both writing (the CA) and reading (verifiers and tests), so the two cannot drift.
 */
const SUBJECT_ALT_NAME_OID = x509/* OID */.Vx.subjectAltName;
const FULCIO_OID_ARC = '1.3.6.1.4.1.57264.1';
/**
 * Signet's private arc: a UUID OID (ITU-T X.667, `2.25.<UUID as an integer>`), which needs no
 * registration yet cannot collide. UUID 0149b9ed-3420-47e3-8ac5-3237ef24fcc6. Sub-arc `.1` holds
 * certificate extensions; docs/certificates.md lists every assignment.
 */
const SIGNET_OID_ARC = '2.25.1712036705441395351831227151337979078';
/** In emission order: Fulcio writes 1.1, 1.2-1.6, 1.8-1.24 in numeric order. */
const IDENTITY_EXTENSIONS = {
    issuerV1: { oid: `${FULCIO_OID_ARC}.1`, encoding: 'raw', label: 'Issuer (V1)' },
    githubWorkflowTrigger: {
        oid: `${FULCIO_OID_ARC}.2`,
        encoding: 'raw',
        label: 'GitHub Workflow Trigger',
    },
    githubWorkflowSha: { oid: `${FULCIO_OID_ARC}.3`, encoding: 'raw', label: 'GitHub Workflow SHA' },
    githubWorkflowName: {
        oid: `${FULCIO_OID_ARC}.4`,
        encoding: 'raw',
        label: 'GitHub Workflow Name',
    },
    githubWorkflowRepository: {
        oid: `${FULCIO_OID_ARC}.5`,
        encoding: 'raw',
        label: 'GitHub Workflow Repository',
    },
    githubWorkflowRef: { oid: `${FULCIO_OID_ARC}.6`, encoding: 'raw', label: 'GitHub Workflow Ref' },
    issuer: { oid: `${FULCIO_OID_ARC}.8`, encoding: 'utf8', label: 'Issuer (V2)' },
    buildSignerUri: { oid: `${FULCIO_OID_ARC}.9`, encoding: 'utf8', label: 'Build Signer URI' },
    buildSignerDigest: {
        oid: `${FULCIO_OID_ARC}.10`,
        encoding: 'utf8',
        label: 'Build Signer Digest',
    },
    runnerEnvironment: {
        oid: `${FULCIO_OID_ARC}.11`,
        encoding: 'utf8',
        label: 'Runner Environment',
    },
    sourceRepositoryUri: {
        oid: `${FULCIO_OID_ARC}.12`,
        encoding: 'utf8',
        label: 'Source Repository URI',
    },
    sourceRepositoryDigest: {
        oid: `${FULCIO_OID_ARC}.13`,
        encoding: 'utf8',
        label: 'Source Repository Digest',
    },
    sourceRepositoryRef: {
        oid: `${FULCIO_OID_ARC}.14`,
        encoding: 'utf8',
        label: 'Source Repository Ref',
    },
    sourceRepositoryIdentifier: {
        oid: `${FULCIO_OID_ARC}.15`,
        encoding: 'utf8',
        label: 'Source Repository Identifier',
    },
    sourceRepositoryOwnerUri: {
        oid: `${FULCIO_OID_ARC}.16`,
        encoding: 'utf8',
        label: 'Source Repository Owner URI',
    },
    sourceRepositoryOwnerIdentifier: {
        oid: `${FULCIO_OID_ARC}.17`,
        encoding: 'utf8',
        label: 'Source Repository Owner Identifier',
    },
    buildConfigUri: { oid: `${FULCIO_OID_ARC}.18`, encoding: 'utf8', label: 'Build Config URI' },
    buildConfigDigest: {
        oid: `${FULCIO_OID_ARC}.19`,
        encoding: 'utf8',
        label: 'Build Config Digest',
    },
    buildTrigger: { oid: `${FULCIO_OID_ARC}.20`, encoding: 'utf8', label: 'Build Trigger' },
    runInvocationUri: {
        oid: `${FULCIO_OID_ARC}.21`,
        encoding: 'utf8',
        label: 'Run Invocation URI',
    },
    sourceRepositoryVisibilityAtSigning: {
        oid: `${FULCIO_OID_ARC}.22`,
        encoding: 'utf8',
        label: 'Source Repository Visibility At Signing',
    },
    deploymentEnvironment: {
        oid: `${FULCIO_OID_ARC}.23`,
        encoding: 'utf8',
        label: 'Deployment Environment',
    },
    subject: { oid: `${FULCIO_OID_ARC}.24`, encoding: 'utf8', label: 'Token Subject' },
    /** GitLab `ref_protected`: whether the pipeline ran on a protected branch or tag. */
    refProtected: {
        oid: `${SIGNET_OID_ARC}.1.1`,
        encoding: 'utf8',
        label: 'Signet Ref Protected',
    },
    /** GitLab `environment_protected`: whether the job's deployment environment is protected. */
    environmentProtected: {
        oid: `${SIGNET_OID_ARC}.1.2`,
        encoding: 'utf8',
        label: 'Signet Environment Protected',
    },
};
const FIELD_BY_OID = new Map(Object.keys(IDENTITY_EXTENSIONS).map((field) => [
    IDENTITY_EXTENSIONS[field].oid,
    field,
]));
/**
 * The SAN extnValue. IA5String only holds ASCII, so a SAN with other characters is refused
 * rather than mangled.
 */
function subjectAltName(san) {
    if (!/^[\x20-\x7e]+$/.test(san.value)) {
        throw new CaError('IDENTITY_INVALID', `subject alternative name ${JSON.stringify(san.value)} must be printable ASCII`);
    }
    return sequence(tlv(GENERAL_NAME_TAG[san.type], Buffer.from(san.value, 'latin1')));
}
/**
 * The identity's extensions in Fulcio's order: SAN (critical, as the subject is empty), then
 * each present field. Empty values are left out, as Fulcio renders only non-empty fields.
 */
function identityExtensions(identity) {
    const out = [
        { oid: SUBJECT_ALT_NAME_OID, critical: true, value: subjectAltName(identity.san) },
    ];
    for (const field of Object.keys(IDENTITY_EXTENSIONS)) {
        const value = identity[field];
        if (value === undefined || value === '')
            continue;
        const { oid, encoding, label } = IDENTITY_EXTENSIONS[field];
        // Claims are checked where they are read; this also covers what configuration adds (a URL).
        const problem = controlCharacterProblem(value);
        if (problem !== undefined) {
            throw new CaError('IDENTITY_INVALID', `the ${label} extension (${oid}) value ${problem}`);
        }
        out.push({
            oid,
            value: encoding === 'raw' ? Buffer.from(value, 'utf8') : utf8String(value),
        });
    }
    return out;
}
function decodeValue(value, field) {
    const { encoding, label, oid } = IDENTITY_EXTENSIONS[field];
    if (encoding === 'raw')
        return value.toString('utf8');
    const node = (0,der/* parseDer */.zE)(value);
    if (node.tag !== der/* Tag */.vw.UTF8_STRING) {
        throw new error_CaError('IDENTITY_INVALID', `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`);
    }
    return node.value.toString('utf8');
}
/** Reads the identity back out of a certificate; the SAN must be a single URI or email. */
function readIdentity(cert) {
    if (!(0,x509/* findExtension */.bW)(cert, SUBJECT_ALT_NAME_OID)) {
        throw new error_CaError('IDENTITY_INVALID', 'certificate has no subject alternative name');
    }
    const names = (0,x509/* subjectAltNames */._X)(cert);
    if (names.length !== 1 || names[0] === undefined) {
        throw new error_CaError('IDENTITY_INVALID', `certificate must name exactly one URI or email identity, found ${names.length}`);
    }
    const identity = { san: names[0] };
    for (const ext of cert.extensions) {
        const field = FIELD_BY_OID.get(ext.oid);
        if (field !== undefined)
            identity[field] = decodeValue(ext.value, field);
    }
    return identity;
}
//# sourceMappingURL=extensions.js.map

/***/ }),

/***/ 5978:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $5: () => (/* binding */ serverTrustedRoot),
/* harmony export */   Lv: () => (/* binding */ TUF_OPTIONS),
/* harmony export */   NI: () => (/* binding */ isKeyReference),
/* harmony export */   SR: () => (/* binding */ loadTufTrust),
/* harmony export */   Vc: () => (/* binding */ loadTrust),
/* harmony export */   bf: () => (/* binding */ trustFrom),
/* harmony export */   cw: () => (/* binding */ tufOptions),
/* harmony export */   fg: () => (/* binding */ loadPublicKey),
/* harmony export */   wN: () => (/* binding */ PUBLIC_GOOD),
/* harmony export */   zf: () => (/* binding */ TUF_TRUSTED_ROOT)
/* harmony export */ });
/* unused harmony exports MAX_KEY_FILE_BYTES, MAX_TRUSTED_ROOT_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _core_document_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9096);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7422);
/* harmony import */ var _core_url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5708);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3317);
/* harmony import */ var _kms_signer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(81);
/* harmony import */ var _tuf_client_cache_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4121);
/* harmony import */ var _verify_trust_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3889);
/* harmony import */ var _verify_error_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4005);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2711);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3774);











/** A PEM public key, or a certificate with its chain, is a few KiB. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** Real trusted roots are tens of KiB; public-good's, with every retired key, under 100 KiB. */
const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;
/**
 * `--trusted-root public-good`: the public Sigstore instance's root, embedded (its snapshot
 * date is PUBLIC_GOOD_SNAPSHOT in src/verify/public-good.ts), so open-source artifacts signed
 * there verify offline too.
 */
const PUBLIC_GOOD = 'public-good';
/** A service's trusted root, as `--server` names it. */
const serverTrustedRoot = (server) => `${server.replace(/\/+$/, '')}/trusted_root.json`;
/**
 * Reads trusted_root.json from a file or URL; with `sha256`, refuses any other bytes (a policy
 * that names a URL should pin what it serves).
 */
async function loadTrust(source, options = {}) {
    const what = 'trusted root';
    if (source === PUBLIC_GOOD) {
        // Loaded only when asked for: the embedded document is tens of KiB of certificates.
        const { publicGoodTrustedRoot } = await __webpack_require__.e(/* import() */ 118).then(__webpack_require__.bind(__webpack_require__, 4118));
        return trustFrom(Buffer.from(JSON.stringify(publicGoodTrustedRoot())), source, options.sha256);
    }
    const bytes = await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_1__/* .readDocument */ .u0)(source, {
        what,
        maxBytes: MAX_TRUSTED_ROOT_BYTES,
        ...(options.http && { http: options.http }),
    });
    return trustFrom(bytes, source, options.sha256);
}
/** The options that take trust from a TUF repository, as `signet verify` and `signet sign` read them. */
const TUF_OPTIONS = {
    'tuf-url': { type: 'string' },
    'tuf-root': { type: 'string' },
    'tuf-cache': { type: 'string' },
};
/** The TUF target that is the trusted root, as public-good names it. */
const TUF_TRUSTED_ROOT = 'trusted_root.json';
/**
 * `--tuf-url URL [--tuf-root FILE] [--tuf-cache DIR]` as client options, or undefined when
 * trust does not come by TUF. Warnings (the mirror unreachable, the cache used) go to stderr.
 */
function tufOptions(parsed, io, command) {
    const url = (0,_args_js__WEBPACK_IMPORTED_MODULE_9__/* .stringOption */ .Pp)(parsed, 'tuf-url');
    if (url === undefined) {
        const orphan = ['tuf-root', 'tuf-cache'].find((name) => parsed.values[name] !== undefined);
        if (orphan !== undefined)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_10__/* .CliError */ .z('USAGE', `--${orphan} needs --tuf-url URL`);
        return undefined;
    }
    let problem;
    try {
        problem = (0,_core_url_js__WEBPACK_IMPORTED_MODULE_3__/* .fetchableUrlProblem */ .L)(new URL(url));
    }
    catch {
        problem = 'not a URL';
    }
    if (problem !== undefined)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_10__/* .CliError */ .z('USAGE', `--tuf-url ${url}: ${problem}`);
    const rootPath = (0,_args_js__WEBPACK_IMPORTED_MODULE_9__/* .stringOption */ .Pp)(parsed, 'tuf-root');
    return {
        url,
        ...(rootPath !== undefined && { rootPath }),
        cacheDir: (0,_args_js__WEBPACK_IMPORTED_MODULE_9__/* .stringOption */ .Pp)(parsed, 'tuf-cache') ?? (0,_tuf_client_cache_js__WEBPACK_IMPORTED_MODULE_6__/* .tufCacheDir */ .$)(url, io.env),
        warn: (message) => io.stderr((0,_core_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printed */ .zd) `signet ${command}: warning: ${message}\n`),
    };
}
/** The trusted root a TUF repository distributes, verified through its metadata. */
async function loadTufTrust(options) {
    // Loaded only when asked for: tuf-js and its HTTP stack add a third of a second to start-up.
    const { fetchTufTarget } = await Promise.all(/* import() */[__webpack_require__.e(706), __webpack_require__.e(879)]).then(__webpack_require__.bind(__webpack_require__, 7879));
    const target = await fetchTufTarget(TUF_TRUSTED_ROOT, options);
    return trustFrom(target.bytes, target.source, undefined);
}
/** Trust from trusted_root.json bytes; with `pinned`, only those whose SHA-256 it is. */
function trustFrom(bytes, source, pinned) {
    const sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex');
    if (pinned !== undefined && pinned !== sha256) {
        throw new _verify_error_js__WEBPACK_IMPORTED_MODULE_8__/* .VerifyError */ .G('TRUST_ROOT_INVALID', `trusted root ${source}: its SHA-256 is not the pinned one`, { check: 'trusted root', expected: pinned, actual: sha256 });
    }
    const trust = _verify_trust_js__WEBPACK_IMPORTED_MODULE_7__/* .TrustMaterial */ .G.fromTrustedRoot((0,_core_document_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJsonDocument */ .dH)(bytes, 'trusted root', source));
    return { trust, source, sha256 };
}
/** A key named by reference (awskms:///...): it is asked for, not read from a file. */
const isKeyReference = (ref) => ref.includes('://');
/** A public key (DER SPKI) from a PEM file (a public key, certificate or private key) or KMS. */
async function loadPublicKey(ref) {
    if (isKeyReference(ref))
        return (await (0,_kms_signer_js__WEBPACK_IMPORTED_MODULE_5__/* .openSigner */ .Hs)(ref)).publicKey;
    const pem = (await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_1__/* .readFileLimited */ .lB)(ref, 'public key', MAX_KEY_FILE_BYTES)).toString('utf8');
    try {
        // createPublicKey reads the public key out of a certificate or a private key too.
        return (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_4__/* .spkiOf */ .Bb)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(pem));
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_10__/* .CliError */ .z('USAGE', `the key ${ref} is not a PEM public key, certificate or private key: ${error.message}`, { cause: error });
    }
}
//# sourceMappingURL=trust.js.map

/***/ }),

/***/ 9096:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dH: () => (/* binding */ parseJsonDocument),
/* harmony export */   gU: () => (/* binding */ isUrl),
/* harmony export */   lB: () => (/* binding */ readFileLimited),
/* harmony export */   u0: () => (/* binding */ readDocument)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(279);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9001);



const isUrl = (fileOrUrl) => /^https?:\/\//i.test(fileOrUrl);
async function readDocument(fileOrUrl, options) {
    if (isUrl(fileOrUrl)) {
        const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .request */ .Em)({ method: 'GET', url: fileOrUrl, what: options.what }, { ...options.http, maxResponseBytes: options.maxBytes });
        return response.body;
    }
    return readFileLimited(fileOrUrl, options.what, options.maxBytes);
}
/** A regular file's bytes, refused with a message naming `what` when missing or too large. */
async function readFileLimited(path, what, maxBytes) {
    const fail = (why, cause) => new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('FILE_UNREADABLE', `cannot read the ${what} ${path}: ${why}`, { cause });
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    }
    catch (error) {
        const code = error.code;
        throw fail(code === 'ENOENT' ? 'no such file' : error.message, error);
    }
    try {
        const stats = await handle.stat();
        if (!stats.isFile())
            throw fail('not a regular file');
        if (stats.size > maxBytes) {
            throw fail(`${stats.size} bytes is more than the ${maxBytes} it may have`);
        }
        return await handle.readFile();
    }
    catch (error) {
        if (error instanceof _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a)
            throw error;
        throw fail(error.message, error);
    }
    finally {
        await handle.close();
    }
}
/** JSON text as a value; a byte-order mark (some editors on Windows write one) is allowed. */
function parseJsonDocument(bytes, what, source) {
    try {
        return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('JSON_INVALID', `the ${what} ${source} is not JSON: ${error.message}`, {
            cause: error,
        });
    }
}
//# sourceMappingURL=document.js.map

/***/ }),

/***/ 9001:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ postJson),
/* harmony export */   Em: () => (/* binding */ request),
/* harmony export */   Tt: () => (/* binding */ getJson),
/* harmony export */   j$: () => (/* binding */ HttpError)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_RETRIES, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_RESPONSE_BYTES, MAX_QUOTED_BODY, isTransientStatus, parseJson, serviceMessage, retryAfterMs, backoffMs */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(279);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5708);




/**
 * Raised by the client and the service clients built on it. `message` names the service, the
 * URL and what happened; `detail` is only what happened ("answered HTTP 404 Not Found", "no
 * complete answer within 5000 ms"), for callers that name the service in their own words.
 */
class HttpError extends _error_js__WEBPACK_IMPORTED_MODULE_2__/* .SignetError */ .T {
    /** The HTTP status, when the service answered. */
    status;
    /** The wait the service asked for with Retry-After, in ms, when it did. */
    retryAfterMs;
    detail;
    constructor(code, message, options) {
        super(code, message, options);
        if (options?.status !== undefined)
            this.status = options.status;
        if (options?.retryAfterMs !== undefined)
            this.retryAfterMs = options.retryAfterMs;
        this.detail = options?.detail ?? message;
    }
}
/**
 * The one HTTP client of Signet: the signing services (CA, transparency log, TSA), the signing
 * config and trusted root, OIDC discovery and JWKS, identity token endpoints, a CA's CT log
 * and doctor's checks of a running service all go through `request`. node:http(s) rather than
 * global fetch, which cannot take a CA bundle per request. Each call chooses its deadline,
 * retries (transient failures only, exponential backoff with jitter, Retry-After honoured),
 * response size limit and trusted CAs. Redirects are never followed. Errors name the URL and
 * carry the service's own reason; request bodies and headers (which hold identity tokens)
 * never appear in them.
 */
/**
 * Per attempt, for the whole exchange (connect, headers, body). Rekor v2 answers only once the
 * entry is in a published checkpoint, and rekor-tiles tells clients to allow at least 20 s
 * (sigstore-go uses 30 s).
 */
const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt, as sigstore-js's default fetch policy. */
const DEFAULT_RETRIES = 3;
/** First backoff; doubled per retry. */
const DEFAULT_BACKOFF_MS = 500;
/** No single wait is longer, whatever the attempt count or a Retry-After asks. */
const DEFAULT_MAX_BACKOFF_MS = 10_000;
/** Certificates, log entries and timestamps are a few KiB; anything near this is not one. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** How much of a non-JSON error body is quoted in a message. */
const MAX_QUOTED_BODY = 500;
/** Statuses worth retrying: the request was fine, the service was not (yet). */
const isTransientStatus = (status) => status === 408 || status === 429 || status >= 500;
async function request(req, options = {}) {
    const retries = options.retries ?? DEFAULT_RETRIES;
    const expect = req.expect ?? [200];
    const url = checkUrl(req, options);
    for (let attempt = 0;; attempt++) {
        throwIfAborted(options.signal, req);
        let outcome = await attemptOnce(req, url, options);
        // A kept-alive connection the service closed just as it was reused: the request never
        // reached it, so it is sent again at once, whatever the retries (Node documents this
        // pattern with ClientRequest.reusedSocket).
        if ('failure' in outcome && outcome.staleConnection) {
            outcome = await attemptOnce(req, url, options);
        }
        if ('response' in outcome && expect.includes(outcome.response.status)) {
            return outcome.response;
        }
        const transient = 'failure' in outcome ? !outcome.permanent : isTransientStatus(outcome.response.status);
        if (!transient || attempt >= retries) {
            throw 'failure' in outcome
                ? failureError(req, outcome, attempt + 1)
                : statusError(req, outcome.response, attempt + 1, transient);
        }
        const retryAfter = 'response' in outcome ? retryAfterMs(header(outcome.response, 'retry-after')) : undefined;
        await sleep(backoffMs(attempt, retryAfter, options), options.signal, req);
    }
}
/** POSTs JSON (or nothing, without `body`) and parses the JSON answer. */
async function postJson(req, options) {
    const { body, ...rest } = req;
    const response = await request({
        ...rest,
        method: 'POST',
        ...(body !== undefined && { body: JSON.stringify(body) }),
        headers: {
            ...(body !== undefined && { 'content-type': 'application/json' }),
            accept: 'application/json',
            ...req.headers,
        },
    }, options);
    return { json: parseJson(req, response), response };
}
/** GETs a JSON document, whatever content type it is served with. */
async function getJson(req, options) {
    const response = await request({ ...req, method: 'GET', headers: { accept: 'application/json', ...req.headers } }, options);
    return parseJson(req, response);
}
/** The body as JSON (a leading byte order mark tolerated), or RESPONSE_INVALID. */
function parseJson(req, response) {
    let text = response.body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    try {
        return JSON.parse(text);
    }
    catch (error) {
        const detail = `answered HTTP ${response.status} with ${response.body.length} bytes that are not JSON`;
        throw new HttpError('RESPONSE_INVALID', `the ${req.what} at ${req.url} ${detail}`, {
            cause: error,
            status: response.status,
            detail,
        });
    }
}
const header = (response, name) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
};
const describe = (req) => `${req.method} ${req.url} (${req.what})`;
function checkUrl(req, options) {
    let url;
    try {
        url = new URL(req.url);
    }
    catch {
        throw new HttpError('URL_INVALID', `the ${req.what} URL "${req.url}" is not a valid URL`, {
            detail: 'not a valid URL',
        });
    }
    // Requests carry identity tokens and their answers are trusted to build bundles: plain http
    // is for a service on this machine only, unless the caller says the request is neither.
    const problem = (0,_url_js__WEBPACK_IMPORTED_MODULE_3__/* .fetchableUrlProblem */ .L)(url);
    const plainHttpAllowed = options.allowPlainHttp === true &&
        url.protocol === 'http:' &&
        url.username === '' &&
        url.password === '';
    if (problem !== undefined && !plainHttpAllowed) {
        throw new HttpError('URL_INVALID', `the ${req.what} URL ${req.url}: ${problem}`, {
            detail: problem,
        });
    }
    return url;
}
/**
 * TLS verification failures: the same certificate will be presented again. Node reports
 * OpenSSL's verify result as the error code (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED...)
 * and a name mismatch as ERR_TLS_CERT_ALTNAME_INVALID.
 */
const isCertificateError = (code) => typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
function attemptOnce(req, url, options) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
        let settled = false;
        let answered = false;
        let client;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            if (outcome instanceof HttpError) {
                client?.destroy();
                reject(outcome);
                return;
            }
            if ('failure' in outcome)
                client?.destroy();
            resolve(outcome);
        };
        const onAbort = () => finish(new HttpError('ABORTED', `${describe(req)} cancelled`, {
            cause: options.signal?.reason,
            detail: 'cancelled',
        }));
        // One deadline for the whole exchange: a service trickling bytes must not hold the caller.
        const timer = setTimeout(() => finish({ failure: `no complete answer within ${timeoutMs} ms` }), timeoutMs);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const body = req.body === undefined ? undefined : Buffer.from(req.body);
        try {
            client = (url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request)(url, {
                method: req.method,
                headers: {
                    'user-agent': options.userAgent ?? 'signet',
                    // A length even for an empty POST: some services refuse chunked requests.
                    ...(req.method !== 'GET' &&
                        req.method !== 'HEAD' && { 'content-length': String(body?.length ?? 0) }),
                    ...req.headers,
                },
                ...(options.ca !== undefined && { ca: options.ca }),
            });
        }
        catch (error) {
            // Synchronous failures are option errors, e.g. a CA bundle OpenSSL cannot read.
            finish({ failure: error.message, cause: error, permanent: true });
            return;
        }
        client.on('error', (error) => finish({
            failure: error.message,
            cause: error,
            permanent: isCertificateError(error.code),
            staleConnection: !answered && client?.reusedSocket === true && error.code === 'ECONNRESET',
        }));
        client.on('response', (response) => {
            answered = true;
            // A HEAD answer's Content-Length is the size of what a GET would send, not a body.
            const refusal = req.method === 'HEAD' ? undefined : refusalOf(response, maxBytes);
            if (refusal !== undefined) {
                response.resume();
                finish({ failure: refusal, permanent: true });
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes) {
                    finish({ failure: `the response exceeds ${maxBytes} bytes`, permanent: true });
                }
                else
                    chunks.push(chunk);
            });
            response.on('error', (error) => finish({ failure: error.message, cause: error }));
            response.on('close', () => {
                if (!response.complete) {
                    finish({ failure: 'the connection closed before the response was complete' });
                }
            });
            response.on('end', () => finish({
                response: {
                    status: response.statusCode ?? 0,
                    statusText: response.statusMessage ?? '',
                    headers: response.headers,
                    body: Buffer.concat(chunks),
                },
            }));
        });
        client.end(body);
    });
}
/** Why a response is refused from its headers alone, if it is. */
function refusalOf(response, maxBytes) {
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
        return `the response is ${length} bytes, above the limit of ${maxBytes}`;
    }
    // No Accept-Encoding is sent, so an encoded body would be read as garbage.
    const encoding = response.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
        return `answered with content-encoding ${encoding}, which was not asked for`;
    }
    return undefined;
}
/** The service's reason: protojson/grpc-gateway and timestamp-authority errors have `message`. */
function serviceMessage(body) {
    const text = body.toString('utf8').trim();
    if (text === '')
        return undefined;
    try {
        const json = JSON.parse(text);
        if (typeof json.message === 'string')
            return json.message;
        if (typeof json.error === 'string')
            return json.error;
    }
    catch {
        // Not JSON: quote the text itself (e.g. Rekor's frozen-log 405 is plain text).
    }
    if (body.includes(0))
        return undefined;
    return text.length > MAX_QUOTED_BODY ? `${text.slice(0, MAX_QUOTED_BODY)}…` : text;
}
const attemptsNote = (attempts) => attempts > 1 ? ` (after ${attempts} attempts)` : '';
function failureError(req, failure, attempts) {
    return new HttpError(failure.permanent ? 'SERVICE_REFUSED' : 'SERVICE_UNAVAILABLE', `${describe(req)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${failure.failure}`, { cause: failure.cause, detail: `${failure.failure}${attemptsNote(attempts)}` });
}
function statusError(req, response, attempts, transient) {
    const { status } = response;
    const reason = serviceMessage(response.body);
    let detail = `answered HTTP ${status}`;
    if (status >= 300 && status < 400) {
        const location = header(response, 'location');
        detail += `, a redirect${location ? ` to ${location}` : ''}; redirects are not followed: configure the final URL`;
    }
    else if (reason !== undefined) {
        detail += `: ${reason}`;
    }
    else if (response.statusText !== '') {
        detail += ` ${response.statusText}`;
    }
    detail += attemptsNote(attempts);
    const wait = retryAfterMs(header(response, 'retry-after'));
    return new HttpError(transient ? 'SERVICE_UNAVAILABLE' : 'SERVICE_REFUSED', `the ${req.what} at ${req.url} ${detail}`, { status, detail, ...(wait !== undefined && { retryAfterMs: wait }) });
}
/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), in ms; undefined if absent. */
function retryAfterMs(value, now = Date.now()) {
    if (value === null || value === undefined)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/**
 * Exponential with "equal jitter" (half fixed, half random), so that many CI jobs failing at
 * once do not retry in lockstep. A Retry-After the service sent replaces the computed wait,
 * within the same cap.
 */
function backoffMs(attempt, retryAfter, options = {}) {
    const max = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    if (retryAfter !== undefined)
        return Math.min(retryAfter, max);
    const base = Math.min(max, (options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** attempt);
    return base / 2 + Math.random() * (base / 2);
}
function throwIfAborted(signal, req) {
    if (signal?.aborted) {
        throw new HttpError('ABORTED', `${describe(req)} cancelled`, {
            cause: signal.reason,
            detail: 'cancelled',
        });
    }
}
function sleep(ms, signal, req) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(new HttpError('ABORTED', `${describe(req)} cancelled`, {
                cause: signal?.reason,
                detail: 'cancelled',
            }));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
//# sourceMappingURL=http.js.map

/***/ }),

/***/ 5887:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   oW: () => (/* binding */ parsePem),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   ub: () => (/* binding */ parseSinglePem)
/* harmony export */ });
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;
/** Encodes DER as one PEM block with 64-column lines and a trailing newline. */
function toPem(label, der) {
    const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    let body = '';
    for (let i = 0; i < base64.length; i += 64)
        body += `${base64.slice(i, i + 64)}\n`;
    return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
/** All PEM blocks in a text, in order; optionally only those with `label`. */
function parsePem(text, label) {
    const blocks = [];
    for (const match of text.matchAll(BLOCK)) {
        const [, found, body] = match;
        if (found === undefined || body === undefined)
            continue;
        if (label !== undefined && found !== label)
            continue;
        blocks.push({ label: found, der: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
    }
    return blocks;
}
/** Exactly one PEM block with `label`, or a CoreError naming what was found instead. */
function parseSinglePem(text, label) {
    const blocks = parsePem(text, label);
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('PEM_INVALID', `expected exactly one PEM block labelled ${label}, found ${blocks.length}`);
    }
    return blocks[0].der;
}
//# sourceMappingURL=pem.js.map

/***/ }),

/***/ 9361:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e4: () => (/* binding */ PrehashError),
  FP: () => (/* binding */ parseSpki),
  Fn: () => (/* binding */ verifyPrehashedKey),
  jS: () => (/* binding */ verifyPrehashedSpki)
});

// UNUSED EXPORTS: SPKI_CACHE_SIZE, parseEcSpki, verifyPrehashed

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(3218);
// EXTERNAL MODULE: ./build/src/core/error.js
var error = __webpack_require__(279);
;// CONCATENATED MODULE: ./build/src/core/mod-inverse.js
/**
 * Modular inversion for the prehashed ECDSA check (prehash.ts), which needs two per signature
 * (one modulo the group order, one modulo the field prime) and whose inputs are all public, so
 * none of this is constant-time.
 *
 * Lehmer's extended Euclid (Knuth, TAOCP 4.5.2, Algorithm L): runs of quotients are found from
 * the leading 50 bits in float arithmetic and applied to the operands as one 2x2 matrix. The
 * operands and cofactors live in preallocated arrays of 24-bit limbs rather than in BigInts,
 * because every BigInt operation allocates. Every float product stays exact: cofactors are kept
 * at most 2^26 and limbs below 2^24, so a limb of A·x + B·y plus its carry stays below 2^53.
 */
const LIMB_BITS = 24;
const LIMB = 2 ** LIMB_BITS;
/** Bits of the operands' leading digits that one run of quotients works from. */
const DIGIT_BITS = 50;
/** The largest cofactor a run may build; a run stops before exceeding it. */
const MAX_COFACTOR = 2 ** 26;
/** Limbs for the largest modulus taken (P-521's) plus the sign limb. */
const MAX_LIMBS = Math.ceil(521 / LIMB_BITS) + 1;
const POW2 = Array.from({ length: 3 * LIMB_BITS }, (_, k) => 2 ** k);
// Scratch limbs, reused by every call: modInverse is synchronous and calls nothing that could
// re-enter it. Each holds a value as little-endian limbs, every limb in [0, 2^24) but the
// top one of the `count` in use, which is signed.
const scratch = Array.from({ length: 8 }, () => new Float64Array(MAX_LIMBS));
const bytes = Buffer.alloc(3 * MAX_LIMBS);
/**
 * The inverse of `a` modulo the odd prime `m` (at most 521 bits), for `a` in [1, m-1]. The
 * result is checked by one multiplication, which turns any slip into a loud failure rather than
 * a wrong verdict.
 */
function modInverse(a, m) {
    if (a <= 0n || a >= m)
        throw new RangeError('modular inverse: the value must be in [1, m-1]');
    const mHex = m.toString(16);
    if (mHex.length * 4 > 528)
        throw new RangeError('modular inverse: the modulus is too large');
    // One spare limb: cofactors are signed and as large as m, and the top limb carries the sign.
    const count = Math.ceil((mHex.length * 4) / LIMB_BITS) + 1;
    let [u, v, tu, tv, nextU, nextV, nextTu, nextTv] = scratch;
    setLimbs(u, mHex, count);
    setLimbs(v, a.toString(16), count);
    tu.fill(0, 0, count);
    tv.fill(0, 0, count);
    tv[0] = 1;
    // u ≡ tu·a and v ≡ tv·a (mod m) throughout, and u > v >= 0.
    let top = count - 1;
    for (;;) {
        while (top > 0 && u[top] === 0)
            top--;
        if (isZero(v, top))
            break;
        const bits = top * LIMB_BITS + (32 - Math.clz32(u[top]));
        const shift = bits > DIGIT_BITS ? bits - DIGIT_BITS : 0;
        let uHat = leading(u, shift, top);
        let vHat = leading(v, shift, top);
        let A = 1;
        let B = 0;
        let C = 0;
        let D = 1;
        for (;;) {
            let q;
            if (shift === 0) {
                // The digits are the operands themselves (below 2^50): the quotient is exact.
                if (vHat === 0)
                    break;
                q = Math.floor(uHat / vHat);
            }
            else {
                // From leading digits only, a quotient holds if both bounds of the ratio agree on it.
                if (vHat + C === 0 || vHat + D === 0)
                    break;
                q = Math.floor((uHat + A) / (vHat + C));
                if (q !== Math.floor((uHat + B) / (vHat + D)))
                    break;
            }
            const c = A - q * C;
            const d = B - q * D;
            if (Math.abs(c) > MAX_COFACTOR || Math.abs(d) > MAX_COFACTOR)
                break;
            A = C;
            B = D;
            C = c;
            D = d;
            const rest = uHat - q * vHat;
            uHat = vHat;
            vHat = rest;
        }
        if (B === 0) {
            // No quotient settled from the digits (a quotient beyond 2^26, or digits too close to
            // tell): one exact step in BigInts. Rare enough that its cost does not matter.
            const bu = fromLimbs(u, count);
            const bv = fromLimbs(v, count);
            const q = bu / bv;
            const remainder = bu - q * bv;
            const cofactor = fromLimbs(tu, count) - q * fromLimbs(tv, count);
            setLimbs(u, bv.toString(16), count);
            setLimbs(v, remainder.toString(16), count);
            const swap = tu;
            tu = tv;
            tv = swap;
            setSigned(tv, cofactor, count);
            continue;
        }
        combine(nextU, u, v, A, B, count);
        combine(nextV, u, v, C, D, count);
        combine(nextTu, tu, tv, A, B, count);
        combine(nextTv, tu, tv, C, D, count);
        let swap = u;
        u = nextU;
        nextU = swap;
        swap = v;
        v = nextV;
        nextV = swap;
        swap = tu;
        tu = nextTu;
        nextTu = swap;
        swap = tv;
        tv = nextTv;
        nextTv = swap;
    }
    const t = fromLimbs(tu, count);
    const inverse = t < 0n ? t + m : t;
    if (u[0] !== 1 || !isZero(u.subarray(1), count - 2) || (a * inverse) % m !== 1n) {
        throw new Error(`modular inverse failed (gcd ${fromLimbs(u, count)}); the modulus must be prime`);
    }
    return inverse;
}
/** Writes a non-negative value, given in hex, into the first `count` limbs. */
function setLimbs(limbs, hex, count) {
    const digits = LIMB_BITS / 4;
    let end = hex.length;
    for (let i = 0; i < count; i++, end -= digits) {
        limbs[i] = end > 0 ? parseInt(hex.slice(end > digits ? end - digits : 0, end), 16) : 0;
    }
}
/** Writes a value that may be negative: the top limb takes the sign. */
function setSigned(limbs, value, count) {
    if (value >= 0n) {
        setLimbs(limbs, value.toString(16), count);
        return;
    }
    setLimbs(limbs, (value + (1n << BigInt(LIMB_BITS * (count - 1)))).toString(16), count);
    limbs[count - 1] = limbs[count - 1] - 1;
}
function fromLimbs(limbs, count) {
    const last = count - 1;
    // Big-endian bytes of the unsigned limbs, read as one hex number.
    for (let i = 0, at = 3 * last - 1; i < last; i++, at -= 3) {
        const limb = limbs[i];
        bytes[at] = limb & 0xff;
        bytes[at - 1] = (limb >>> 8) & 0xff;
        bytes[at - 2] = limb >>> 16;
    }
    const rest = BigInt(`0x${bytes.toString('hex', 0, 3 * last)}`);
    const high = limbs[last];
    return high === 0 ? rest : (BigInt(high) << BigInt(LIMB_BITS * last)) + rest;
}
function isZero(limbs, top) {
    for (let i = 0; i <= top; i++)
        if (limbs[i] !== 0)
            return false;
    return true;
}
/** ⌊x / 2^shift⌋ for x < 2^(shift + 51), exactly. */
function leading(x, shift, top) {
    const first = Math.floor(shift / LIMB_BITS);
    const offset = shift - first * LIMB_BITS;
    let hat = Math.floor(x[first] / POW2[offset]);
    for (let i = first + 1, k = LIMB_BITS - offset; i <= top; i++, k += LIMB_BITS) {
        hat += x[i] * POW2[k];
    }
    return hat;
}
/** out = a·x + b·y over `count` limbs; the top limb keeps the sign. */
function combine(out, x, y, a, b, count) {
    const last = count - 1;
    let carry = 0;
    for (let i = 0; i < last; i++) {
        const t = a * x[i] + b * y[i] + carry;
        carry = Math.floor(t / LIMB);
        out[i] = t - carry * LIMB;
    }
    out[last] = a * x[last] + b * y[last] + carry;
}
//# sourceMappingURL=mod-inverse.js.map
;// CONCATENATED MODULE: ./build/src/core/prehash.js




class PrehashError extends error/* SignetError */.T {
}
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const CURVE_LIST = [
    {
        name: 'prime256v1',
        strategy: 'ecdh',
        spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
        compressedSpkiPrefix: Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
        p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
        b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
        n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
        nBits: 256,
        size: 32,
    },
    {
        name: 'secp384r1',
        strategy: 'shifted-key',
        spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
        compressedSpkiPrefix: Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
        p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
        b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
        n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
        nBits: 384,
        size: 48,
    },
    {
        name: 'secp521r1',
        strategy: 'shifted-key',
        spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
        compressedSpkiPrefix: Buffer.from('3058301006072a8648ce3d020106052b81040023034400', 'hex'),
        p: 2n ** 521n - 1n,
        b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
        n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
        nBits: 521,
        size: 66,
    },
];
/** Supported curves by named-curve OID (RFC 5480 2.1.1.1). */
const CURVES_BY_OID = new Map([
    ['1.2.840.10045.3.1.7', CURVE_LIST[0]],
    ['1.3.132.0.34', CURVE_LIST[1]],
    ['1.3.132.0.35', CURVE_LIST[2]],
]);
/** Names for the messages about keys that are refused (OpenSSL's names). */
const OTHER_CURVE_NAMES = new Map([
    ['1.3.132.0.10', 'secp256k1'],
    ['1.3.132.0.33', 'secp224r1'],
    ['1.2.840.10045.3.1.1', 'prime192v1'],
    ['1.3.36.3.3.2.8.1.1.7', 'brainpoolP256r1'],
    ['1.3.36.3.3.2.8.1.1.11', 'brainpoolP384r1'],
    ['1.3.36.3.3.2.8.1.1.13', 'brainpoolP512r1'],
    ['1.2.156.10197.1.301', 'SM2'],
]);
const OTHER_ALGORITHM_NAMES = new Map([
    ['1.3.101.112', 'ed25519'],
    ['1.3.101.113', 'ed448'],
    ['1.3.101.110', 'x25519'],
    ['1.3.101.111', 'x448'],
    ['1.2.840.113549.1.1.10', 'rsa-pss'],
    ['1.2.840.10040.4.1', 'dsa'],
    ['1.2.840.10046.2.1', 'dh'],
]);
/** DER DigestInfo up to the OCTET STRING header, keyed by digest length (RFC 8017 9.2 note 1). */
const DIGEST_INFO_PREFIXES = new Map([
    [32, Buffer.from('3031300d060960864801650304020105000420', 'hex')],
    [48, Buffer.from('3041300d060960864801650304020205000430', 'hex')],
    [64, Buffer.from('3051300d060960864801650304020305000440', 'hex')],
]);
const MIN_RSA_BITS = 2048;
/**
 * The fixed message the shifted-key strategy hands to OpenSSL, and its digest h0 as a
 * scalar. SHA-256 is no longer than the order of P-384 or P-521, so no truncation applies.
 */
const SHIFT_HASH = 'sha256';
const SHIFT_MESSAGE = Buffer.alloc(0);
const SHIFT_DIGEST = bytesToBigInt((0,external_node_crypto_.createHash)(SHIFT_HASH).update(SHIFT_MESSAGE).digest());
/**
 * Parsed keys by SPKI bytes, least recently used first. Log traffic repeats a few keys (KMS
 * signers) among many one-off ones (ephemeral keyless keys); a hit saves the parse and the
 * on-curve check (a few µs for EC) or the OpenSSL import (≈ 120 µs for RSA).
 */
const SPKI_CACHE_SIZE = 1024;
const spkiCache = new Map();
// KeyObject callers: the parse per key object (a WeakMap never holds a key alive).
const keyObjectCache = new WeakMap();
// ECDH objects are only used synchronously and hold no secret (their "private keys" are
// derived from public values), so one per curve can be shared by every call.
const ecdhByCurve = new Map();
/**
 * Verifies `signature` over an already computed `digest` with `publicKey` (SPKI KeyObject).
 * ECDSA P-256/P-384/P-521 (DER signature), RSA PKCS#1 v1.5 (DigestInfo with the hash
 * implied by digest length: 32->SHA-256, 48->SHA-384, 64->SHA-512). Returns false for any
 * invalid signature, and for a digest that is not 32, 48 or 64 bytes long; throws
 * PrehashError only for unsupported key types.
 *
 * ECDSA follows SEC 1 4.1.4: a digest longer than the group order is truncated to its
 * leftmost bits, so for example a SHA-512 digest verifies against P-256 exactly as
 * `crypto.verify('sha512', ...)` would. High-S signatures are accepted, as OpenSSL does.
 */
function verifyPrehashed(publicKey, digest, signature) {
    return verifyPrehashedKey(keyObjectInfo(publicKey), digest, signature);
}
/**
 * `verifyPrehashed` for a key given as DER SubjectPublicKeyInfo bytes (what Rekor entries and
 * certificates carry). Throws PrehashError PREHASH_INVALID_KEY for bytes that `parseSpki`
 * refuses and PREHASH_UNSUPPORTED_KEY for keys it cannot verify with.
 */
function verifyPrehashedSpki(spki, digest, signature) {
    return verifyPrehashedKey(parseSpki(spki), digest, signature);
}
/** `verifyPrehashed` for a key `parseSpki` returned. */
function verifyPrehashedKey(key, digest, signature) {
    if (key.kind === 'unsupported')
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.reason);
    if (key.kind === 'rsa' && key.modulusBits < MIN_RSA_BITS) {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `RSA keys need a modulus of at least ${MIN_RSA_BITS} bits, this one has ${key.modulusBits}`);
    }
    const digestInfoPrefix = DIGEST_INFO_PREFIXES.get(digest.length);
    if (digestInfoPrefix === undefined)
        return false;
    if (key.kind === 'rsa') {
        return verifyRsa(key.key, Math.ceil(key.modulusBits / 8), digestInfoPrefix, digest, signature);
    }
    return verifyEcdsa(ecInfo(key), digest, signature);
}
/**
 * Reads a DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7) strictly: DER only, nothing after it.
 * - id-ecPublicKey with a named curve P-256, P-384 or P-521 (RFC 5480) and an uncompressed
 *   or compressed point (SEC 1 2.3.3; a compressed one is expanded natively): the point's
 *   coordinates must be below p and satisfy the curve equation, else PREHASH_INVALID_KEY.
 *   The hybrid form and the point at infinity are refused the same way.
 * - rsaEncryption with NULL parameters (RFC 3279 2.3.1): the modulus length is read from the
 *   DER, and the key is imported once for `publicDecrypt`.
 * - Anything else that is well-formed (another algorithm or curve, explicit EC parameters)
 *   comes back as `unsupported`, with the reason a verification would give.
 * EC and RSA results are cached by SPKI bytes (bounded, least recently used evicted).
 */
function parseSpki(spki) {
    const cacheKey = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1');
    const cached = spkiCache.get(cacheKey);
    if (cached !== undefined) {
        spkiCache.delete(cacheKey);
        spkiCache.set(cacheKey, cached);
        return cached;
    }
    const parsed = parseSpkiUncached(spki);
    if (parsed.kind !== 'unsupported') {
        if (spkiCache.size >= SPKI_CACHE_SIZE) {
            spkiCache.delete(spkiCache.keys().next().value);
        }
        spkiCache.set(cacheKey, parsed);
    }
    return parsed;
}
/** `parseSpki` for callers that only take EC keys: anything else is a PrehashError. */
function parseEcSpki(spki) {
    const key = parseSpki(spki);
    if (key.kind === 'ec')
        return key;
    throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.kind === 'rsa' ? 'expected an EC key, got an RSA key' : key.reason);
}
function parseSpkiUncached(spki) {
    const bytes = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength);
    // Fast path: for a supported curve there is exactly one DER encoding of everything before
    // the point, so a prefix comparison is a complete parse of it.
    for (const curve of CURVE_LIST) {
        if (bytes.length === curve.spkiPrefix.length + 1 + 2 * curve.size) {
            if (bytes.subarray(0, curve.spkiPrefix.length).equals(curve.spkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.spkiPrefix.length));
            }
        }
        else if (bytes.length === curve.compressedSpkiPrefix.length + 1 + curve.size) {
            if (bytes.subarray(0, curve.compressedSpkiPrefix.length).equals(curve.compressedSpkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.compressedSpkiPrefix.length));
            }
        }
    }
    let algorithm;
    let parameters;
    let subjectPublicKey;
    try {
        const fields = (0,der/* parseDer */.zE)(bytes).expect(der/* Tag */.vw.SEQUENCE, 'SubjectPublicKeyInfo').children();
        if (fields.length !== 2)
            throw invalidKey('a SubjectPublicKeyInfo has exactly two fields');
        const identifier = fields[0].expect(der/* Tag */.vw.SEQUENCE, 'algorithm').children();
        if (identifier.length < 1 || identifier.length > 2) {
            throw invalidKey('malformed AlgorithmIdentifier');
        }
        algorithm = identifier[0].toOid('algorithm');
        parameters = identifier[1];
        const bitString = fields[1].expect(der/* Tag */.vw.BIT_STRING, 'subjectPublicKey').value;
        if (bitString[0] !== 0)
            throw invalidKey('subjectPublicKey has unused bits');
        subjectPublicKey = bitString.subarray(1);
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER SubjectPublicKeyInfo: ${error.message}`);
    }
    if (algorithm === OID_EC_PUBLIC_KEY) {
        if (parameters?.tag !== der/* Tag */.vw.OID) {
            return unsupported(algorithm, 'EC keys must name their curve (RFC 5480); explicit or implicit curve parameters are not supported');
        }
        const curveOid = parameters.toOid('namedCurve');
        const curve = CURVES_BY_OID.get(curveOid);
        if (curve === undefined) {
            const name = OTHER_CURVE_NAMES.get(curveOid) ?? `with OID ${curveOid}`;
            return unsupported(algorithm, `ECDSA curve ${name} is not supported (P-256, P-384 and P-521 are)`);
        }
        // A supported curve that missed the fast path: a point of the wrong size or form.
        return ecPoint(curve, subjectPublicKey);
    }
    if (algorithm === OID_RSA_ENCRYPTION)
        return rsaKey(bytes, parameters, subjectPublicKey);
    const name = OTHER_ALGORITHM_NAMES.get(algorithm);
    if (name === 'ed25519' || name === 'ed448') {
        return unsupported(algorithm, `${name === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
            'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
            'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
    }
    return unsupported(algorithm, `${name ?? `algorithm ${algorithm}`} keys are not supported for prehashed verification`);
}
const invalidKey = (reason) => new PrehashError('PREHASH_INVALID_KEY', reason);
const unsupported = (algorithm, reason) => ({
    kind: 'unsupported',
    algorithm,
    reason,
});
/**
 * A SEC 1 point on `curve`: 04‖X‖Y, or 02/03‖X expanded natively. The coordinates must be
 * field elements (below p) satisfying y² = x³ - 3x + b; the cofactor is 1, so that puts the
 * point in the group. Infinity has no such encoding here.
 */
function ecPoint(curve, point) {
    const { size, p } = curve;
    const form = point[0];
    let x;
    let y;
    let compressed = false;
    if (form === 0x04 && point.length === 1 + 2 * size) {
        x = bytesToBigInt(point.subarray(1, 1 + size));
        y = bytesToBigInt(point.subarray(1 + size));
    }
    else if ((form === 0x02 || form === 0x03) && point.length === 1 + size) {
        x = bytesToBigInt(point.subarray(1));
        // OpenSSL reduces x mod p while expanding; a non-canonical x must not slip through.
        if (x >= p)
            throw invalidKey(`the EC point's x coordinate is not below p`);
        let expanded;
        try {
            expanded = external_node_crypto_.ECDH.convertKey(point, curve.name, undefined, undefined, 'uncompressed');
        }
        catch {
            throw invalidKey(`the compressed EC point is not on ${curve.name}`);
        }
        y = bytesToBigInt(expanded.subarray(1 + size));
        compressed = true;
    }
    else {
        throw invalidKey(`the EC point must be uncompressed (${1 + 2 * size} bytes from 0x04) or compressed ` +
            `(${1 + size} bytes from 0x02 or 0x03) for ${curve.name}`);
    }
    if (x >= p || y >= p)
        throw invalidKey(`the EC point's coordinates are not below p`);
    if ((y * y) % p !== mod(x * x * x - 3n * x + curve.b, p)) {
        throw invalidKey(`the EC point is not on ${curve.name}`);
    }
    return { kind: 'ec', curve: curve.name, x, y, compressed, params: curve };
}
function rsaKey(spki, parameters, subjectPublicKey) {
    if (parameters === undefined || parameters.tag !== der/* Tag */.vw.NULL || parameters.value.length !== 0) {
        return unsupported(OID_RSA_ENCRYPTION, 'rsaEncryption keys must have NULL parameters (RFC 3279 2.3.1)');
    }
    let modulus;
    try {
        const [n, e, extra] = (0,der/* parseDer */.zE)(subjectPublicKey)
            .expect(der/* Tag */.vw.SEQUENCE, 'RSAPublicKey')
            .children();
        if (n === undefined || e === undefined || extra !== undefined) {
            throw invalidKey('an RSAPublicKey has exactly two integers');
        }
        modulus = n.toBigInt('modulus');
        e.toBigInt('publicExponent');
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER RSAPublicKey: ${error.message}`);
    }
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw invalidKey(`OpenSSL refused the RSA key: ${error.message}`);
    }
    return { kind: 'rsa', modulusBits: modulus === 0n ? 0 : modulus.toString(2).length, key };
}
function ecInfo(key) {
    if ('params' in key)
        return key;
    // Built by the caller rather than by parseSpki: check it as parseSpki would.
    const curve = CURVE_LIST.find((c) => c.name === key.curve);
    if (curve === undefined)
        throw invalidKey(`unknown curve ${String(key.curve)}`);
    return ecPoint(curve, encodePoint(curve, [key.x, key.y]));
}
function keyObjectInfo(key) {
    const cached = keyObjectCache.get(key);
    if (cached !== undefined)
        return cached;
    if (key.type !== 'public') {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `expected a public key, got a ${key.type} key`);
    }
    const type = key.asymmetricKeyType;
    if (type !== 'ec' && type !== 'rsa') {
        if (type === 'ed25519' || type === 'ed448') {
            throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
                'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
                'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
        }
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type ?? 'unknown'} keys are not supported for prehashed verification`);
    }
    // Only the DER export, never asymmetricKeyDetails or a JWK export: in Node 20 those hold
    // the key's mutex while allocating JS values, and if that allocation runs a GC which
    // finalizes the generateKeyPair job that made the key (the job shares the mutex), the
    // thread deadlocks on itself (seen here with freshly generated keys). DER export allocates
    // without holding the lock.
    const info = parseSpki(key.export({ format: 'der', type: 'spki' }));
    keyObjectCache.set(key, info);
    return info;
}
/**
 * RFC 8017 8.2.2 by re-encoding: raw RSA recovers the whole encoded message, which must equal
 * 00 01 FF..FF 00 || DigestInfo || digest byte for byte. Checking the full block ourselves
 * (instead of letting OpenSSL strip PKCS#1 padding) also pins the signature to exactly the
 * modulus length, as RSASSA-PKCS1-v1_5 and OpenSSL's own verify require.
 */
function verifyRsa(key, modulusBytes, prefix, digest, signature) {
    if (signature.length !== modulusBytes)
        return false;
    let encoded;
    try {
        encoded = (0,external_node_crypto_.publicDecrypt)({ key, padding: external_node_crypto_.constants.RSA_NO_PADDING }, signature);
    }
    catch {
        // OpenSSL refuses a signature representative >= n, which RFC 8017 5.2.2 also rejects.
        return false;
    }
    const expected = Buffer.alloc(modulusBytes, 0xff);
    expected[0] = 0x00;
    expected[1] = 0x01;
    const tLength = prefix.length + digest.length;
    expected[modulusBytes - tLength - 1] = 0x00;
    prefix.copy(expected, modulusBytes - tLength);
    expected.set(digest, modulusBytes - digest.length);
    return encoded.equals(expected);
}
/**
 * SEC 1 4.1.4 verification of (r, s) over e: accept iff R = (e·G + r·Q)/s is finite and
 * x(R) ≡ r (mod n). The curve's strategy decides which native operations compute R.
 */
function verifyEcdsa(info, digest, signature) {
    const curve = info.params;
    const parsed = parseDerSignature(signature, curve.size);
    if (parsed === undefined)
        return false;
    const [r, s] = parsed;
    if (r === 0n || r >= curve.n || s === 0n || s >= curve.n)
        return false;
    const e = digestToScalar(digest, curve);
    return curve.strategy === 'ecdh'
        ? verifyWithEcdh(info, e, r, s)
        : verifyWithShiftedKey(info, e, r, s);
}
/**
 * R = u2·(k·G + Q) with u2 = r/s and k = e/r. setPrivateKey(k) yields the full point k·G,
 * JavaScript adds Q, and computeSecret(S) under private key u2 yields x(u2·S), the only
 * coordinate the check needs. u2 is nonzero and n prime, so u2·S is infinity exactly when S
 * is, and checking S covers the "R = infinity" rejection.
 */
function verifyWithEcdh({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    // One inversion serves both 1/r and 1/s; r·s is nonzero mod the prime n.
    const rsInverse = modInverse((r * s) % n, n);
    const k = (((e * s) % n) * rsInverse) % n;
    const u2 = (((r * r) % n) * rsInverse) % n;
    let sum = [qx, qy];
    // k = 0 (e ≡ 0 mod n) makes k·G infinity, so S = Q; ECDH would refuse a zero private key.
    if (k !== 0n)
        sum = addPoints(curve, multiplyG(curve, k), [qx, qy]);
    if (sum === undefined)
        return false;
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(u2, curve.size));
    // S is on the curve (both summands are) and finite and u2 is in [1, n-1], so a throw
    // here would be a bug rather than a bad signature: let it surface.
    const x = BigInt(`0x${ecdh.computeSecret(encodePoint(curve, sum)).toString('hex')}`);
    return x % n === r;
}
/**
 * Hands the whole check to OpenSSL's ECDSA verify, over a fixed message with digest h0,
 * under the shifted key Q' = Q + β·G, β = (e - h0)/r. Its R' = (h0·G + r·Q')/s equals
 * (e·G + r·Q)/s = R exactly, so its verdict (range checks, infinity, x(R') ≡ r) is the
 * verdict for e under Q. β·G still costs one native multiplication.
 */
function verifyWithShiftedKey({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    const beta = mod((e - SHIFT_DIGEST) * modInverse(r, n), n);
    let shifted = [qx, qy];
    if (beta !== 0n) {
        shifted = addPoints(curve, multiplyG(curve, beta), [qx, qy]);
        if (shifted === undefined) {
            // Q' is infinity, which no key can encode; then R = (h0/s)·G, and h0 ≢ 0 mod n.
            const [x] = multiplyG(curve, (SHIFT_DIGEST * modInverse(s, n)) % n);
            return x % n === r;
        }
    }
    const key = (0,external_node_crypto_.createPublicKey)({
        key: Buffer.concat([curve.spkiPrefix, encodePoint(curve, shifted)]),
        format: 'der',
        type: 'spki',
    });
    const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
    return (0,external_node_crypto_.verify)(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}
/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve, k) {
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(k, curve.size));
    const hex = ecdh.getPublicKey('hex');
    const end = 2 + 2 * curve.size;
    return [BigInt(`0x${hex.slice(2, end)}`), BigInt(`0x${hex.slice(end)}`)];
}
function encodePoint(curve, [x, y]) {
    const digits = 2 * curve.size;
    return Buffer.from(`04${x.toString(16).padStart(digits, '0')}${y.toString(16).padStart(digits, '0')}`, 'hex');
}
function ecdhFor(curve) {
    let ecdh = ecdhByCurve.get(curve);
    if (ecdh === undefined) {
        ecdh = (0,external_node_crypto_.createECDH)(curve.name);
        ecdhByCurve.set(curve, ecdh);
    }
    return ecdh;
}
/**
 * Affine P + Q on y² = x³ - 3x + b, or undefined for P = -Q (infinity). Both inputs are
 * finite curve points. No point has y = 0 (it would have order 2 in a group of odd prime
 * order), so the doubling denominator is never zero.
 */
function addPoints(curve, [x1, y1], [x2, y2]) {
    const { p } = curve;
    let lambda;
    if (x1 === x2) {
        // Same x means y2 = ±y1.
        if (y1 !== y2)
            return undefined;
        lambda = mod((3n * x1 * x1 - 3n) * modInverse((2n * y1) % p, p), p);
    }
    else {
        lambda = mod((y2 - y1) * modInverse(mod(x2 - x1, p), p), p);
    }
    const x3 = mod(lambda * lambda - x1 - x2, p);
    const y3 = mod(lambda * (x1 - x3) - y1, p);
    return [x3, y3];
}
/**
 * SEC 1 4.1.4 step 3 and 5: the leftmost nBits bits of the digest as an integer, mod n.
 * Only a digest longer than the order is truncated (P-521 keeps all 512 bits of SHA-512).
 */
function digestToScalar(digest, curve) {
    const e = bytesToBigInt(digest);
    const excessBits = digest.length * 8 - curve.nBits;
    return (excessBits > 0 ? e >> BigInt(excessBits) : e) % curve.n;
}
/**
 * Strict DER `SEQUENCE { r INTEGER, s INTEGER }`: minimal lengths and minimal, non-negative
 * integers, nothing after the sequence. OpenSSL enforces the same by re-encoding, and any
 * laxity here would make signatures malleable. Integers longer than a field element plus a
 * sign byte cannot be below n, so they are refused before any BigInt work.
 */
function parseDerSignature(sig, size) {
    const seq = readHeader(sig, 0, 0x30);
    if (seq === undefined || seq.end !== sig.length)
        return undefined;
    const r = readInteger(sig, seq.start, size);
    if (r === undefined)
        return undefined;
    const s = readInteger(sig, r.end, size);
    if (s === undefined || s.end !== seq.end)
        return undefined;
    return [r.value, s.value];
}
function readInteger(buf, offset, size) {
    const header = readHeader(buf, offset, 0x02);
    if (header === undefined)
        return undefined;
    const { start, end } = header;
    const length = end - start;
    if (length === 0 || length > size + 1)
        return undefined;
    const first = buf[start];
    if (first & 0x80)
        return undefined;
    if (first === 0 && length > 1 && !(buf[start + 1] & 0x80))
        return undefined;
    return { value: bytesToBigInt(buf.subarray(start, end)), end };
}
/**
 * A TLV header with the given tag. Signatures for these curves are at most 139 bytes, so
 * only the short form and the one-byte long form (0x81, for lengths 128-255) can be valid.
 */
function readHeader(buf, offset, tag) {
    if (buf[offset] !== tag)
        return undefined;
    const first = buf[offset + 1];
    if (first === undefined)
        return undefined;
    let start = offset + 2;
    let length = first;
    if (first === 0x81) {
        const second = buf[offset + 2];
        if (second === undefined || second < 0x80)
            return undefined;
        length = second;
        start = offset + 3;
    }
    else if (first >= 0x80) {
        return undefined;
    }
    const end = start + length;
    return end <= buf.length ? { start, end } : undefined;
}
function mod(a, m) {
    const r = a % m;
    return r < 0n ? r + m : r;
}
/** `bytes` must be non-empty, as every caller's input is by construction. */
function bytesToBigInt(bytes) {
    return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}
function toFixedBytes(value, size) {
    return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
//# sourceMappingURL=prehash.js.map

/***/ }),

/***/ 5708:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ fetchableUrlProblem),
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);

/**
 * Which URLs Signet will send a request to. One rule for every client (OIDC discovery and JWKS,
 * the signing services, the trusted root): tokens and trust material never travel in clear
 * text beyond this machine.
 */
/**
 * True for the hosts plain `http:` is allowed to: the literal addresses 127.0.0.0/8 and ::1.
 * Never a name, `localhost` included: what a name resolves to is the resolver's choice
 * (/etc/hosts, NSS, a search domain), so it could send a token in clear text off the machine.
 */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '');
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 4)
        return host.startsWith('127.');
    return (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 6 && host === '::1';
}
/**
 * Why `url` may not be fetched, or undefined when it may: https anywhere, http only on loopback
 * (a token's keys fetched in clear text could be swapped by anyone on the path), no credentials.
 */
function fetchableUrlProblem(url) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return `scheme must be https, got ${url.protocol.replace(/:$/, '')}`;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        const rule = 'plain http is allowed only for loopback hosts given as literal addresses (127.0.0.0/8, ::1)';
        if (url.hostname.toLowerCase().replace(/\.$/, '') !== 'localhost')
            return `${rule}; use https`;
        const local = new URL(url.href);
        local.hostname = '127.0.0.1';
        return `${rule}, not the name "localhost": use ${local.origin} instead`;
    }
    if (url.username !== '' || url.password !== '')
        return 'must not contain credentials';
    return undefined;
}
//# sourceMappingURL=url.js.map

/***/ }),

/***/ 3209:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ algorithmOfSpki),
/* harmony export */   EM: () => (/* binding */ SIGNER_ALGORITHMS),
/* harmony export */   H2: () => (/* binding */ checkDigest),
/* harmony export */   ol: () => (/* binding */ digestOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _core_der_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3218);
/* harmony import */ var _core_prehash_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9361);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3317);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4741);





const SIGNER_ALGORITHMS = {
    'ecdsa-p256-sha256': { curve: 'prime256v1', hash: 'sha256', digestLength: 32 },
    'ecdsa-p384-sha384': { curve: 'secp384r1', hash: 'sha384', digestLength: 48 },
};
/** The digest `sign(data)` signs for `algorithm`. */
const digestOf = (algorithm, data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(SIGNER_ALGORITHMS[algorithm].hash).update(data).digest();
/** Throws DIGEST_INVALID unless `digest` has the length of `algorithm`'s hash. */
function checkDigest(ref, algorithm, digest) {
    const { digestLength, hash } = SIGNER_ALGORITHMS[algorithm];
    if (digest.length !== digestLength) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_4__/* .KmsError */ .M('DIGEST_INVALID', `${ref} signs ${hash.toUpperCase()} digests of ${digestLength} bytes, got ${digest.length} bytes`);
    }
}
/**
 * The algorithm an EC SubjectPublicKeyInfo signs with; KEY_UNSUPPORTED for any other key.
 * Read from the DER rather than `asymmetricKeyDetails`, which can deadlock on Node 20 for a
 * key fresh from generateKeyPair (see prehash.ts).
 */
function algorithmOfSpki(ref, spki) {
    let key;
    try {
        key = (0,_core_prehash_js__WEBPACK_IMPORTED_MODULE_2__/* .parseSpki */ .FP)(spki);
    }
    catch (error) {
        if (!(error instanceof _core_prehash_js__WEBPACK_IMPORTED_MODULE_2__/* .PrehashError */ .e4))
            throw error;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_4__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref}: unusable public key: ${error.message}`, {
            cause: error,
        });
    }
    if (key.kind === 'ec') {
        if (key.curve === 'prime256v1')
            return 'ecdsa-p256-sha256';
        if (key.curve === 'secp384r1')
            return 'ecdsa-p384-sha384';
    }
    let what;
    if (key.kind === 'ec')
        what = `an EC ${key.curve} key`;
    else if (key.kind === 'rsa')
        what = 'an RSA key';
    else if (key.algorithm === _core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .OID */ .Vx.ecPublicKey)
        what = `an EC key on curve ${curveOf(spki)}`;
    else
        what = `a key Signet cannot use (${key.reason})`;
    throw new _error_js__WEBPACK_IMPORTED_MODULE_4__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref} is ${what}; Signet signs with ECDSA P-256 or P-384 keys`);
}
/** Curves parseSpki does not know, by OID, for messages. */
const OTHER_CURVES = {
    '1.3.132.0.10': 'secp256k1',
    '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
    '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
};
/** The named curve of an EC SubjectPublicKeyInfo, for a message: its name or its OID. */
function curveOf(spki) {
    try {
        const [algorithm] = (0,_core_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(spki).children();
        const [, parameters] = algorithm?.children() ?? [];
        const curve = parameters?.toOid('namedCurve');
        return curve === undefined ? 'unknown' : (OTHER_CURVES[curve] ?? curve);
    }
    catch {
        return '(explicit parameters)';
    }
}
//# sourceMappingURL=contract.js.map

/***/ }),

/***/ 4741:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ KmsError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** Every error raised by src/kms. */
class KmsError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 81:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hs: () => (/* binding */ openSigner),
/* harmony export */   Qq: () => (/* binding */ ephemeralSigner),
/* harmony export */   ol: () => (/* reexport safe */ _contract_js__WEBPACK_IMPORTED_MODULE_5__.ol)
/* harmony export */ });
/* unused harmony exports localSigner, MAX_KEY_FILE_BYTES, fileSigner */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var _core_pem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5887);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3317);
/* harmony import */ var _contract_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3209);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4741);







/**
 * The signers: a local KeyObject, a PEM file, a fresh in-memory key, or (aws.ts) a key held in
 * AWS KMS, each implementing contract.ts, which this module re-exports as the entry point of
 * src/kms.
 */

/**
 * A signer for a private key held in this process.
 *
 * `sign` runs node:crypto synchronously inside the returned promise: an ECDSA signature
 * costs tens of microseconds, about what a thread-pool round trip would add.
 *
 * `signDigest` is refused (DIGEST_SIGNING_UNSUPPORTED). Node 20 (OpenSSL 3.0) offers no
 * ECDSA signing over a precomputed digest: `crypto.sign` always hashes its input, and
 * `crypto.sign(null, ...)` on an EC key hashes with SHA-256 rather than signing the bytes
 * as given. The only alternative is ECDSA arithmetic in JavaScript, as prehash.ts does for
 * verification, but signing would run variable-time BigInt operations on the private key
 * and the nonce (a modular inversion of k), and leaked nonce bits are enough for lattice
 * attacks to recover the key. Verification has only public inputs; signing does not. Local
 * keys are always next to the data, so callers sign the message with `sign` instead.
 */
function localSigner(privateKey, ref) {
    if (privateKey.type !== 'private') {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref} is a ${privateKey.type} key, not a private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ec') {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref}: ${privateKey.asymmetricKeyType ?? 'unknown'} keys cannot sign here; ` +
            'Signet signs with ECDSA P-256 or P-384 keys');
    }
    const publicKey = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_4__/* .spkiOf */ .Bb)(privateKey);
    const algorithm = (0,_contract_js__WEBPACK_IMPORTED_MODULE_5__/* .algorithmOfSpki */ .AH)(ref, publicKey);
    const { hash } = _contract_js__WEBPACK_IMPORTED_MODULE_5__/* .SIGNER_ALGORITHMS */ .EM[algorithm];
    return {
        ref,
        algorithm,
        publicKey,
        signsDigests: false,
        sign: async (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(hash, data, privateKey),
        signDigest: async (digest) => {
            (0,_contract_js__WEBPACK_IMPORTED_MODULE_5__/* .checkDigest */ .H2)(ref, algorithm, digest);
            throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('DIGEST_SIGNING_UNSUPPORTED', `${ref} is a local key, which can only sign whole messages (Node has no ECDSA ` +
                'signing over a precomputed digest); use sign(data)');
        },
    };
}
/** A new key that lives only in this signer (Sigstore's ephemeral leaf keys are P-256). */
function ephemeralSigner(curve = 'P-256') {
    const { privateKey } = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', { namedCurve: curve });
    // Re-imported rather than used as generated: on Node 20, reading a generateKeyPair key's
    // details can deadlock against the collection of its generation job (server/instance.ts).
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    return localSigner((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' }), 'ephemeral');
}
/**
 * Key files are a few hundred bytes; anything much larger is a wrong path (an artifact, a
 * bundle) and is refused before it is read into memory.
 */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** The PEM labels of the unencrypted private key forms `fileSigner` reads, and their DER type. */
const PRIVATE_KEY_LABELS = {
    'PRIVATE KEY': 'pkcs8',
    'EC PRIVATE KEY': 'sec1',
};
/**
 * A signer for a PEM file holding one unencrypted EC P-256 or P-384 private key, as PKCS#8
 * (`BEGIN PRIVATE KEY`, what `openssl genpkey` writes) or SEC 1 (`BEGIN EC PRIVATE KEY`,
 * what `openssl ecparam -genkey` writes; an `EC PARAMETERS` block beside it is ignored).
 * Encrypted keys (PKCS#8, legacy OpenSSL or cosign's) are refused with KEY_FILE_INVALID:
 * there is no passphrase prompt, so decrypt them first.
 */
async function fileSigner(path) {
    const ref = `file:${path}`;
    const text = await readKeyFile(path);
    const fail = (message) => new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_FILE_INVALID', `${ref}: ${message}`);
    if (/^Proc-Type:\s*4,\s*ENCRYPTED/m.test(text)) {
        throw fail('the key is encrypted (legacy OpenSSL PEM encryption); decrypt it first');
    }
    const blocks = (0,_core_pem_js__WEBPACK_IMPORTED_MODULE_3__/* .parsePem */ .oW)(text);
    const encrypted = blocks.find((b) => b.label.startsWith('ENCRYPTED '));
    if (encrypted !== undefined) {
        throw fail(`the key is encrypted (${encrypted.label}); Signet reads only unencrypted PKCS#8 or ` +
            'SEC 1 keys, so decrypt it first (for PKCS#8: openssl pkey -in FILE -out NEW)');
    }
    if (blocks.some((b) => b.label === 'RSA PRIVATE KEY')) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref} holds an RSA key; Signet signs with ECDSA P-256 or P-384 keys`);
    }
    const keys = blocks.filter((b) => PRIVATE_KEY_LABELS[b.label] !== undefined);
    if (keys.length !== 1 || keys[0] === undefined) {
        if (keys.length > 1)
            throw fail(`holds ${keys.length} private keys; expected one`);
        const found = [...new Set(blocks.map((b) => b.label))].join(', ');
        throw fail(blocks.length === 0
            ? 'not a PEM file (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)'
            : `holds no private key (found ${found}; expected PRIVATE KEY or EC PRIVATE KEY)`);
    }
    const { label, der } = keys[0];
    const type = PRIVATE_KEY_LABELS[label];
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: der, format: 'der', type });
    }
    catch (error) {
        throw fail(`the ${label} block is not a valid ${type === 'pkcs8' ? 'PKCS#8' : 'SEC 1'} key: ${error.message}`);
    }
    return localSigner(key, ref);
}
async function readKeyFile(path) {
    const ref = `file:${path}`;
    try {
        const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
        try {
            const stats = await handle.stat();
            if (!stats.isFile())
                throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_FILE_INVALID', `${ref}: not a regular file`);
            if (stats.size > MAX_KEY_FILE_BYTES) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_FILE_INVALID', `${ref}: ${stats.size} bytes is too large for a key file (at most ${MAX_KEY_FILE_BYTES}); is it the right path?`);
            }
            return await handle.readFile('utf8');
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        if (error instanceof _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M)
            throw error;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_FILE_INVALID', `${ref}: cannot read the key file: ${error.message}`, {
            cause: error,
        });
    }
}
/** `scheme://` (or `pkcs11:`, which has no slashes): key references that are not file paths. */
const URI_SCHEME = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/|(pkcs11):)/;
/**
 * Opens the signer a key reference names, as `--kms`/`--key` and the server's key settings
 * give it:
 * - `awskms://...`: a key in AWS KMS (see aws.ts for the forms and `options`);
 * - `file:PATH`, `file:///PATH` or a plain path: a PEM key file (`fileSigner`).
 * Other KMS schemes cosign knows (gcpkms://, azurekms://, hashivault://, pkcs11:, ...) are
 * refused with KEY_REF_INVALID rather than looked up as files that cannot exist.
 *
 * The AWS SDK is loaded only when an awskms:// reference is opened: importing it took 90-160
 * ms on the development machine, against about 17 ms for this module without it, and a
 * process that signs with a file key should not pay for it at start-up.
 */
async function openSigner(ref, options) {
    if (ref.startsWith('awskms://')) {
        const { openAwsKmsSigner } = await Promise.all(/* import() */[__webpack_require__.e(632), __webpack_require__.e(506)]).then(__webpack_require__.bind(__webpack_require__, 1506));
        return openAwsKmsSigner(ref, options);
    }
    if (ref.startsWith('file://')) {
        let path;
        try {
            path = (0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(ref);
        }
        catch (error) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_REF_INVALID', `${ref}: not a usable file URL: ${error.message}`);
        }
        return fileSigner(path);
    }
    if (ref.startsWith('file:'))
        return fileSigner(ref.slice('file:'.length));
    const scheme = URI_SCHEME.exec(ref);
    if (scheme !== null) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_REF_INVALID', `${ref}: ${scheme[1] ?? scheme[2]} keys are not supported; use awskms://... for AWS KMS ` +
            'or the path of a PEM private key file');
    }
    if (ref.trim() === '')
        throw new _error_js__WEBPACK_IMPORTED_MODULE_6__/* .KmsError */ .M('KEY_REF_INVALID', 'the key reference is empty');
    return fileSigner(ref);
}
//# sourceMappingURL=signer.js.map

/***/ }),

/***/ 5409:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ SignError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

class SignError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 9552:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ slsaProvenance),
/* harmony export */   $i: () => (/* binding */ GITLAB_BUILD_TYPE_PREFIX),
/* harmony export */   gk: () => (/* binding */ ciPlatform),
/* harmony export */   s: () => (/* binding */ GITHUB_BUILD_TYPE),
/* harmony export */   us: () => (/* binding */ SLSA_PROVENANCE_V1)
/* harmony export */ });
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5409);

/**
 * SLSA provenance v1 for `signet attest --provenance`, built from the CI job the attestation is
 * made in. Two build types, each in the shape its platform's own generator writes, so that
 * verifiers written for those (gh attestation verify, slsa-verifier, GitLab's tooling) read
 * ours:
 *
 * - GitHub Actions: https://actions.github.io/buildtypes/workflow/v1, field for field as
 *   `@actions/attest` (actions/attest-build-provenance) builds it.
 * - GitLab CI: the runner's build type (gitlab-runner's PROVENANCE.md, as the runner writes
 *   with RUNNER_GENERATE_ARTIFACTS_METADATA), plus the ref and pipeline, which the runner
 *   leaves out and a deploy policy needs (docs/cli.md lists the differences).
 *
 * Where values come from: the claims of the identity token the keyless half signs with, when
 * there is one from that platform, else the job's environment variables. The token is what
 * the platform signed, and the CA copies the same claims into the certificate, so with a
 * token the provenance and the certificate cannot disagree; the environment is all there is
 * for a key-only attestation. GitHub's `job_workflow_ref` (the builder id) exists only as a
 * claim: without a token it is GITHUB_WORKFLOW_REF, which differs only inside a reusable
 * workflow (the calling workflow is named then, not the reusable one).
 */
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** gitlab-runner's build type is this, the runner version, then /PROVENANCE.md. */
const GITLAB_BUILD_TYPE_PREFIX = 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/';
/**
 * Reads values by claim or variable, collecting every missing one so that a job missing
 * several learns them all at once.
 */
class Context {
    env;
    claims;
    missing = [];
    constructor(env, claims) {
        this.env = env;
        this.claims = claims;
    }
    optional({ claim, env }) {
        const fromClaim = claim !== undefined ? this.claims?.[claim] : undefined;
        if (typeof fromClaim === 'string' && fromClaim !== '')
            return fromClaim;
        if (typeof fromClaim === 'number')
            return String(fromClaim);
        const fromEnv = env !== undefined ? this.env[env] : undefined;
        return fromEnv === '' ? undefined : fromEnv;
    }
    required(source) {
        const value = this.optional(source);
        if (value === undefined)
            this.missing.push(source.env ?? `the token claim ${source.claim}`);
        return value ?? '';
    }
    done(platform) {
        if (this.missing.length === 0)
            return;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignError */ .u('CI_CONTEXT_MISSING', `${platform} provenance needs ${this.missing.join(', ')}, which ${this.missing.length === 1 ? 'is' : 'are'} not set (nor in the identity token's claims): run this in the CI job itself, not in a container or shell that drops its environment`);
    }
}
/** The CI platform provenance can describe; SignError CI_CONTEXT_MISSING anywhere else. */
function ciPlatform(env) {
    if (env.GITHUB_ACTIONS === 'true')
        return 'github';
    if (env.GITLAB_CI === 'true')
        return 'gitlab';
    throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignError */ .u('CI_CONTEXT_MISSING', 'SLSA provenance describes the CI job that built the artifact, and this is neither GitHub Actions (GITHUB_ACTIONS=true) nor GitLab CI (GITLAB_CI=true): run it in the build job, or attest another predicate with --type URI --predicate FILE');
}
/** The provenance of this CI job; SignError CI_CONTEXT_MISSING outside CI or with variables missing. */
function slsaProvenance(env, options = {}) {
    if (ciPlatform(env) === 'github') {
        // Only a GitHub token's claims describe a GitHub job: job_workflow_ref is GitHub's alone.
        const claims = typeof options.claims?.job_workflow_ref === 'string' ? options.claims : undefined;
        return { predicateType: SLSA_PROVENANCE_V1, predicate: github(new Context(env, claims)) };
    }
    const claims = typeof options.claims?.project_path === 'string' ? options.claims : undefined;
    return {
        predicateType: SLSA_PROVENANCE_V1,
        predicate: gitlab(new Context(env, claims), options.now ?? new Date()),
    };
}
function github(context) {
    const server = context.required({ env: 'GITHUB_SERVER_URL' }).replace(/\/+$/, '');
    const repository = context.required({ claim: 'repository', env: 'GITHUB_REPOSITORY' });
    const workflowRef = context.required({ claim: 'workflow_ref', env: 'GITHUB_WORKFLOW_REF' });
    const ref = context.required({ claim: 'ref', env: 'GITHUB_REF' });
    const sha = context.required({ claim: 'sha', env: 'GITHUB_SHA' });
    const eventName = context.required({ claim: 'event_name', env: 'GITHUB_EVENT_NAME' });
    const repositoryId = context.required({ claim: 'repository_id', env: 'GITHUB_REPOSITORY_ID' });
    const ownerId = context.required({
        claim: 'repository_owner_id',
        env: 'GITHUB_REPOSITORY_OWNER_ID',
    });
    const runner = context.required({ claim: 'runner_environment', env: 'RUNNER_ENVIRONMENT' });
    const runId = context.required({ claim: 'run_id', env: 'GITHUB_RUN_ID' });
    const attempt = context.required({ claim: 'run_attempt', env: 'GITHUB_RUN_ATTEMPT' });
    context.done('GitHub Actions');
    const jobWorkflowRef = context.optional({ claim: 'job_workflow_ref' }) ?? workflowRef;
    // "owner/repo/.github/workflows/x.yml@refs/tags/v1" → path and ref; a ref may itself
    // contain "@" (monorepo tags such as pkg@1.2.3), so only the first "@" splits.
    const inRepository = workflowRef.startsWith(`${repository}/`)
        ? workflowRef.slice(repository.length + 1)
        : workflowRef;
    const at = inRepository.indexOf('@');
    const path = at < 0 ? inRepository : inRepository.slice(0, at);
    const workflowRefName = at < 0 ? '' : inRepository.slice(at + 1);
    return {
        buildDefinition: {
            buildType: GITHUB_BUILD_TYPE,
            externalParameters: {
                workflow: { ref: workflowRefName, repository: `${server}/${repository}`, path },
            },
            internalParameters: {
                github: {
                    event_name: eventName,
                    repository_id: repositoryId,
                    repository_owner_id: ownerId,
                    runner_environment: runner,
                },
            },
            resolvedDependencies: [
                { uri: `git+${server}/${repository}@${ref}`, digest: { gitCommit: sha } },
            ],
        },
        runDetails: {
            builder: { id: `${server}/${jobWorkflowRef}` },
            metadata: {
                invocationId: `${server}/${repository}/actions/runs/${runId}/attempts/${attempt}`,
            },
        },
    };
}
function gitlab(context, now) {
    const projectPath = context.required({ claim: 'project_path', env: 'CI_PROJECT_PATH' });
    const server = context.required({ env: 'CI_SERVER_URL' }).replace(/\/+$/, '');
    const project = context.optional({ env: 'CI_PROJECT_URL' }) ?? `${server}/${projectPath}`;
    const sha = context.required({ claim: 'sha', env: 'CI_COMMIT_SHA' });
    const ref = context.optional({ claim: 'ref_path' }) ?? gitlabRefPath(context);
    const jobId = context.required({ claim: 'job_id', env: 'CI_JOB_ID' });
    const jobName = context.required({ env: 'CI_JOB_NAME' });
    const pipelineId = context.required({ claim: 'pipeline_id', env: 'CI_PIPELINE_ID' });
    const pipelineSource = context.required({ claim: 'pipeline_source', env: 'CI_PIPELINE_SOURCE' });
    const runnerId = context.required({ claim: 'runner_id', env: 'CI_RUNNER_ID' });
    const version = context.optional({ env: 'CI_RUNNER_VERSION' });
    const revision = context.optional({ env: 'CI_RUNNER_REVISION' });
    const runnerVersion = version?.startsWith('v') ? version : (revision ?? version);
    if (runnerVersion === undefined)
        context.missing.push('CI_RUNNER_VERSION or CI_RUNNER_REVISION');
    if (ref === undefined)
        context.missing.push('CI_COMMIT_TAG or CI_COMMIT_REF_NAME');
    context.done('GitLab CI');
    const architecture = context.optional({ env: 'CI_RUNNER_EXECUTABLE_ARCH' })?.split('/').pop();
    const runnerName = context.optional({ env: 'CI_RUNNER_DESCRIPTION' });
    // The runner's own start time; a value that is not a time is left out, not guessed at.
    const started = Date.parse(context.optional({ env: 'CI_JOB_STARTED_AT' }) ?? '');
    const startedOn = Number.isNaN(started) ? undefined : new Date(started).toISOString();
    const defined = (fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return {
        buildDefinition: {
            buildType: `${GITLAB_BUILD_TYPE_PREFIX}${runnerVersion}/PROVENANCE.md`,
            externalParameters: { source: project, entryPoint: jobName, ref: ref },
            internalParameters: {
                ...defined({ name: runnerName, architecture }),
                job: jobId,
                gitlab: defined({
                    pipeline_id: pipelineId,
                    pipeline_source: pipelineSource,
                    project_id: context.optional({ claim: 'project_id', env: 'CI_PROJECT_ID' }),
                    namespace_id: context.optional({ claim: 'namespace_id', env: 'CI_PROJECT_NAMESPACE_ID' }),
                    runner_environment: context.optional({ claim: 'runner_environment' }),
                }),
            },
            resolvedDependencies: [{ uri: project, digest: { gitCommit: sha } }],
        },
        runDetails: {
            builder: {
                id: `${project}/-/runners/${runnerId}`,
                version: { 'gitlab-runner': runnerVersion },
            },
            metadata: {
                invocationId: jobId,
                ...(startedOn !== undefined && { startedOn }),
                finishedOn: now.toISOString(),
            },
        },
    };
}
/** The job's ref as GitLab's `ref_path` claim writes it: refs/tags/T, refs/heads/B. */
function gitlabRefPath(context) {
    const tag = context.optional({ env: 'CI_COMMIT_TAG' });
    if (tag !== undefined)
        return `refs/tags/${tag}`;
    const mergeRequest = context.optional({ env: 'CI_MERGE_REQUEST_REF_PATH' });
    if (mergeRequest !== undefined)
        return mergeRequest;
    const branch = context.optional({ env: 'CI_COMMIT_BRANCH' }) ??
        context.optional({ env: 'CI_COMMIT_REF_NAME' });
    return branch === undefined ? undefined : `refs/heads/${branch}`;
}
//# sourceMappingURL=provenance.js.map

/***/ }),

/***/ 4121:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ tufCacheDir),
/* harmony export */   Z: () => (/* binding */ normalizedUrl)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);



/**
 * Where TUF metadata is cached, apart from the client (client.ts), which loads tuf-js and its
 * HTTP stack: a command reads its options with this alone, and pays for the client only when
 * it is used.
 */
/** A mirror URL as the cache and the client key it: without trailing slashes. */
const normalizedUrl = (url) => url.replace(/\/+$/, '');
/**
 * Where a repository's metadata is cached by default: `$XDG_CACHE_HOME/signet/tuf/` (else
 * `~/.cache/signet/tuf/`), then a folder named by the SHA-256 of the mirror URL, so that
 * repositories never share one.
 */
function tufCacheDir(url, env) {
    const base = env.XDG_CACHE_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.cache');
    const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(normalizedUrl(url)).digest('hex').slice(0, 32);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(base, 'signet', 'tuf', key);
}
//# sourceMappingURL=cache.js.map

/***/ }),

/***/ 4877:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H3: () => (/* binding */ PROVENANCE_CONDITIONS),
/* harmony export */   Xe: () => (/* binding */ checkAttestation)
/* harmony export */ });
/* unused harmony export readProvenance */
/* harmony import */ var _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4347);
/* harmony import */ var _sign_provenance_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9552);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4005);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1345);




const PROVENANCE_CONDITIONS = ['builderId', 'sourceRepository', 'ref'];
const typeMismatch = (expected, actual, why) => new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: predicate type: expected ${expected}, got ${why}`, {
    check: 'policy: predicate type',
    expected,
    actual,
});
/** The statement of an in-toto DSSE bundle, or a POLICY error saying what the bundle is instead. */
function statementOf(content, expected) {
    if (content.kind !== 'dsseEnvelope') {
        throw typeMismatch(expected, '(none)', 'a signature, not an attestation');
    }
    if (content.payloadType !== _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_3__/* .IN_TOTO_PAYLOAD_TYPE */ .T4) {
        throw typeMismatch(expected, '(none)', `a DSSE payload of type ${JSON.stringify(content.payloadType)}, not an in-toto statement`);
    }
    let statement;
    try {
        statement = JSON.parse(content.payload.toString('utf8'));
    }
    catch {
        statement = undefined;
    }
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
        throw typeMismatch(expected, '(none)', 'a payload that is not an in-toto statement');
    }
    return statement;
}
const field = (value, ...path) => path.reduce((at, key) => typeof at === 'object' && at !== null ? at[key] : undefined, value);
const text = (value) => typeof value === 'string' ? value : undefined;
/**
 * Where each build type keeps the repository and ref. Any other build type is read from its
 * first resolved dependency in SPDX download-location form (git+URL@REF), the convention both
 * the SLSA GitHub generator and actions/attest follow.
 */
function readProvenance(predicate, condition) {
    if (condition === 'builderId') {
        return {
            value: text(field(predicate, 'runDetails', 'builder', 'id')),
            field: 'runDetails.builder.id',
        };
    }
    const buildType = text(field(predicate, 'buildDefinition', 'buildType')) ?? '';
    const external = field(predicate, 'buildDefinition', 'externalParameters');
    if (buildType === _sign_provenance_js__WEBPACK_IMPORTED_MODULE_0__/* .GITHUB_BUILD_TYPE */ .s) {
        const name = condition === 'sourceRepository' ? 'repository' : 'ref';
        return {
            value: text(field(external, 'workflow', name)),
            field: `externalParameters.workflow.${name}`,
        };
    }
    if (buildType.startsWith(_sign_provenance_js__WEBPACK_IMPORTED_MODULE_0__/* .GITLAB_BUILD_TYPE_PREFIX */ .$i)) {
        const name = condition === 'sourceRepository' ? 'source' : 'ref';
        return { value: text(field(external, name)), field: `externalParameters.${name}` };
    }
    const uri = text(field(predicate, 'buildDefinition', 'resolvedDependencies', 0, 'uri'));
    const where = 'resolvedDependencies[0].uri';
    const parsed = uri === undefined ? undefined : /^git\+(.+?)(?:@(.*))?$/.exec(uri);
    if (parsed === null || parsed === undefined)
        return { value: undefined, field: where };
    return { value: condition === 'sourceRepository' ? parsed[1] : parsed[2], field: where };
}
/** Throws VerifyError POLICY naming the first requirement the statement does not meet. */
function checkAttestation(content, policy) {
    const statement = statementOf(content, policy.predicateType);
    const predicateType = text(statement.predicateType);
    if (predicateType !== policy.predicateType) {
        throw typeMismatch(policy.predicateType, predicateType ?? '(absent)', predicateType === undefined ? '(absent)' : JSON.stringify(predicateType));
    }
    if (policy.provenance === undefined)
        return;
    for (const condition of PROVENANCE_CONDITIONS) {
        const pin = policy.provenance[condition];
        if (pin === undefined)
            continue;
        const read = readProvenance(statement.predicate, condition);
        (0,_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .matchPin */ .tw)(`provenance ${condition} (${read.field})`, pin, read.value);
    }
}
//# sourceMappingURL=attestation.js.map

/***/ }),

/***/ 1345:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hM: () => (/* binding */ checkPolicy),
/* harmony export */   tw: () => (/* binding */ matchPin),
/* harmony export */   xD: () => (/* binding */ issuerOf)
/* harmony export */ });
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2077);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4005);


const ABSENT = '(absent)';
/** Compiled once per pattern: policies are checked against many bundles. */
const compiled = new Map();
function anchored(pattern, claim) {
    let re = compiled.get(pattern);
    if (re === undefined) {
        try {
            re = new RegExp(`^(?:${pattern})$`, 'u');
        }
        catch (error) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: ${claim} pattern ${JSON.stringify(pattern)} is not a valid regular expression`, {
                check: `policy: ${claim}`,
                cause: error,
            });
        }
        compiled.set(pattern, re);
    }
    return re;
}
/**
 * Throws VerifyError POLICY unless `actual` meets `pin`, naming `claim` and both values; the
 * one matching rule for certificate claims and attestation conditions alike.
 */
function matchPin(claim, pin, actual) {
    const matches = actual !== undefined &&
        (typeof pin === 'string' ? actual === pin : anchored(pin.regexp, claim).test(actual));
    if (!matches) {
        const expected = typeof pin === 'string' ? pin : `/${pin.regexp}/ (anchored)`;
        const got = actual ?? ABSENT;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: ${claim}: expected ${expected}, got ${actual === undefined ? ABSENT : JSON.stringify(got)}`, { check: `policy: ${claim}`, expected, actual: got });
    }
}
/** The issuer as sigstore-go reads it: the DER-encoded 1.8 when present, else the raw 1.1. */
const issuerOf = (identity) => identity.issuer ?? identity.issuerV1;
/** Throws VerifyError POLICY naming the first claim that does not match its pin. */
function checkPolicy(identity, policy) {
    const san = identity.san.value;
    if (policy.certificateIdentity !== undefined) {
        matchPin('certificate identity', policy.certificateIdentity, san);
    }
    if (policy.certificateIdentityRegexp !== undefined) {
        matchPin('certificate identity', { regexp: policy.certificateIdentityRegexp }, san);
    }
    const issuer = issuerOf(identity);
    if (policy.certificateOidcIssuer !== undefined) {
        matchPin('OIDC issuer', policy.certificateOidcIssuer, issuer);
    }
    if (policy.certificateOidcIssuerRegexp !== undefined) {
        matchPin('OIDC issuer', { regexp: policy.certificateOidcIssuerRegexp }, issuer);
    }
    for (const [field, pin] of Object.entries(policy.extensions ?? {})) {
        if (pin === undefined)
            continue;
        const known = _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__/* .IDENTITY_EXTENSIONS */ ._v[field];
        if (known === undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: unknown claim ${JSON.stringify(field)}`, {
                check: `policy: ${field}`,
            });
        }
        matchPin(`${field} (${known.label})`, pin, identity[field]);
    }
}
//# sourceMappingURL=policy.js.map

/***/ })

};
