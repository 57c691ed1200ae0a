export const id = 577;
export const ids = [577];
export const modules = {

/***/ 60713:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  POLICY_HELP: () => (/* binding */ POLICY_HELP),
  policyCommand: () => (/* binding */ policyCommand)
});

// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(59096);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __webpack_require__(50279);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(87422);
// EXTERNAL MODULE: ./build/src/sign/provenance.js
var provenance = __webpack_require__(39552);
;// CONCATENATED MODULE: ./build/src/policy/lint.js

/** A pattern that admits any text at some point: `.*`, `.+`, `[^/]*` and the like. */
const WILDCARD = /\.\*|\.\+|\[\^[^\]]*\][*+]/;
const isBroad = (pin) => pin !== undefined && typeof pin !== 'string' && WILDCARD.test(pin.regexp);
/** "signatures[0] (release)", or "signatures[0]" for an unnamed entry. */
const signatureWhere = (requirement, i) => `signatures[${i}]${requirement.name === `signatures[${i}]` ? '' : ` (${requirement.name})`}`;
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
        const where = signatureWhere(requirement, i);
        for (const message of [...keylessFindings(requirement), ...provenanceFindings(requirement)]) {
            findings.push({ where, message });
        }
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
/** What a provenance requirement leaves open: who built it, and from which ref. */
function provenanceFindings(requirement) {
    const attestation = requirement.attestation;
    if (attestation?.predicateType !== provenance/* SLSA_PROVENANCE_V1 */.us)
        return [];
    const conditions = attestation.provenance;
    if (conditions === undefined) {
        return [
            'provenance without conditions: provenance from any builder, repository or ref passes (add provenance: builderId, sourceRepository, ref)',
        ];
    }
    const out = [];
    if (conditions.builderId === undefined) {
        out.push('no provenance builderId condition: a build by any workflow or runner passes');
    }
    if (conditions.ref === undefined) {
        out.push('no provenance ref condition: a build of any branch (including unreviewed ones) passes');
    }
    for (const [name, pin] of Object.entries(conditions)) {
        if (isBroad(pin))
            out.push(`the provenance ${name} pattern has a wildcard`);
    }
    return out;
}
/** An exact identity or workflow pin names its ref after "@". */
const pinsRef = (pin) => typeof pin === 'string' && /@refs\//.test(pin);
//# sourceMappingURL=lint.js.map
// EXTERNAL MODULE: ./build/src/policy/policy.js
var policy_policy = __webpack_require__(80728);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(42711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var error = __webpack_require__(63774);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __webpack_require__(68510);
// EXTERNAL MODULE: ./build/src/cli/trust.js
var trust = __webpack_require__(85978);
;// CONCATENATED MODULE: ./build/src/cli/policy.js









const POLICY_HELP = `Usage: signet policy lint [--json] FILE

Checks a verification policy (docs/policy.md): an invalid policy, or one whose trust root or
key files cannot be read and used, exits 2; a valid one that is broader than it probably should
be (no ref pin, no repository ID, wildcard identities, no key signature) prints each finding and
exits 1; a policy with no findings exits 0. Files are checked, URLs and KMS keys are not fetched.
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
    const errors = await unusableFiles(policy);
    const findings = lintPolicy(policy);
    if ((0,args/* flagOption */.kY)(parsed, 'json')) {
        io.stdout(`${(0,core_text/* printableJson */.et)({ policy: file, errors, findings })}\n`);
    }
    else if (errors.length === 0 && findings.length === 0) {
        io.stdout((0,core_text/* printed */.zd) `${file}: no findings\n`);
    }
    else {
        for (const error of errors)
            io.stdout((0,core_text/* printed */.zd) `${file}: ${error.where}: error: ${error.message}\n`);
        for (const finding of findings)
            io.stdout((0,core_text/* printed */.zd) `${file}: ${finding.where}: ${finding.message}\n`);
    }
    if (errors.length > 0)
        return cli_io/* EXIT */.d.usage;
    return findings.length === 0 ? cli_io/* EXIT */.d.ok : cli_io/* EXIT */.d.failed;
}
/**
 * The files the policy names that `verify --policy` could not use: a trust root that cannot be
 * read, is not one, or is not the pinned one; a key file that is missing or holds no key. Each
 * is loaded the way verify loads it, so lint and verify cannot disagree.
 */
async function unusableFiles(policy) {
    const errors = [];
    const check = async (where, load) => {
        try {
            await load();
        }
        catch (error) {
            if (!(error instanceof core_error/* SignetError */.T))
                throw error;
            errors.push({ where, message: error.message });
        }
    };
    const root = policy.trustedRoot;
    if (root !== undefined && !(0,core_document/* isUrl */.gU)(root.source) && root.source !== trust/* PUBLIC_GOOD */.wN) {
        await check('trustedRoot', () => (0,trust/* loadTrust */.Vc)(root.source, root.sha256 !== undefined ? { sha256: root.sha256 } : {}));
    }
    for (const [i, requirement] of policy.signatures.entries()) {
        if (requirement.kind === 'key' && !(0,trust/* isKeyReference */.NI)(requirement.key)) {
            await check(signatureWhere(requirement, i), () => (0,trust/* loadPublicKey */.fg)(requirement.key));
        }
    }
    return errors;
}
//# sourceMappingURL=policy.js.map

/***/ }),

/***/ 29001:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ postJson),
/* harmony export */   Em: () => (/* binding */ request),
/* harmony export */   Tt: () => (/* binding */ getJson),
/* harmony export */   j$: () => (/* binding */ HttpError)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, DEFAULT_RETRIES, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_RESPONSE_BYTES, MAX_QUOTED_BODY, isTransientStatus, parseJson, serviceMessage, retryAfterMs, backoffMs */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50279);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35708);




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

/***/ 35708:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ fetchableUrlProblem),
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);

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

/***/ 70434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $x: () => (/* binding */ PINS),
/* harmony export */   A7: () => (/* binding */ checkedPattern),
/* harmony export */   LI: () => (/* binding */ PIN_NAMES),
/* harmony export */   gU: () => (/* binding */ pinFlag),
/* harmony export */   rP: () => (/* binding */ identityPolicy)
/* harmony export */ });
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72077);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80390);


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

/***/ 80728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ defaultBundle),
/* harmony export */   GL: () => (/* binding */ fillArtifact),
/* harmony export */   ON: () => (/* binding */ parsePolicy),
/* harmony export */   Yf: () => (/* binding */ bundleFor),
/* harmony export */   mk: () => (/* binding */ MAX_POLICY_BYTES)
/* harmony export */ });
/* unused harmony exports POLICY_VERSION, ARTIFACT_PLACEHOLDER, DEFAULT_KEYLESS_BUNDLE, DEFAULT_KEY_BUNDLE, DEFAULT_KEYLESS_ATTESTATION, DEFAULT_KEY_ATTESTATION */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _sign_provenance_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(39552);
/* harmony import */ var _verify_attestation_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(64877);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80390);
/* harmony import */ var _pins_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70434);





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
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 38815, 19));
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
