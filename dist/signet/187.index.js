export const id = 187;
export const ids = [187];
export const modules = {

/***/ 6040:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ CaError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
class CaError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 9382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _v: () => (/* binding */ IDENTITY_EXTENSIONS),
/* harmony export */   xN: () => (/* binding */ readIdentity)
/* harmony export */ });
/* unused harmony exports SUBJECT_ALT_NAME_OID, FULCIO_OID_ARC, SIGNET_OID_ARC, subjectAltName, identityExtensions */
/* harmony import */ var _core_der_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3218);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3317);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6040);



/**
 * The identity a code-signing certificate carries: its subject alternative name plus the
 * Sigstore (Fulcio) extensions under 1.3.6.1.4.1.57264.1 and Signet's private ones. One table
 * drives both writing (the CA) and reading (verifiers and tests), so the two cannot drift.
 */
const SUBJECT_ALT_NAME_OID = '2.5.29.17';
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
// GeneralName CHOICE tags (implicit, primitive): rfc822Name [1], uniformResourceIdentifier [6].
const GENERAL_NAME_TAG = { email: 0x81, uri: 0x86 };
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
        const { oid, encoding } = IDENTITY_EXTENSIONS[field];
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
    const node = (0,_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDer */ .zE)(value);
    if (node.tag !== _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.UTF8_STRING) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CaError */ .J('IDENTITY_INVALID', `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`);
    }
    return node.value.toString('utf8');
}
function parseGeneralNames(value) {
    return (0,_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDer */ .zE)(value)
        .expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'SubjectAltName')
        .children()
        .flatMap((name) => {
        if (name.tag === GENERAL_NAME_TAG.uri)
            return [{ type: 'uri', value: name.value.toString() }];
        if (name.tag === GENERAL_NAME_TAG.email)
            return [{ type: 'email', value: name.value.toString() }];
        return [];
    });
}
/** Reads the identity back out of a certificate; the SAN must be a single URI or email. */
function readIdentity(cert) {
    const sanExt = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .findExtension */ .bW)(cert, SUBJECT_ALT_NAME_OID);
    if (!sanExt)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CaError */ .J('IDENTITY_INVALID', 'certificate has no subject alternative name');
    const names = parseGeneralNames(sanExt.value);
    if (names.length !== 1 || names[0] === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CaError */ .J('IDENTITY_INVALID', `certificate must name exactly one URI or email identity, found ${names.length}`);
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

/***/ 2711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Du: () => (/* binding */ parseCommandLine),
/* harmony export */   EB: () => (/* binding */ stringsOption),
/* harmony export */   Pp: () => (/* binding */ stringOption),
/* harmony export */   jC: () => (/* binding */ exclusive),
/* harmony export */   kY: () => (/* binding */ flagOption)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3774);


function parseCommandLine(command, argv, options) {
    try {
        return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: argv, options, allowPositionals: true, strict: true });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CliError */ .z('USAGE', `${error.message} (see: signet ${command} --help)`, {
            cause: error,
        });
    }
}
const stringOption = (parsed, name) => {
    const value = parsed.values[name];
    return typeof value === 'string' ? value : undefined;
};
const stringsOption = (parsed, name) => {
    const value = parsed.values[name];
    return Array.isArray(value) ? value : [];
};
const flagOption = (parsed, name) => parsed.values[name] === true;
/** Refuses flags that contradict each other, naming them. */
function exclusive(parsed, ...names) {
    const given = names.filter((n) => parsed.values[n] !== undefined);
    if (given.length > 1) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CliError */ .z('USAGE', `${given.map((n) => `--${n}`).join(' and ')} cannot be used together`);
    }
}
//# sourceMappingURL=args.js.map

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
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_RETRIES, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_RESPONSE_BYTES, isTransientStatus, serviceMessage, retryAfterMs, backoffMs */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5708);


/** Raised by the service clients; `status` is the HTTP status when the service answered. */
class HttpError extends _error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
    status;
    constructor(code, message, options) {
        super(code, message, options);
        if (options?.status !== undefined)
            this.status = options.status;
    }
}
/**
 * The one HTTP client every signing-service call goes through (CA, transparency log, TSA,
 * signing config, trusted root): global fetch with a per-attempt deadline, retries with exponential backoff
 * and jitter on transient failures only, and errors that name the URL and carry the service's
 * own reason. Request bodies and headers (which hold identity tokens) never appear in errors.
 */
/**
 * Per attempt. Rekor v2 answers only once the entry is in a published checkpoint, and
 * rekor-tiles tells clients to allow at least 20 s (sigstore-go uses 30 s).
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
    checkUrl(req);
    for (let attempt = 0;; attempt++) {
        throwIfAborted(options.signal, req);
        const outcome = await attemptOnce(req, options);
        if ('response' in outcome && expect.includes(outcome.response.status)) {
            return outcome.response;
        }
        const transient = 'failure' in outcome || isTransientStatus(outcome.response.status);
        if (!transient || attempt >= retries) {
            throw 'failure' in outcome
                ? new HttpError('SERVICE_UNAVAILABLE', `${describe(req)} failed after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}: ${outcome.failure}`, { cause: outcome.cause })
                : statusError(req, outcome.response, attempt + 1, transient);
        }
        const retryAfter = 'response' in outcome ? retryAfterMs(outcome.response.headers.get('retry-after')) : undefined;
        await sleep(backoffMs(attempt, retryAfter, options), options.signal, req);
    }
}
/** POSTs JSON and parses the JSON answer. */
async function postJson(req, options) {
    const response = await request({
        ...req,
        method: 'POST',
        body: JSON.stringify(req.body),
        headers: { 'content-type': 'application/json', accept: 'application/json', ...req.headers },
    }, options);
    return { json: parseJson(req, response), response };
}
/** GETs a JSON document. */
async function getJson(req, options) {
    const response = await request({ ...req, method: 'GET', headers: { accept: 'application/json', ...req.headers } }, options);
    return parseJson(req, response);
}
function parseJson(req, response) {
    try {
        return JSON.parse(response.body.toString('utf8'));
    }
    catch (error) {
        throw new HttpError('RESPONSE_INVALID', `the ${req.what} at ${req.url} answered HTTP ${response.status} with ${response.body.length} bytes that are not JSON`, { cause: error });
    }
}
const describe = (req) => `${req.method} ${req.url} (${req.what})`;
function checkUrl(req) {
    let url;
    try {
        url = new URL(req.url);
    }
    catch {
        throw new HttpError('URL_INVALID', `the ${req.what} URL "${req.url}" is not a valid URL`);
    }
    // Requests carry identity tokens and their answers are trusted to build bundles: plain http
    // is for a service on this machine only.
    const problem = (0,_url_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchableUrlProblem */ .L)(url);
    if (problem !== undefined) {
        throw new HttpError('URL_INVALID', `the ${req.what} URL ${req.url}: ${problem}`);
    }
}
async function attemptOnce(req, options) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
        const response = await fetch(req.url, {
            method: req.method,
            headers: { 'user-agent': options.userAgent ?? 'signet', ...req.headers },
            ...(req.body !== undefined && { body: req.body }),
            // Never followed: a redirect would carry the token to wherever the service points.
            redirect: 'manual',
            signal,
        });
        const body = await readBody(response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
        if (typeof body === 'string')
            return { failure: body };
        return { response: { status: response.status, headers: response.headers, body } };
    }
    catch (error) {
        throwIfAborted(options.signal, req);
        if (timeout.aborted)
            return { failure: `no complete answer within ${timeoutMs} ms`, cause: error };
        const cause = error.cause;
        const detail = cause?.code ?? cause?.message ?? error.message;
        return { failure: `network error: ${detail}`, cause: error };
    }
}
/** The body, or a failure message when it is larger than allowed. */
async function readBody(response, maxBytes) {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel();
        return `the answer is ${declared} bytes, above the limit of ${maxBytes}`;
    }
    if (response.body === null)
        return Buffer.alloc(0);
    const chunks = [];
    let size = 0;
    for await (const chunk of response.body) {
        size += chunk.length;
        if (size > maxBytes)
            return `the answer exceeds ${maxBytes} bytes`;
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
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
function statusError(req, response, attempts, transient) {
    const { status } = response;
    const reason = serviceMessage(response.body);
    let text = `the ${req.what} at ${req.url} answered HTTP ${status}`;
    if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        text += `, a redirect${location ? ` to ${location}` : ''}; redirects are not followed: configure the final URL`;
    }
    else if (reason !== undefined) {
        text += `: ${reason}`;
    }
    if (transient)
        text += ` (after ${attempts} attempts)`;
    return new HttpError(transient ? 'SERVICE_UNAVAILABLE' : 'SERVICE_REFUSED', text, { status });
}
/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), in ms; undefined if absent. */
function retryAfterMs(value, now = Date.now()) {
    if (value === null)
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
        throw new HttpError('ABORTED', `${describe(req)} cancelled`, { cause: signal.reason });
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
            reject(new HttpError('ABORTED', `${describe(req)} cancelled`, { cause: signal?.reason }));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
//# sourceMappingURL=http.js.map

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
/** True for the hosts plain `http:` is allowed to: 127.0.0.0/8, ::1 and localhost. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost')
        return true;
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
        return 'plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https';
    }
    if (url.username !== '' || url.password !== '')
        return 'must not contain credentials';
    return undefined;
}
//# sourceMappingURL=url.js.map

/***/ })

};
