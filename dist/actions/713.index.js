export const id = 713;
export const ids = [713];
export const modules = {

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

/***/ 713:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  POLICY_HELP: () => (/* binding */ POLICY_HELP),
  policyCommand: () => (/* binding */ policyCommand)
});

// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(9096);
;// CONCATENATED MODULE: ./build/src/policy/lint.js
/** A pattern that admits any text at some point: `.*`, `.+`, `[^/]*` and the like. */
const WILDCARD = /\.\*|\.\+|\[\^[^\]]*\][*+]/;
const isBroad = (pin) => pin !== undefined && typeof pin !== 'string' && WILDCARD.test(pin.regexp);
function lintPolicy(policy) {
    const findings = [];
    const root = policy.trustedRoot;
    if (root === undefined) {
        findings.push({
            where: 'trustedRoot',
            message: 'no trusted root: every verifier must then be given one (--trusted-root), and may be given a different one',
        });
    }
    else if (root.source.includes('://') && root.sha256 === undefined) {
        findings.push({
            where: 'trustedRoot',
            message: `fetched from ${root.source} without a sha256 pin: whoever controls that URL chooses which keys are trusted`,
        });
    }
    policy.signatures.forEach((requirement, i) => {
        const where = `signatures[${i}]${requirement.name === `signatures[${i}]` ? '' : ` (${requirement.name})`}`;
        for (const message of keylessFindings(requirement))
            findings.push({ where, message });
    });
    if (!policy.signatures.some((r) => r.kind === 'key')) {
        findings.push({
            where: 'signatures',
            message: 'no key signature required: a compromised CI identity alone can then sign a release (add a KMS key signature)',
        });
    }
    return findings;
}
function keylessFindings(requirement) {
    if (requirement.kind !== 'keyless')
        return [];
    const { pins } = requirement;
    const { typed } = pins;
    const out = [];
    if (typeof pins.issuer !== 'string') {
        out.push('the issuer is a pattern: pin the exact issuer URL');
    }
    if (pins.identity === undefined &&
        typed.repository === undefined &&
        typed.workflow === undefined) {
        out.push('neither identity, repository nor workflow is pinned: any workflow of any repository on this issuer passes');
    }
    if (isBroad(pins.identity)) {
        out.push('the identity pattern has a wildcard: pin the exact workflow identity, or narrow the pattern');
    }
    if (typed.repositoryId === undefined) {
        out.push('no repositoryId pin: a deleted or renamed repository re-created under the same name would pass (pin the numeric ID)');
    }
    if (typed.ref === undefined && !pinsRef(pins.identity) && !pinsRef(typed.workflow)) {
        out.push('no ref pin: a signature from any branch (including unreviewed ones) passes');
    }
    else if (isBroad(typed.ref)) {
        out.push('the ref pattern has a wildcard: prefer refs/tags/v... or an exact branch');
    }
    if (typed.trigger === undefined) {
        out.push('no trigger pin: a workflow run by pull_request or workflow_dispatch would pass too');
    }
    for (const [name, pin] of Object.entries(typed)) {
        if (name !== 'ref' && isBroad(pin))
            out.push(`the ${name} pattern has a wildcard`);
    }
    return out;
}
/** An exact identity or workflow pin names its ref after "@". */
const pinsRef = (pin) => typeof pin === 'string' && /@refs\//.test(pin);
//# sourceMappingURL=lint.js.map
// EXTERNAL MODULE: ./build/src/policy/policy.js
var policy_policy = __webpack_require__(728);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(2711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var error = __webpack_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __webpack_require__(8510);
;// CONCATENATED MODULE: ./build/src/cli/policy.js






const POLICY_HELP = `Usage: signet policy lint [--json] FILE

Checks a verification policy (docs/policy.md): an invalid policy exits 2; a valid one that is
broader than it probably should be (no ref pin, no repository ID, wildcard identities, no key
signature) prints each finding and exits 1; a policy with no findings exits 0.
`;
async function policyCommand(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
        io.stdout(POLICY_HELP);
        return sub === undefined ? cli_io/* EXIT */.d.usage : cli_io/* EXIT */.d.ok;
    }
    if (sub !== 'lint')
        throw new error/* CliError */.z('USAGE', `unknown policy command ${JSON.stringify(sub)} (see: signet policy --help)`);
    const parsed = (0,args/* parseCommandLine */.Du)('policy lint', rest, {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if ((0,args/* flagOption */.kY)(parsed, 'help')) {
        io.stdout(POLICY_HELP);
        return cli_io/* EXIT */.d.ok;
    }
    const [file, ...extra] = parsed.positionals;
    if (file === undefined || extra.length > 0)
        throw new error/* CliError */.z('USAGE', 'give one policy file (see: signet policy --help)');
    const policy = await (0,policy_policy/* parsePolicy */.ON)((await (0,core_document/* readFileLimited */.lB)(file, 'policy', policy_policy/* MAX_POLICY_BYTES */.mk)).toString('utf8'), file);
    const findings = lintPolicy(policy);
    if ((0,args/* flagOption */.kY)(parsed, 'json')) {
        io.stdout(`${JSON.stringify({ policy: file, findings }, null, 2)}\n`);
    }
    else if (findings.length === 0) {
        io.stdout(`${file}: no findings\n`);
    }
    else {
        for (const finding of findings)
            io.stdout(`${file}: ${finding.where}: ${finding.message}\n`);
    }
    return findings.length === 0 ? cli_io/* EXIT */.d.ok : cli_io/* EXIT */.d.failed;
}
//# sourceMappingURL=policy.js.map

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

/***/ }),

/***/ 728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ND: () => (/* binding */ DEFAULT_KEY_BUNDLE),
/* harmony export */   ON: () => (/* binding */ parsePolicy),
/* harmony export */   Yf: () => (/* binding */ bundleFor),
/* harmony export */   gj: () => (/* binding */ DEFAULT_KEYLESS_BUNDLE),
/* harmony export */   mk: () => (/* binding */ MAX_POLICY_BYTES)
/* harmony export */ });
/* unused harmony exports POLICY_VERSION, ARTIFACT_PLACEHOLDER */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(390);
/* harmony import */ var _pins_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(434);



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
const TOP_LEVEL = ['version', 'trustedRoot', 'signatures'];
const SIGNATURE_KEYS = ['name', 'bundle', 'keyless', 'key'];
const KEYLESS_KEYS = ['issuer', 'identity', 'claims', ...Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .PINS */ .$x)];
async function parsePolicy(text, source) {
    const fail = (where, why) => new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: ${where}: ${why}`);
    // Loaded here only: most verifications use flags, and the YAML parser costs start-up time.
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let document;
    try {
        // The failsafe schema reads every scalar as text: pins compare text, and YAML 1.2's
        // typing would turn a repository ID into a number and an all-digit digest into 0.
        document = parse(text, { schema: 'failsafe', uniqueKeys: true });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: not valid YAML: ${error.message}`, {
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
        if (entry.key !== undefined) {
            policy.signatures.push({
                name,
                kind: 'key',
                key: relative(scalarText(entry.key, `${where}.key`, fail)),
                bundle: entry.bundle ?? DEFAULT_KEY_BUNDLE,
            });
            return;
        }
        const pins = keylessPins(entry.keyless, `${where}.keyless`, fail);
        let compiled;
        try {
            compiled = (0,_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .identityPolicy */ .rP)({
                certificateOidcIssuer: pins.issuer,
                ...(pins.identity !== undefined && { certificateIdentity: pins.identity }),
            }, pins.typed, pins.claims);
        }
        catch (error) {
            throw fail(`${where}.keyless`, error.message);
        }
        policy.signatures.push({
            name,
            kind: 'keyless',
            pins,
            policy: compiled,
            bundle: entry.bundle ?? DEFAULT_KEYLESS_BUNDLE,
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
    for (const name of Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .PINS */ .$x)) {
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
/** A requirement's bundle path for an artifact path. */
const bundleFor = (requirement, artifact) => requirement.bundle.split(ARTIFACT_PLACEHOLDER).join(artifact);
//# sourceMappingURL=policy.js.map

/***/ })

};
