export const id = 46;
export const ids = [46];
export const modules = {

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

/***/ 93:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ OidcError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/** Raised by src/oidc: identity-token verification and the identity configuration. */
class OidcError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 26046:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F7: () => (/* binding */ DEFAULT_TOKEN_AUDIENCE),
  _M: () => (/* binding */ identityToken)
});

// UNUSED EXPORTS: DEFAULT_TOKEN_TIMEOUT_MS

// EXTERNAL MODULE: ./build/src/core/http.js
var http = __webpack_require__(29001);
// EXTERNAL MODULE: ./build/src/core/url.js
var core_url = __webpack_require__(35708);
// EXTERNAL MODULE: ./build/src/oidc/error.js
var oidc_error = __webpack_require__(93);
;// CONCATENATED MODULE: ./build/src/oidc/fetch.js


/** Whole-request deadline (connect, headers and body), as jose's createRemoteJWKSet uses. */
const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
/** Discovery documents and JWKS are a few KiB; anything near this limit is not one. */
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/**
 * GETs an OIDC document with the shared client, once: IssuerKeys has its own policy for a
 * failing issuer (cooldown, stale keys), and a retry here would hold a certificate request.
 * Redirects are refused, not followed: go-oidc refuses them too, and a redirect to another host
 * would let that host choose the keys. Any content type is accepted as long as the body is JSON.
 */
async function fetchJson(url, options) {
    try {
        return await (0,http/* getJson */.Tt)({ url, what: options.what }, {
            retries: 0,
            timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
            maxResponseBytes: options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            userAgent: 'signet-oidc',
            ...(options.ca !== undefined && { ca: options.ca }),
        });
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        throw new oidc_error/* OidcError */.u(options.errorCode, `cannot fetch the ${options.what} ${url}: ${error.detail}`, { cause: error });
    }
}
//# sourceMappingURL=fetch.js.map
;// CONCATENATED MODULE: ./build/src/oidc/sources.js




/**
 * Where `signet sign` gets its identity token, in order: an explicit token, the
 * SIGSTORE_ID_TOKEN variable (GitLab's `id_tokens` convention, also read by cosign and
 * sigstore-js), the GitHub Actions runtime, and last a development issuer on loopback. A token
 * is a credential: it never appears in messages, only where it came from.
 */
/** Fulcio's audience; GitHub's default audience (the owner URL) would be refused. */
const DEFAULT_TOKEN_AUDIENCE = 'sigstore';
/** One request for a token (the runtime's endpoint, a development issuer); it answers at once. */
const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
const GITHUB_PERMISSION_HINT = 'add "permissions: id-token: write" to the job (or workflow) so that GitHub issues an OIDC token; fork pull_request runs never get one';
/** The first token source that applies; OidcError TOKEN_UNAVAILABLE-like failures say what to do. */
async function identityToken(options = {}) {
    const env = options.env ?? process.env;
    const audience = options.audience ?? DEFAULT_TOKEN_AUDIENCE;
    if (options.explicit !== undefined && options.explicit !== '') {
        return { token: options.explicit, source: 'flag' };
    }
    const fromEnv = env.SIGSTORE_ID_TOKEN;
    if (fromEnv !== undefined && fromEnv !== '')
        return { token: fromEnv, source: 'SIGSTORE_ID_TOKEN' };
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (requestUrl && requestToken) {
        return {
            token: await githubActionsToken(requestUrl, requestToken, audience, options.timeoutMs),
            source: 'github-actions',
        };
    }
    if (env.GITHUB_ACTIONS === 'true') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `this GitHub Actions job has no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): ${GITHUB_PERMISSION_HINT}`);
    }
    if (options.developmentIssuer !== undefined) {
        return {
            token: await developmentToken(options.developmentIssuer, options.timeoutMs),
            source: 'development issuer',
        };
    }
    throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', 'no identity token: pass --identity-token, set SIGSTORE_ID_TOKEN (GitLab: id_tokens with aud: sigstore), or run in GitHub Actions with "permissions: id-token: write"');
}
/**
 * The runtime's token endpoint, as @actions/core's getIDToken calls it: the request URL plus
 * `audience`, the request token as a bearer credential, JSON `{ value }` back.
 */
async function githubActionsToken(requestUrl, requestToken, audience, timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS) {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    // Messages name the endpoint by its origin only: the rest is the runtime's, not the user's.
    const endpoint = `the GitHub Actions token endpoint (${url.origin})`;
    let body;
    try {
        body = await (0,http/* getJson */.Tt)({
            url: url.href,
            what: 'GitHub Actions token endpoint',
            headers: {
                authorization: `bearer ${requestToken}`,
                accept: 'application/json; api-version=2.0',
            },
        }, { timeoutMs });
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        const { status } = error;
        const hint = status === 401 || status === 403 ? `: ${GITHUB_PERMISSION_HINT}` : '';
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `${endpoint} ${status === undefined ? `failed: ${error.detail}` : error.detail}${hint}`, { cause: error });
    }
    const value = body?.value;
    if (typeof value !== 'string' || value === '') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `${endpoint} answered without a token ("value")`);
    }
    return value;
}
/**
 * A token from Signet's development issuer (`serve --dev`). Refused off loopback: that issuer
 * gives a token to anyone who asks, so no real service runs one.
 */
async function developmentToken(issuer, timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS) {
    const url = new URL(issuer);
    if (!(0,core_url/* isLoopbackHost */.c)(url.hostname)) {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `no identity token, and the signing config's OIDC issuer ${issuer} is not a development issuer on loopback; pass --identity-token or set SIGSTORE_ID_TOKEN`);
    }
    const discovery = (await fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
        errorCode: 'TOKEN_UNAVAILABLE',
        what: 'development issuer discovery document',
        timeoutMs,
    }));
    if (typeof discovery.token_endpoint !== 'string') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `${issuer} has no token_endpoint to ask for a token`);
    }
    let body;
    try {
        ({ json: body } = await (0,http/* postJson */.B2)({ url: discovery.token_endpoint, what: 'development issuer token endpoint' }, { timeoutMs }));
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the development issuer ${issuer} gave no token: ${error.detail}`, { cause: error });
    }
    const token = body?.id_token;
    if (typeof token !== 'string') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the development issuer ${issuer} answered without a token ("id_token")`);
    }
    return token;
}
//# sourceMappingURL=sources.js.map

/***/ })

};
