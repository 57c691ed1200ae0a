export const id = 988;
export const ids = [988];
export const modules = {

/***/ 7988:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6058);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2785);
/* harmony import */ var _oidc_sources_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6046);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3656);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7863);
/* harmony import */ var _verify_policy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1345);






/**
 * actions/sign: `signet sign --json` in this process, then outputs, a job summary and one
 * annotation on failure. No signing logic here: the CLI signs, verifies and writes.
 */
async function run() {
    const files = await (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveFiles */ .sA)((0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .inputList */ .Ds)('files', true), 'files');
    const server = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('server');
    const signingConfig = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('signing-config');
    const trustedRoot = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('trusted-root');
    const kmsKey = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('kms-key');
    const outputDir = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('output-dir');
    // The token is fetched here rather than by the CLI so that it is masked before anything
    // else runs: a token in a log is a signing credential for whoever reads the log.
    const token = await (0,_oidc_sources_js__WEBPACK_IMPORTED_MODULE_2__/* .identityToken */ ._)({ env: process.env, audience: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('audience') });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token.token);
    const argv = ['sign', '--json', '--identity-token', token.token];
    if (server !== '')
        argv.push('--server', server);
    if (signingConfig !== '')
        argv.push('--signing-config', signingConfig);
    if (trustedRoot !== '')
        argv.push('--trusted-root', trustedRoot);
    if (kmsKey !== '')
        argv.push('--kms', kmsKey);
    if (outputDir !== '')
        argv.push('--output-dir', outputDir);
    argv.push('--', ...files);
    const result = await (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .runCli */ .ak)(argv);
    if (result.code !== 0)
        throw new Error((0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(result));
    const summary = JSON.parse(result.stdout);
    const bundles = summary.artifacts.flatMap((a) => a.bundles);
    const paths = (kind) => bundles
        .filter((b) => kind === undefined || b.kind === kind)
        .map((b) => b.path)
        .join('\n');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('bundles', paths());
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('keyless-bundles', paths('keyless'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('key-bundles', paths('key'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('identity', summary.identity?.san.value ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('issuer', (summary.identity && (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_5__/* .issuerOf */ .x)(summary.identity)) ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('log-indexes', bundles.flatMap((b) => b.logEntries.map((e) => String(e.logIndex))).join('\n'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`signed ${summary.artifacts.length} file(s) as ${summary.identity?.san.value ?? 'unknown'}`);
    await writeSummary(summary);
}
async function writeSummary(summary) {
    const s = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`Signet: signed ${summary.artifacts.length} file(s)`, 2);
    s.addTable([
        (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .headerRow */ .U1)('File', 'SHA-256', 'Bundle', 'Signature', 'Log entry', 'Timestamp'),
        ...summary.artifacts.flatMap((artifact) => artifact.bundles.map((bundle) => [
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(artifact.path),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(artifact.sha256),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(bundle.path),
            bundle.kind === 'keyless'
                ? 'keyless (certificate)'
                : (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(`key ${summary.key ?? ''} ${bundle.keyHint ?? ''}`.trim()),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(bundle.logEntries.map((e) => `${e.logIndex} at ${e.baseUrl}`).join(', ')),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(bundle.timestamps.map((t) => `${t.time} (${t.authority})`).join(', ')),
        ])),
    ]);
    if (summary.identity !== null) {
        s.addHeading('Identity in the certificate', 3);
        s.addRaw('<p>Pin these with <code>actions/verify</code> inputs of the same name.</p>', true);
        s.addTable([
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .headerRow */ .U1)('Input', 'Value'),
            ...(0,_identity_js__WEBPACK_IMPORTED_MODULE_4__/* .claimRows */ .Y)(summary.identity).map((row) => [(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(row.input), (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(row.value)]),
        ]);
    }
    s.addRaw(`<p>Run ${(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(`${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.serverUrl}/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo.owner}/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo.repo}/actions/runs/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.runId}`)}</p>`, true);
    await s.write();
}
//# sourceMappingURL=sign.js.map

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

/***/ 93:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ OidcError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** Raised by src/oidc: identity-token verification and the identity configuration. */
class OidcError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 6046:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F: () => (/* binding */ DEFAULT_TOKEN_AUDIENCE),
  _: () => (/* binding */ identityToken)
});

// EXTERNAL MODULE: ./build/src/oidc/error.js
var oidc_error = __webpack_require__(93);
// EXTERNAL MODULE: ./build/src/core/url.js
var core_url = __webpack_require__(5708);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./build/src/oidc/fetch.js




/** Whole-request deadline (connect, headers and body), as jose's createRemoteJWKSet uses. */
const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
/** Discovery documents and JWKS are a few KiB; anything near this limit is not one. */
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/**
 * GETs a JSON document over node:http(s) (not global fetch, which cannot take a per-request CA).
 * Redirects are refused, not followed: go-oidc refuses them too, and a redirect to another host
 * would let that host choose the keys. Any content type is accepted as long as the body is JSON.
 */
async function fetchJson(url, options) {
    const fail = (cause, error) => new oidc_error/* OidcError */.u(options.errorCode, `cannot fetch the ${options.what} ${url}: ${cause}`, {
        cause: error,
    });
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch (error) {
        throw fail('not a valid URL', error);
    }
    const problem = (0,core_url/* fetchableUrlProblem */.L)(parsed);
    if (problem !== undefined)
        throw fail(problem);
    const body = await get(parsed, options, fail);
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw fail(`the response (${body.length} bytes) is not JSON`, error);
    }
}
function get(url, options, fail) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const request = url.protocol === 'https:' ? external_node_https_.request : external_node_http_.request;
    return new Promise((resolve, reject) => {
        let settled = false;
        let req;
        const finish = (error, body) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            if (error) {
                req?.destroy();
                reject(error);
            }
            else
                resolve(body);
        };
        // One deadline for the whole exchange: a server trickling bytes must not hold a verifier.
        const timer = setTimeout(() => finish(fail(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
        try {
            req = request(url, {
                method: 'GET',
                headers: { accept: 'application/json', 'user-agent': 'signet-oidc' },
                ...(options.ca !== undefined && { ca: options.ca }),
            });
        }
        catch (error) {
            // Synchronous failures are option errors, e.g. a CA bundle OpenSSL cannot read.
            finish(fail(error.message, error));
            return;
        }
        req.on('error', (error) => finish(fail(error.message, error)));
        req.on('response', (response) => {
            const refusal = responseProblem(response, maxBytes);
            if (refusal !== undefined) {
                response.resume();
                finish(fail(refusal));
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes)
                    finish(fail(`the response exceeds ${maxBytes} bytes`));
                else
                    chunks.push(chunk);
            });
            response.on('error', (error) => finish(fail(error.message, error)));
            response.on('end', () => finish(undefined, Buffer.concat(chunks)));
        });
        req.end();
    });
}
/** Why a response is refused from its status line and headers alone, if it is. */
function responseProblem(response, maxBytes) {
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
        const location = response.headers.location;
        const to = location === undefined ? 'a redirect without Location' : `a redirect to ${location}`;
        return `answered HTTP ${status}, ${to}; redirects are not followed: configure the final URL`;
    }
    if (status !== 200) {
        return `answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
    }
    const encoding = response.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
        return `answered with content-encoding ${encoding}, which was not asked for`;
    }
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
        return `the response is ${length} bytes, above the limit of ${maxBytes}`;
    }
    return undefined;
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
async function githubActionsToken(requestUrl, requestToken, audience, timeoutMs = 10_000) {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    let response;
    try {
        response = await fetch(url, {
            headers: {
                authorization: `bearer ${requestToken}`,
                accept: 'application/json; api-version=2.0',
            },
            signal: AbortSignal.timeout(timeoutMs),
        });
    }
    catch (error) {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the GitHub Actions token endpoint (${url.origin}) could not be reached: ${error.message}`, { cause: error });
    }
    if (!response.ok) {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the GitHub Actions token endpoint answered ${response.status}${response.status === 403 || response.status === 401 ? `: ${GITHUB_PERMISSION_HINT}` : ''}`);
    }
    const body = (await response.json().catch(() => undefined));
    if (typeof body?.value !== 'string' || body.value === '') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', 'the GitHub Actions token endpoint answered without a token ("value")');
    }
    return body.value;
}
/**
 * A token from Signet's development issuer (`serve --dev`). Refused off loopback: that issuer
 * gives a token to anyone who asks, so no real service runs one.
 */
async function developmentToken(issuer, timeoutMs = 10_000) {
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
    const response = await fetch(discovery.token_endpoint, {
        method: 'POST',
        signal: AbortSignal.timeout(timeoutMs),
    }).catch((error) => {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the development issuer ${issuer} could not be reached: ${error.message}`, { cause: error });
    });
    const body = (await response.json().catch(() => undefined));
    if (!response.ok || typeof body?.id_token !== 'string') {
        throw new oidc_error/* OidcError */.u('TOKEN_UNAVAILABLE', `the development issuer ${issuer} answered ${response.status} without a token`);
    }
    return body.id_token;
}
//# sourceMappingURL=sources.js.map

/***/ })

};
