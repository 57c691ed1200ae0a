export const id = 827;
export const ids = [827];
export const modules = {

/***/ 4284:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ BUNDLE_V03_MEDIA_TYPE),
/* harmony export */   u: () => (/* binding */ BUNDLE_MEDIA_TYPES)
/* harmony export */ });
/**
 * Sigstore bundle JSON (protobuf-specs `dev.sigstore.bundle.v1.Bundle`, protojson form) as it
 * travels: what `signet sign` writes (v0.3) and what `signet verify` reads (v0.1 to v0.3).
 * Bytes are standard base64 strings and int64 values decimal strings, as protocols.md §0
 * describes; readers also accept numbers for int64 and URL-safe base64.
 */
const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_MEDIA_TYPES = {
    'v0.1': 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    'v0.2': 'application/vnd.dev.sigstore.bundle+json;version=0.2',
    'v0.3': BUNDLE_V03_MEDIA_TYPE,
    /** The legacy spelling of v0.3 some clients still emit. */
    'v0.3-legacy': 'application/vnd.dev.sigstore.bundle+json;version=0.3',
};
//# sourceMappingURL=bundle.js.map

/***/ }),

/***/ 6836:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ BundleError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** Raised when reading Sigstore documents: bundles and signing configs. */
class BundleError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 6981:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QN: () => (/* binding */ parseBundle),
/* harmony export */   eY: () => (/* binding */ isParsedBundle),
/* harmony export */   rJ: () => (/* reexport safe */ _error_js__WEBPACK_IMPORTED_MODULE_2__.r)
/* harmony export */ });
/* harmony import */ var _core_base64_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8554);
/* harmony import */ var _bundle_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4284);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6836);
/* harmony import */ var _protojson_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8050);




/**
 * Reads a Sigstore bundle (v0.1 to v0.3, protocols.md §6) strictly into decoded bytes, so the
 * verifier never sees base64, strings for integers, or a oneof with two members. Field names
 * follow protojson: camelCase, with the proto snake_case names accepted too; int64 values as
 * decimal strings or numbers; bytes as standard or URL-safe base64. Unknown fields are ignored,
 * as sigstore-js does, so that additions within a media type do not break old verifiers.
 */

const VERSION_BY_MEDIA_TYPE = new Map([
    [_bundle_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_MEDIA_TYPES */ .u['v0.1'], '0.1'],
    [_bundle_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_MEDIA_TYPES */ .u['v0.2'], '0.2'],
    [_bundle_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_MEDIA_TYPES */ .u['v0.3'], '0.3'],
    [_bundle_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_MEDIA_TYPES */ .u['v0.3-legacy'], '0.3'],
]);
const DIGEST_ALGORITHMS = new Map([
    ['SHA2_256', 32],
    ['SHA2_384', 48],
    ['SHA2_512', 64],
]);
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const invalid = (message) => new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .r('BUNDLE_INVALID', `bundle: ${message}`);
const get = _protojson_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .Z;
const object = (value, path) => (0,_protojson_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonObject */ .o)(value, path, invalid);
function required(from, camel, path) {
    const value = get(from, camel);
    if (value === undefined)
        throw invalid(`${path}.${camel} is missing`);
    return value;
}
function string(from, camel, path) {
    const value = required(from, camel, path);
    if (typeof value !== 'string')
        throw invalid(`${path}.${camel} must be a string`);
    return value;
}
function array(from, camel, path) {
    const value = required(from, camel, path);
    if (!Array.isArray(value))
        throw invalid(`${path}.${camel} must be an array`);
    return value;
}
/** Non-empty bytes: every bytes field a verifier reads must carry something. */
function bytes(from, camel, path) {
    const text = string(from, camel, path);
    let decoded;
    try {
        decoded = (0,_core_base64_js__WEBPACK_IMPORTED_MODULE_0__/* .fromBase64 */ .E)(text, `${path}.${camel}`);
    }
    catch {
        throw invalid(`${path}.${camel} is not valid base64`);
    }
    if (decoded.length === 0)
        throw invalid(`${path}.${camel} is empty`);
    return decoded;
}
/** A protojson int64: a decimal string or a number; absent is 0. */
function int64(from, camel, path, need = true) {
    const value = get(from, camel);
    if (value === undefined) {
        if (need)
            throw invalid(`${path}.${camel} is missing`);
        return 0;
    }
    const n = typeof value === 'string' && DECIMAL.test(value)
        ? Number(value)
        : typeof value === 'number'
            ? value
            : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
        throw invalid(`${path}.${camel} must be a non-negative integer, got ${JSON.stringify(value)}`);
    }
    return n;
}
/** Exactly one of the oneof members; returns its name and value. */
function oneOf(from, members, path) {
    const present = members.filter((m) => get(from, m) !== undefined);
    if (present.length !== 1) {
        throw invalid(`${path} must have exactly one of ${members.join(', ')}, found ${present.length === 0 ? 'none' : present.join(', ')}`);
    }
    const member = present[0];
    return [member, get(from, member)];
}
function parseSigner(material, version) {
    const path = 'verificationMaterial';
    const [member, value] = oneOf(material, ['certificate', 'x509CertificateChain', 'publicKey'], path);
    if (member === 'publicKey') {
        const key = object(value, `${path}.publicKey`);
        const hint = get(key, 'hint') ?? '';
        if (typeof hint !== 'string')
            throw invalid(`${path}.publicKey.hint must be a string`);
        return { kind: 'publicKey', hint };
    }
    if (member === 'certificate') {
        return {
            kind: 'certificate',
            chain: [bytes(object(value, `${path}.certificate`), 'rawBytes', `${path}.certificate`)],
        };
    }
    // sigstore-go and sigstore-js's current validation refuse chains in v0.3: one leaf, no choice.
    if (version === '0.3') {
        throw invalid(`${path}.x509CertificateChain is not allowed in v0.3; use certificate`);
    }
    const chainPath = `${path}.x509CertificateChain`;
    const certificates = array(object(value, chainPath), 'certificates', chainPath);
    if (certificates.length === 0)
        throw invalid(`${chainPath}.certificates is empty`);
    return {
        kind: 'certificate',
        chain: certificates.map((c, i) => bytes(object(c, `${chainPath}.certificates[${i}]`), 'rawBytes', `${chainPath}.certificates[${i}]`)),
    };
}
function parseInclusionProof(value, path) {
    const proof = object(value, path);
    const hashes = get(proof, 'hashes') ?? [];
    if (!Array.isArray(hashes))
        throw invalid(`${path}.hashes must be an array`);
    const checkpoint = object(required(proof, 'checkpoint', path), `${path}.checkpoint`);
    return {
        logIndex: int64(proof, 'logIndex', path, false),
        rootHash: bytes(proof, 'rootHash', path),
        treeSize: int64(proof, 'treeSize', path),
        hashes: hashes.map((h, i) => {
            if (typeof h !== 'string')
                throw invalid(`${path}.hashes[${i}] must be a string`);
            return bytes({ h }, 'h', `${path}.hashes[${i}]`);
        }),
        checkpoint: string(checkpoint, 'envelope', `${path}.checkpoint`),
    };
}
function parseTlogEntry(value, i, version) {
    const path = `verificationMaterial.tlogEntries[${i}]`;
    const entry = object(value, path);
    const logId = object(required(entry, 'logId', path), `${path}.logId`);
    const kindVersion = object(required(entry, 'kindVersion', path), `${path}.kindVersion`);
    const parsed = {
        logIndex: int64(entry, 'logIndex', path, false),
        logId: bytes(logId, 'keyId', `${path}.logId`),
        kind: string(kindVersion, 'kind', `${path}.kindVersion`),
        version: string(kindVersion, 'version', `${path}.kindVersion`),
        integratedTime: int64(entry, 'integratedTime', path, false),
        canonicalizedBody: bytes(entry, 'canonicalizedBody', path),
    };
    const promise = get(entry, 'inclusionPromise');
    if (promise !== undefined) {
        parsed.signedEntryTimestamp = bytes(object(promise, `${path}.inclusionPromise`), 'signedEntryTimestamp', `${path}.inclusionPromise`);
    }
    const proof = get(entry, 'inclusionProof');
    if (proof !== undefined)
        parsed.inclusionProof = parseInclusionProof(proof, `${path}.inclusionProof`);
    // §6.2: v0.1 entries prove inclusion by promise; later ones by a proof with a checkpoint.
    if (version === '0.1' && parsed.signedEntryTimestamp === undefined) {
        throw invalid(`${path}.inclusionPromise is required in a v0.1 bundle`);
    }
    if (version !== '0.1' && parsed.inclusionProof === undefined) {
        throw invalid(`${path}.inclusionProof is required in a v${version} bundle`);
    }
    return parsed;
}
function parseTimestamps(material) {
    const path = 'verificationMaterial.timestampVerificationData';
    const data = get(material, 'timestampVerificationData');
    if (data === undefined)
        return [];
    const list = get(object(data, path), 'rfc3161Timestamps') ?? [];
    if (!Array.isArray(list))
        throw invalid(`${path}.rfc3161Timestamps must be an array`);
    return list.map((t, i) => bytes(object(t, `${path}.rfc3161Timestamps[${i}]`), 'signedTimestamp', `${path}.rfc3161Timestamps[${i}]`));
}
function parseContent(bundle) {
    const [member, value] = oneOf(bundle, ['messageSignature', 'dsseEnvelope'], 'bundle');
    if (member === 'messageSignature') {
        const path = 'messageSignature';
        const signature = object(value, path);
        const digest = object(required(signature, 'messageDigest', path), `${path}.messageDigest`);
        const algorithm = string(digest, 'algorithm', `${path}.messageDigest`);
        const length = DIGEST_ALGORITHMS.get(algorithm);
        if (length === undefined) {
            throw invalid(`${path}.messageDigest.algorithm ${JSON.stringify(algorithm)} is not one of ${[...DIGEST_ALGORITHMS.keys()].join(', ')}`);
        }
        const digestValue = bytes(digest, 'digest', `${path}.messageDigest`);
        if (digestValue.length !== length) {
            throw invalid(`${path}.messageDigest.digest is ${digestValue.length} bytes, ${algorithm} needs ${length}`);
        }
        return {
            kind: 'messageSignature',
            digest: { algorithm: algorithm, value: digestValue },
            signature: bytes(signature, 'signature', path),
        };
    }
    const path = 'dsseEnvelope';
    const envelope = object(value, path);
    const payloadType = string(envelope, 'payloadType', path);
    if (payloadType === '')
        throw invalid(`${path}.payloadType is empty`);
    const signatures = array(envelope, 'signatures', path);
    // Sigstore bundles carry one signer per envelope (protocols.md §6.1).
    if (signatures.length !== 1) {
        throw invalid(`${path}.signatures must hold exactly one signature, found ${signatures.length}`);
    }
    const first = object(signatures[0], `${path}.signatures[0]`);
    const keyid = get(first, 'keyid');
    if (keyid !== undefined && typeof keyid !== 'string') {
        throw invalid(`${path}.signatures[0].keyid must be a string`);
    }
    const content = {
        kind: 'dsseEnvelope',
        payload: bytes(envelope, 'payload', path),
        payloadType,
        signature: bytes(first, 'sig', `${path}.signatures[0]`),
    };
    if (typeof keyid === 'string' && keyid !== '')
        content.keyid = keyid;
    return content;
}
/**
 * Every Bundle parseBundle made, so that a caller taking "JSON or an already parsed bundle" can
 * tell them apart by origin: a shape test would let JSON that mimics the parsed form skip parsing.
 */
const parsedBundles = new WeakSet();
/** Whether `value` is a Bundle returned by parseBundle (and not JSON shaped like one). */
const isParsedBundle = (value) => typeof value === 'object' && value !== null && parsedBundles.has(value);
/** Parses and validates bundle JSON (text already parsed); BundleError naming the field otherwise. */
function parseBundle(json) {
    const bundle = object(json, 'bundle');
    const mediaType = string(bundle, 'mediaType', 'bundle');
    const version = VERSION_BY_MEDIA_TYPE.get(mediaType);
    if (version === undefined) {
        throw invalid(`mediaType ${JSON.stringify(mediaType)} is not a known bundle media type (v0.1 to v0.3)`);
    }
    const material = object(required(bundle, 'verificationMaterial', 'bundle'), 'verificationMaterial');
    const signer = parseSigner(material, version);
    // tlogEntries may be absent only as protojson's empty list; thresholds decide if that is enough.
    const entries = get(material, 'tlogEntries') ?? [];
    if (!Array.isArray(entries))
        throw invalid('verificationMaterial.tlogEntries must be an array');
    const parsed = {
        mediaType,
        version,
        signer,
        tlogEntries: entries.map((e, i) => parseTlogEntry(e, i, version)),
        timestamps: parseTimestamps(material),
        content: parseContent(bundle),
    };
    parsedBundles.add(parsed);
    return parsed;
}
//# sourceMappingURL=parse.js.map

/***/ }),

/***/ 5904:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uk: () => (/* binding */ loadSigningConfig),
/* harmony export */   V2: () => (/* binding */ parseSigningConfig),
/* harmony export */   Zo: () => (/* binding */ selectServices),
/* harmony export */   gv: () => (/* binding */ fetchSigningConfig)
/* harmony export */ });
/* unused harmony exports SUPPORTED_API_VERSIONS, MAX_SIGNING_CONFIG_BYTES, candidates */
/* harmony import */ var _core_document_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9096);
/* harmony import */ var _core_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9001);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6836);
/* harmony import */ var _trust_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6024);




/**
 * signing_config.json v0.2 (protocols.md §7.2) read and turned into the services to use: where
 * to get a certificate, which transparency logs and timestamp authorities to use.
 */
/** The API major versions this client speaks: Fulcio's v2 paths are API "1" in the config. */
const SUPPORTED_API_VERSIONS = { ca: [1], tlog: [2], tsa: [1] };
/** signing_config.json's largest real files are a few KiB. */
const MAX_SIGNING_CONFIG_BYTES = 1024 * 1024;
function parseSigningConfig(json, source) {
    const fail = (why) => new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .r('SIGNING_CONFIG_INVALID', `the signing config ${source} ${why}`);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw fail('is not a JSON object');
    }
    const config = json;
    // Exact: v0.1 files have another shape (no majorApiVersion), and guessing would pick
    // services by the wrong rules.
    if (config.mediaType !== _trust_js__WEBPACK_IMPORTED_MODULE_3__/* .SIGNING_CONFIG_MEDIA_TYPE */ .zD) {
        throw fail(`has mediaType ${JSON.stringify(config.mediaType)}; expected ${_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .SIGNING_CONFIG_MEDIA_TYPE */ .zD}`);
    }
    const list = (name) => {
        const value = config[name] ?? config[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value))
            throw fail(`has ${name} that is not a list`);
        return value.map((item, i) => service(item, `${name}[${i}]`, fail));
    };
    return {
        source,
        caUrls: list('caUrls'),
        oidcUrls: list('oidcUrls'),
        rekorTlogUrls: list('rekorTlogUrls'),
        rekorTlogConfig: selector(config.rekorTlogConfig ?? config.rekor_tlog_config, 'rekorTlogConfig', fail),
        tsaUrls: list('tsaUrls'),
        tsaConfig: selector(config.tsaConfig ?? config.tsa_config, 'tsaConfig', fail),
    };
}
function service(item, what, fail) {
    if (typeof item !== 'object' || item === null)
        throw fail(`has ${what} that is not an object`);
    const s = item;
    const url = s.url;
    if (typeof url !== 'string' || url === '')
        throw fail(`has ${what} without a url`);
    const major = s.majorApiVersion ?? s.major_api_version;
    if (typeof major !== 'number' || !Number.isInteger(major)) {
        throw fail(`has ${what} without an integer majorApiVersion`);
    }
    const validFor = (s.validFor ?? s.valid_for);
    const time = (value, field) => {
        const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
        if (Number.isNaN(date.getTime()))
            throw fail(`has ${what}.validFor.${field} that is not a time`);
        return date;
    };
    if (typeof validFor !== 'object' || validFor === null || validFor.start === undefined) {
        throw fail(`has ${what} without validFor.start`);
    }
    const operator = s.operator;
    return {
        url,
        majorApiVersion: major,
        validFor: {
            start: time(validFor.start, 'start'),
            ...(validFor.end !== undefined &&
                validFor.end !== null && { end: time(validFor.end, 'end') }),
        },
        // Required by the spec, but only used to keep one service per operator: a missing one is
        // its own operator rather than a reason to refuse the whole file.
        operator: typeof operator === 'string' && operator !== '' ? operator : url,
    };
}
function selector(value, what, fail) {
    if (value === undefined || value === null)
        return { selector: 'ANY' };
    const v = value;
    const name = v.selector ?? 'ANY';
    if (name !== 'ALL' && name !== 'ANY' && name !== 'EXACT') {
        throw fail(`has ${what}.selector ${JSON.stringify(name)}; expected ALL, ANY or EXACT`);
    }
    if (name !== 'EXACT')
        return { selector: name };
    const count = v.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        throw fail(`has ${what}.selector EXACT without a positive count`);
    }
    return { selector: name, count };
}
/**
 * The services valid at `now` with a supported API version, best first: highest
 * majorApiVersion, then newest start; at most one per operator.
 */
function candidates(services, supported, now) {
    const valid = services
        .filter((s) => supported.includes(s.majorApiVersion) &&
        s.validFor.start.getTime() <= now.getTime() &&
        (s.validFor.end === undefined || now.getTime() < s.validFor.end.getTime()))
        .sort((a, b) => b.majorApiVersion - a.majorApiVersion ||
        b.validFor.start.getTime() - a.validFor.start.getTime());
    const operators = new Set();
    return valid.filter((s) => !operators.has(s.operator) && operators.add(s.operator));
}
function pick(services, config, what, source) {
    const needed = config.selector === 'EXACT' ? config.count : 1;
    if (services.length < needed) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .r('SIGNING_CONFIG_INVALID', `the signing config ${source} has ${services.length} usable ${what} (valid now, supported API version, one per operator); ${needed} needed`);
    }
    if (config.selector === 'ALL')
        return services;
    return services.slice(0, needed);
}
/** Chooses the services for a signing run (protocols.md §7.2). */
function selectServices(config, now = new Date()) {
    const [ca] = candidates(config.caUrls, SUPPORTED_API_VERSIONS.ca, now);
    if (ca === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .BundleError */ .r('SIGNING_CONFIG_INVALID', `the signing config ${config.source} has no certificate authority valid now with majorApiVersion ${SUPPORTED_API_VERSIONS.ca.join(' or ')}`);
    }
    return {
        ca,
        tlogs: pick(candidates(config.rekorTlogUrls, SUPPORTED_API_VERSIONS.tlog, now), config.rekorTlogConfig, 'transparency logs (Rekor v2)', config.source),
        tsas: pick(candidates(config.tsaUrls, SUPPORTED_API_VERSIONS.tsa, now), config.tsaConfig, 'timestamp authorities', config.source),
    };
}
/** A service's published signing config: `${server}/signing_config.json`. */
async function fetchSigningConfig(serverUrl, http) {
    const url = `${serverUrl.replace(/\/+$/, '')}/signing_config.json`;
    return parseSigningConfig(await (0,_core_http_js__WEBPACK_IMPORTED_MODULE_1__/* .getJson */ .Tt)({ url, what: 'signing config' }, http), url);
}
/** `--signing-config FILE|URL`: an http(s) URL is fetched as is, anything else read as a file. */
async function loadSigningConfig(fileOrUrl, http) {
    const what = 'signing config';
    const bytes = await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_0__/* .readDocument */ .u0)(fileOrUrl, {
        what,
        maxBytes: MAX_SIGNING_CONFIG_BYTES,
        ...(http && { http }),
    });
    return parseSigningConfig((0,_core_document_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonDocument */ .dH)(bytes, what, fileOrUrl), fileOrUrl);
}
//# sourceMappingURL=signing-config.js.map

/***/ }),

/***/ 8827:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  eO: () => (/* binding */ IMAGE_HELP),
  bO: () => (/* binding */ IMAGE_OPTIONS),
  ny: () => (/* binding */ attachAll),
  H2: () => (/* binding */ gatherSubjects),
  UZ: () => (/* binding */ imageArtifact),
  fY: () => (/* binding */ noteTag),
  zB: () => (/* binding */ registryOpener),
  Wn: () => (/* binding */ splitPositionals)
});

// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/src/oci/error.js
var oci_error = __webpack_require__(1761);
;// CONCATENATED MODULE: ./build/src/oci/credentials.js





/**
 * Registry credentials where CI and developers already keep them, first found wins:
 * 1. the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`): the
 *    registry's credential helper (`credHelpers`), its `auths` entry (`auth` = base64
 *    user:password, `identitytoken`, or `username`/`password`), then the default store
 *    (`credsStore`), each helper run as `docker-credential-NAME get` the way docker runs it;
 * 2. `GITHUB_TOKEN` (user `GITHUB_ACTOR`) for ghcr.io, as GitHub Actions provides it;
 * 3. `CI_REGISTRY_USER` + `CI_REGISTRY_PASSWORD`, or `CI_JOB_TOKEN`, for `$CI_REGISTRY`, as
 *    GitLab CI provides them.
 * None found is not an error: public registries answer anonymous pulls. Secrets never appear
 * in messages, only the file, registry and helper names.
 */
/** A docker config file larger than this is not one (they hold a handful of entries). */
const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;
/** A credential helper that has not answered by then is stopped (it may be waiting on a keychain prompt). */
const DEFAULT_HELPER_TIMEOUT_MS = 10_000;
/** What a credential helper may print. */
const MAX_HELPER_OUTPUT_BYTES = 64 * 1024;
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** docker's marker for an identity (refresh) token returned by a helper in place of a password. */
const IDENTITY_TOKEN_USER = '<token>';
/** An `auths` key as docker writes them (`ghcr.io`, `https://ghcr.io`, `https://index.docker.io/v1/`) to host[:port]. */
const hostOf = (key) => key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
async function registryCredentials(registryHost, env = process.env) {
    const host = registryHost.toLowerCase();
    const hub = DOCKER_HUB_HOSTS.has(host);
    const fromConfig = await dockerConfigCredentials(host, hub, env);
    if (fromConfig !== undefined)
        return fromConfig;
    if (host === 'ghcr.io' && nonEmpty(env.GITHUB_TOKEN)) {
        return {
            username: nonEmpty(env.GITHUB_ACTOR) ?? 'github-actions',
            password: env.GITHUB_TOKEN,
        };
    }
    const gitlab = nonEmpty(env.CI_REGISTRY);
    if (gitlab !== undefined && hostOf(gitlab) === host) {
        const user = nonEmpty(env.CI_REGISTRY_USER);
        const password = nonEmpty(env.CI_REGISTRY_PASSWORD);
        if (user !== undefined && password !== undefined)
            return { username: user, password };
        const job = nonEmpty(env.CI_JOB_TOKEN);
        if (job !== undefined)
            return { username: 'gitlab-ci-token', password: job };
    }
    return undefined;
}
const nonEmpty = (value) => value === undefined || value === '' ? undefined : value;
async function dockerConfigCredentials(host, hub, env) {
    const dir = nonEmpty(env.DOCKER_CONFIG) ?? (0,external_node_path_.join)(nonEmpty(env.HOME) ?? (0,external_node_os_.homedir)(), '.docker');
    const path = (0,external_node_path_.join)(dir, 'config.json');
    const config = await readDockerConfig(path);
    if (config === undefined)
        return undefined;
    const matches = (key) => hub ? key === DOCKER_HUB_KEY || DOCKER_HUB_HOSTS.has(hostOf(key)) : hostOf(key) === host;
    const helperKey = Object.keys(config.credHelpers ?? {}).find(matches);
    if (helperKey !== undefined) {
        return runHelper(config.credHelpers[helperKey], hub ? DOCKER_HUB_KEY : host, path, env);
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (!matches(key))
            continue;
        const found = authEntry(entry, key, path);
        if (found !== undefined)
            return found;
    }
    if (config.credsStore !== undefined) {
        return runHelper(config.credsStore, hub ? DOCKER_HUB_KEY : host, path, env);
    }
    return undefined;
}
async function readDockerConfig(path) {
    let text;
    try {
        const { size } = await (0,promises_.stat)(path);
        if (size > MAX_DOCKER_CONFIG_BYTES) {
            throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the docker config ${path} is ${size} bytes, above the limit of ${MAX_DOCKER_CONFIG_BYTES}`);
        }
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error instanceof oci_error/* OciError */.M)
            throw error;
        if (error.code === 'ENOENT')
            return undefined;
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `cannot read the docker config ${path}: ${error.code ?? 'error'}`, {
            cause: error,
        });
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        // The parser's message quotes the text, which holds secrets: only the position is kept.
        const at = /position (\d+)/.exec(error.message)?.[1];
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the docker config ${path} is not JSON${at === undefined ? '' : ` (at character ${at})`}`);
    }
    const config = json;
    const problem = typeof json !== 'object' || json === null || Array.isArray(json)
        ? 'is not a JSON object'
        : !isObject(config.auths, true)
            ? '"auths" is not an object'
            : !isObject(config.credHelpers, true) ||
                !Object.values(config.credHelpers ?? {}).every((v) => typeof v === 'string')
                ? '"credHelpers" is not an object of helper names'
                : config.credsStore !== undefined && typeof config.credsStore !== 'string'
                    ? '"credsStore" is not a helper name'
                    : undefined;
    if (problem !== undefined)
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the docker config ${path}: ${problem}`);
    return config;
}
const isObject = (value, optional = false) => (optional && value === undefined) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value));
function authEntry(entry, key, path) {
    const invalid = (why) => {
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the docker config ${path}: the entry for ${key} ${why}`);
    };
    if (!isObject(entry))
        return invalid('is not an object');
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
        return { identityToken: entry.identitytoken };
    }
    if (typeof entry.auth === 'string' && entry.auth !== '') {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(entry.auth))
            return invalid('has an "auth" that is not base64');
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0)
            return invalid('has an "auth" that is not base64 of user:password');
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof entry.username === 'string' &&
        typeof entry.password === 'string' &&
        entry.username !== '') {
        return { username: entry.username, password: entry.password };
    }
    return undefined;
}
/** `docker-credential-NAME get` with the server on stdin; its JSON answer, or undefined when it has none. */
async function runHelper(name, server, path, env) {
    const command = `docker-credential-${name}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the docker config ${path} names a credential helper "${name.slice(0, 100)}" that is not a plain name`);
    }
    const { code, stdout, failure } = await new Promise((resolve) => {
        const child = (0,external_node_child_process_.execFile)(command, ['get'], {
            env,
            timeout: DEFAULT_HELPER_TIMEOUT_MS,
            maxBuffer: MAX_HELPER_OUTPUT_BYTES,
            encoding: 'utf8',
        }, (error, out) => {
            if (error === null)
                return resolve({ code: 0, stdout: out });
            const e = error;
            if (e.code === 'ENOENT')
                return resolve({ code: null, stdout: '', failure: 'is not on PATH' });
            if (e.killed === true)
                return resolve({
                    code: null,
                    stdout: '',
                    failure: `did not answer within ${DEFAULT_HELPER_TIMEOUT_MS} ms`,
                });
            if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
                return resolve({
                    code: null,
                    stdout: '',
                    failure: `printed more than ${MAX_HELPER_OUTPUT_BYTES} bytes`,
                });
            }
            resolve({ code: typeof e.code === 'number' ? e.code : null, stdout: out });
        });
        child.stdin?.end(server);
    });
    if (failure !== undefined) {
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the credential helper ${command} (from ${path}) ${failure}`);
    }
    // docker-credential-helpers' "not found" answer (credentials.ErrCredentialsNotFound).
    if (code !== 0 && /credentials not found/i.test(stdout))
        return undefined;
    if (code !== 0) {
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the credential helper ${command} (from ${path}) failed for ${server} with exit code ${code ?? 'unknown'}`);
    }
    let json;
    try {
        json = JSON.parse(stdout);
    }
    catch {
        json = {};
    }
    if (typeof json.Username !== 'string' || typeof json.Secret !== 'string' || json.Secret === '') {
        throw new oci_error/* OciError */.M('CREDENTIALS_INVALID', `the credential helper ${command} (from ${path}) answered for ${server} without JSON {"Username","Secret"}`);
    }
    if (json.Username === IDENTITY_TOKEN_USER)
        return { identityToken: json.Secret };
    return { username: json.Username, password: json.Secret };
}
//# sourceMappingURL=credentials.js.map
// EXTERNAL MODULE: ./build/src/oci/reference.js
var oci_reference = __webpack_require__(4974);
// EXTERNAL MODULE: ./build/src/oci/registry.js + 1 modules
var oci_registry = __webpack_require__(8007);
// EXTERNAL MODULE: ./build/src/sign/error.js
var error = __webpack_require__(5409);
// EXTERNAL MODULE: ./build/src/sign/image.js
var sign_image = __webpack_require__(7510);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(2711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var cli_error = __webpack_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/signing.js + 2 modules
var signing = __webpack_require__(8465);
;// CONCATENATED MODULE: ./build/src/cli/image.js










/**
 * What the commands share for images (`oci://` arguments): telling them apart from files, one
 * registry client per host for the run with the credentials CI has for it, the notice that a
 * tag was resolved to the digest that is then used, and (sign, attest) attaching the bundles.
 */
const IMAGE_OPTIONS = {
    'allow-insecure-registry': { type: 'boolean' },
};
const IMAGE_HELP = `Images (oci://REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]):
  --allow-insecure-registry    talk plain http to the registry (a local test registry); refused
                               otherwise. Credentials: ~/.docker/config.json ($DOCKER_CONFIG),
                               GITHUB_TOKEN for ghcr.io, CI_REGISTRY_USER/CI_REGISTRY_PASSWORD
                               (or CI_JOB_TOKEN) for $CI_REGISTRY`;
/** Splits arguments into files and image references; a malformed reference is a usage error. */
function splitPositionals(positionals) {
    const files = [];
    const images = [];
    for (const text of positionals) {
        if (!(0,oci_reference/* isImageReference */.hb)(text)) {
            files.push(text);
            continue;
        }
        try {
            images.push({ text, reference: (0,oci_reference/* parseImageReference */.o_)(text) });
        }
        catch (error) {
            if (!(error instanceof oci_error/* OciError */.M))
                throw error;
            throw new cli_error/* CliError */.z('USAGE', error.message, { cause: error });
        }
    }
    return { files, images };
}
/** Opens each registry once per run, looking its credentials up the first time. */
function registryOpener(io, insecure) {
    const opened = new Map();
    return (host) => {
        let registry = opened.get(host);
        if (registry === undefined) {
            registry = registryCredentials(host, io.env).then((credentials) => (0,oci_registry/* openRegistry */.Me)({ registry: host, insecure, credentials }));
            opened.set(host, registry);
        }
        return registry;
    };
}
/** Says on stderr that a tag stood for a digest, which is what the command goes on with. */
function noteTag(io, command, reference, digest) {
    const doing = { sign: 'signing', attest: 'attesting', verify: 'verifying' }[command];
    const pinned = (0,oci_reference/* formatImageReference */.my)(reference, digest);
    io.stderr((0,core_text/* printed */.zd) `signet ${command}: warning: tag ${reference.tag} resolved to ${digest}; ${doing} ${pinned} (a tag can move: deploy the digest)\n`);
}
/**
 * What sign and attest settle before any token is asked for or anything is logged: the signing
 * plan checked, the files read, and every image resolved, so that a missing digest or a registry
 * refusing the credentials stops the run first.
 */
async function gatherSubjects(parsed, io, command, { files, images }) {
    const plan = (0,signing/* signingPlan */.lV)(parsed, io, command);
    if (parsed.values['key-bundle'] !== undefined && plan.keyRef === undefined) {
        throw new cli_error/* CliError */.z('USAGE', '--key-bundle needs --kms or --key');
    }
    const artifacts = await Promise.all(files.map(signing/* readArtifact */.R9));
    const resolved = await resolveImages(images, io, command, {
        insecure: (0,args/* flagOption */.kY)(parsed, 'allow-insecure-registry'),
        recursive: (0,args/* flagOption */.kY)(parsed, 'recursive'),
    });
    return { plan, artifacts, resolved, images: uniqueImages(resolved.flatMap((r) => r.images)) };
}
/** The images the arguments name, each resolved once (a tag noted on stderr). */
async function resolveImages(images, io, command, options) {
    const openRegistryFor = registryOpener(io, options.insecure);
    return Promise.all(images.map(async ({ text, reference }) => ({
        text,
        images: await (0,sign_image/* resolveImage */.AT)(await openRegistryFor(reference.registry), reference, {
            recursive: options.recursive,
            onTag: (_, digest) => noteTag(io, command, reference, digest),
        }),
    })));
}
/** One image once, however many arguments name it (a tag and its digest, an index twice). */
const uniqueImages = (images) => [
    ...new Map(images.map((image) => [image.name, image])).values(),
];
/** What a new image bundle is verified for before it is attached: the manifest digest. */
const imageArtifact = (image) => ({
    digest: {
        algorithm: 'sha256',
        value: Buffer.from(image.subject.digest.slice('sha256:'.length), 'hex'),
    },
});
/**
 * Attaches every image bundle, all at once (the referrers layer orders writers of one index),
 * and returns each one's referrer (`oci://host/repo@sha256:…`). Registries cannot take a set
 * of manifests atomically, so a failure names what is attached already: running again attaches
 * the rest, and verify finds all of them.
 */
async function attachAll(images, bundles) {
    const outcomes = await Promise.allSettled(bundles.map(async (signed) => {
        const image = images.find((i) => i.name === signed.name);
        const referrer = await (0,sign_image/* attachBundle */.U9)(image, signed);
        return image.name.replace(/@sha256:[0-9a-f]{64}$/, `@${referrer.digest}`);
    }));
    const attached = new Map();
    const failed = [];
    for (const [i, outcome] of outcomes.entries()) {
        const signed = bundles[i];
        if (outcome.status === 'fulfilled')
            attached.set(signed, outcome.value);
        else
            failed.push(`${signed.kind} bundle of ${signed.name}: ${outcome.reason.message}`);
    }
    if (failed.length > 0) {
        const done = [...attached].map(([s, where]) => `${s.kind} bundle of ${s.name} as ${where}`);
        throw new error/* SignError */.u('ATTACH_FAILED', `attaching to the registry failed (no file bundle was written): ${failed.join('; ')}${done.length > 0 ? `; attached before the failure: ${done.join('; ')}` : ''}`, { cause: outcomes.find((o) => o.status === 'rejected').reason });
    }
    return attached;
}
//# sourceMappingURL=image.js.map

/***/ }),

/***/ 8465:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Sj: () => (/* binding */ SIGNING_HELP),
  FQ: () => (/* binding */ SIGNING_OPTIONS),
  _8: () => (/* binding */ bundleFacts),
  Lm: () => (/* binding */ describeFacts),
  Cl: () => (/* binding */ describeIdentity),
  Ou: () => (/* binding */ openSigning),
  R9: () => (/* binding */ readArtifact),
  lV: () => (/* binding */ signingPlan)
});

// UNUSED EXPORTS: MAX_ARTIFACT_BYTES, TUF_SIGNING_CONFIG

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/src/bundle/signing-config.js
var signing_config = __webpack_require__(5904);
// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(9096);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/kms/signer.js
var signer = __webpack_require__(81);
// EXTERNAL MODULE: ./build/src/core/http.js
var http = __webpack_require__(9001);
// EXTERNAL MODULE: ./build/src/core/url.js
var core_url = __webpack_require__(5708);
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
// EXTERNAL MODULE: ./build/src/verify/policy.js
var policy = __webpack_require__(1345);
// EXTERNAL MODULE: ./build/src/verify/verifier.js + 10 modules
var verifier = __webpack_require__(6241);
// EXTERNAL MODULE: ./build/src/cli/args.js
var args = __webpack_require__(2711);
// EXTERNAL MODULE: ./build/src/cli/error.js
var error = __webpack_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/trust.js
var cli_trust = __webpack_require__(5978);
;// CONCATENATED MODULE: ./build/src/cli/signing.js











/**
 * What every signing command (`signet sign`, `signet attest`) takes and does alike: where to
 * sign, the identity token, the second signature's key, and the trust root the new bundles
 * are verified against before they are written.
 */
/** The TUF target that is the signing config (v0.2), as public-good names it. */
const TUF_SIGNING_CONFIG = 'signing_config.v0.2.json';
const SIGNING_OPTIONS = {
    server: { type: 'string' },
    'signing-config': { type: 'string' },
    'trusted-root': { type: 'string' },
    ...cli_trust/* TUF_OPTIONS */.Lv,
    'identity-token': { type: 'string' },
    audience: { type: 'string' },
    kms: { type: 'string' },
    key: { type: 'string' },
};
const SIGNING_HELP = `Where to sign (one of; SIGNET_SERVER is read when none is given):
  --server URL                 a Signet (or Sigstore-compatible) service
  --signing-config FILE|URL    signing_config.json v0.2 naming the services
  --tuf-url URL                a TUF repository distributing both the signing config and the
                               trusted root (signet verify --help: --tuf-root, --tuf-cache)
  --trusted-root FILE|URL      trust root to verify the new bundles against
                               (default: the service's /trusted_root.json)
  --tuf-root FILE              the TUF repository's first root (1.root.json), needed once
  --tuf-cache DIR              where verified TUF metadata is kept

Identity token (first that applies): --identity-token, SIGSTORE_ID_TOKEN, the GitHub Actions
runtime (needs "permissions: id-token: write"), a development service's own issuer.
  --identity-token TOKEN
  --audience AUD               audience asked of GitHub Actions (default: ${DEFAULT_TOKEN_AUDIENCE})

Second signature:
  --kms awskms:///KEY          key id, alias/NAME or ARN in AWS KMS (usual AWS credentials)
  --key FILE                   a PEM EC private key (development)`;
/** Checks the signing options of `command` before any file is read or service contacted. */
function signingPlan(parsed, io, command) {
    (0,args/* exclusive */.jC)(parsed, 'server', 'signing-config', 'tuf-url');
    (0,args/* exclusive */.jC)(parsed, 'trusted-root', 'tuf-url');
    const tuf = (0,cli_trust/* tufOptions */.cw)(parsed, io, command);
    (0,args/* exclusive */.jC)(parsed, 'kms', 'key');
    const keyRef = (0,args/* stringOption */.Pp)(parsed, 'kms') ?? (0,args/* stringOption */.Pp)(parsed, 'key');
    const server = (0,args/* stringOption */.Pp)(parsed, 'server') ??
        (parsed.values['signing-config'] === undefined && tuf === undefined
            ? io.env.SIGNET_SERVER
            : undefined);
    const signingConfigSource = (0,args/* stringOption */.Pp)(parsed, 'signing-config');
    if (server === undefined && signingConfigSource === undefined && tuf === undefined) {
        throw new error/* CliError */.z('USAGE', 'say where to sign: --server URL, --signing-config FILE|URL or --tuf-url URL (or set SIGNET_SERVER)');
    }
    const trustSource = (0,args/* stringOption */.Pp)(parsed, 'trusted-root') ??
        (server !== undefined ? (0,cli_trust/* serverTrustedRoot */.$5)(server) : siblingTrustedRoot(signingConfigSource));
    if (trustSource === undefined && tuf === undefined) {
        throw new error/* CliError */.z('USAGE', 'a signing config read from a file needs --trusted-root FILE|URL to verify the new bundles against');
    }
    return { command, server, signingConfigSource, tuf, trustSource, keyRef };
}
async function openSigning(plan, parsed, io, quiet) {
    const { server, tuf } = plan;
    let signingConfig;
    let tufTrust;
    if (tuf !== undefined) {
        // One refresh of the repository's metadata gives both, so they are of one version.
        const { fetchTufTargets } = await Promise.all(/* import() */[__webpack_require__.e(706), __webpack_require__.e(879)]).then(__webpack_require__.bind(__webpack_require__, 7879));
        const [config, root] = await fetchTufTargets([TUF_SIGNING_CONFIG, cli_trust/* TUF_TRUSTED_ROOT */.zf], tuf);
        const { bytes, source } = config;
        signingConfig = (0,signing_config/* parseSigningConfig */.V2)((0,core_document/* parseJsonDocument */.dH)(bytes, 'signing config', source), source);
        tufTrust = (0,cli_trust/* trustFrom */.bf)(root?.bytes, root?.source, undefined);
    }
    else {
        signingConfig =
            server !== undefined
                ? await (0,signing_config/* fetchSigningConfig */.gv)(server)
                : await (0,signing_config/* loadSigningConfig */.Uk)(plan.signingConfigSource);
    }
    const [token, keySigner, trust] = await Promise.all([
        identityToken({
            ...(parsed.values['identity-token'] !== undefined && {
                explicit: (0,args/* stringOption */.Pp)(parsed, 'identity-token'),
            }),
            env: io.env,
            ...(parsed.values.audience !== undefined && { audience: (0,args/* stringOption */.Pp)(parsed, 'audience') }),
            ...(signingConfig.oidcUrls[0] !== undefined && {
                developmentIssuer: signingConfig.oidcUrls[0].url,
            }),
        }),
        plan.keyRef !== undefined ? (0,signer/* openSigner */.Hs)(plan.keyRef) : Promise.resolve(undefined),
        tufTrust ?? (0,cli_trust/* loadTrust */.Vc)(plan.trustSource),
    ]);
    if (!quiet)
        io.stderr((0,core_text/* printed */.zd) `identity token from ${token.source}\n`);
    return {
        signingConfig,
        token,
        keySigner,
        trust,
        verifier: new verifier/* Verifier */.B(trust.trust),
        onServices: (services) => {
            const warning = server !== undefined ? elsewhere(server, services) : undefined;
            if (warning !== undefined)
                io.stderr((0,core_text/* printed */.zd) `signet ${plan.command}: warning: ${warning}\n`);
        },
    };
}
const bundleFacts = (checked) => ({
    logEntries: checked.tlogEntries.map((e) => ({ logIndex: e.logIndex, baseUrl: e.baseUrl })),
    timestamps: checked.timestamps.map((t) => ({ time: t.genTime.toISOString(), authority: t.tsa })),
    ...(checked.signer.kind === 'publicKey' && { keyHint: checked.signer.hint }),
});
/** "log index 12, 2026-12-05T04:50:00.000Z", for the human-readable lines. */
const describeFacts = (facts) => `${facts.logEntries.map((e) => `log index ${e.logIndex}`).join(', ')}, ${facts.timestamps[0]?.time ?? 'no timestamp'}`;
/**
 * Where the signing config served by `server` sends this run other than to `server`'s origin,
 * as one sentence. The config is authoritative (a CA or log may have a host of its own), but a
 * service whose public URL was never set advertises a default address, where another instance
 * may be the one that answers: the user should see that before a chain error, not after.
 */
function elsewhere(server, services) {
    const home = new URL(server).origin;
    const roles = new Map();
    const add = (role, url) => {
        const origin = new URL(url).origin;
        if (origin !== home)
            roles.set(origin, (roles.get(origin) ?? new Set()).add(role));
    };
    add('CA', services.ca.url);
    for (const tlog of services.tlogs)
        add('transparency log', tlog.url);
    for (const tsa of services.tsas)
        add('timestamp authority', tsa.url);
    if (roles.size === 0)
        return undefined;
    const where = [...roles]
        .map(([origin, names]) => `${[...names].join(', ')} at ${origin}`)
        .join('; ');
    return `the signing config served by ${home} sends this signature to another host (${where}); signing there, as it says (if that is not the service you meant, its public URL is wrong)`;
}
/** A signing config served at .../signing_config.json has its trusted root beside it. */
function siblingTrustedRoot(source) {
    if (source === undefined || !(0,core_document/* isUrl */.gU)(source))
        return undefined;
    const url = new URL(source);
    if (!url.pathname.endsWith('/signing_config.json'))
        return undefined;
    url.pathname = url.pathname.replace(/signing_config\.json$/, 'trusted_root.json');
    return url.toString();
}
/** Artifacts are read whole (they are hashed and, for local keys, signed as data). */
const MAX_ARTIFACT_BYTES = 2 ** 31 - 1;
async function readArtifact(path) {
    const data = await (0,core_document/* readFileLimited */.lB)(path, 'artifact', MAX_ARTIFACT_BYTES);
    return { path, data, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') };
}
/** The SAN and issuer, as people pin them. */
const describeIdentity = (identity) => `${identity.san.value} (issuer ${(0,policy/* issuerOf */.xD)(identity) ?? 'unknown'})`;
//# sourceMappingURL=signing.js.map

/***/ }),

/***/ 2462:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ canonicalize)
/* harmony export */ });
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialisation. Rekor's entry bodies and leaf hashes depend on
 * these exact bytes.
 */
function canonicalize(value) {
    if (value === null || typeof value === 'boolean')
        return JSON.stringify(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('JSON_INVALID', 'canonical JSON cannot represent a non-finite number');
        }
        return JSON.stringify(value);
    }
    if (typeof value === 'string')
        return JSON.stringify(value);
    if (Array.isArray(value))
        return `[${value.map(canonicalize).join(',')}]`;
    if (typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('JSON_INVALID', `canonical JSON cannot represent a ${typeof value}`);
}
//# sourceMappingURL=canonical-json.js.map

/***/ }),

/***/ 1761:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ OciError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/**
 * Raised by the registry client, the referrers layer and the credential lookup. Messages name
 * the registry, the repository and the digest or tag; never a password, token or auth header.
 */
class OciError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 4974:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dh: () => (/* binding */ DIGEST),
/* harmony export */   hb: () => (/* binding */ isImageReference),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference)
/* harmony export */ });
/* unused harmony exports REFERENCE_PREFIX, DEFAULT_TAG */
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7422);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1761);


/**
 * Image references as the CLI takes them: `oci://HOST[:PORT]/REPO/PATH[:TAG][@sha256:HEX]`, the
 * convention of `gh attestation verify`. The registry is always explicit (no Docker Hub default:
 * what is signed must not depend on a client's idea of a default host). The grammar of each part
 * is that of distribution's reference package; only sha256 digests are accepted, the one
 * algorithm the referrers tag schema and Sigstore bundles here use.
 */
const REFERENCE_PREFIX = 'oci://';
/** A DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port. */
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DEFAULT_TAG = 'latest';
/** distribution's limit on HOST/REPO. */
const MAX_NAME_LENGTH = 255;
/** How much of a bad reference a message quotes. */
const MAX_QUOTED = 200;
/** True when a CLI argument names an image rather than a file. */
const isImageReference = (text) => text.startsWith(REFERENCE_PREFIX);
function parseImageReference(text) {
    const fail = (why) => {
        const quoted = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REFERENCE_INVALID', `"${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(quoted)}" is not an image reference (${REFERENCE_PREFIX}HOST[:PORT]/REPOSITORY[:TAG][@sha256:DIGEST]): ${why}`);
    };
    if (!isImageReference(text))
        return fail(`it must start with ${REFERENCE_PREFIX}`);
    let rest = text.slice(REFERENCE_PREFIX.length);
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest)) {
            return fail(`the digest "${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(digest)}" is not sha256: and 64 lower-case hex digits`);
        }
    }
    const slash = rest.indexOf('/');
    if (slash === -1)
        return fail('it names no repository after the registry host');
    const host = rest.slice(0, slash);
    let path = rest.slice(slash + 1);
    let tag;
    const colon = path.lastIndexOf(':');
    if (colon !== -1) {
        tag = path.slice(colon + 1);
        path = path.slice(0, colon);
        if (!TAG.test(tag)) {
            return fail(`the tag "${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(tag)}" is not 1 to 128 letters, digits, _ . - (not starting with . or -)`);
        }
    }
    const port = HOST.exec(host);
    if (port === null)
        return fail(`the registry host "${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(host)}" is not a host name or address`);
    if (port[1] !== undefined && (Number(port[1]) < 1 || Number(port[1]) > 65535)) {
        return fail(`the port ${port[1]} is out of range`);
    }
    const bad = path.split('/').find((component) => !PATH_COMPONENT.test(component));
    if (bad !== undefined) {
        return fail(bad === ''
            ? 'the repository has an empty path component'
            : `the repository component "${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(bad)}" is not lower-case letters and digits separated by . _ __ or -`);
    }
    if (host.length + 1 + path.length > MAX_NAME_LENGTH) {
        return fail(`the registry and repository are longer than ${MAX_NAME_LENGTH} characters`);
    }
    return {
        registry: host.toLowerCase(),
        repository: path,
        ...(tag !== undefined ? { tag } : digest === undefined && { tag: DEFAULT_TAG }),
        ...(digest !== undefined && { digest }),
    };
}
/** `oci://host/repo@sha256:…` when a digest is known (`digest` wins over the reference's), else `oci://host/repo:tag`. */
function formatImageReference(ref, digest) {
    const base = `${REFERENCE_PREFIX}${ref.registry}/${ref.repository}`;
    const pinned = digest ?? ref.digest;
    if (pinned !== undefined)
        return `${base}@${pinned}`;
    return ref.tag !== undefined ? `${base}:${ref.tag}` : base;
}
//# sourceMappingURL=reference.js.map

/***/ }),

/***/ 4687:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ ANNOTATIONS),
/* harmony export */   vO: () => (/* binding */ attachReferrer),
/* harmony export */   xt: () => (/* binding */ listReferrers)
/* harmony export */ });
/* unused harmony exports EMPTY_DESCRIPTOR, DEFAULT_FALLBACK_WRITE_WINDOW_MS, DEFAULT_FALLBACK_SETTLE_MS, DEFAULT_FALLBACK_ATTEMPTS, FALLBACK_BACKOFF_MS, MAX_REFERRER_PAGES, referrersTag, createdAnnotation, buildReferrerManifest */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1761);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4974);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8007);




/**
 * Artifacts attached to an image as OCI 1.1 referrers, laid out as cosign's BUNDLE_SPEC.md
 * stores Sigstore bundles: a manifest with an `artifactType`, the empty config, the artifact as
 * its one layer and the signed manifest as its `subject`. A registry with the referrers API
 * lists it by itself (it answers the push with OCI-Subject); on one without, the client keeps
 * the index under the referrers tag (`sha256-<hex>`) itself (distribution-spec, "Pushing
 * Manifests with Subject").
 *
 * Registries offer no compare-and-swap on a tag, so two writers updating one fallback index
 * can each overwrite the other's entry. Writers here bound the race: an index read more than
 * `writeWindowMs` ago is read again rather than written back, so any write based on a read
 * that missed an entry lands within that window after the entry; each writer reads the index
 * again once the window (plus a margin) has passed since its write, and starts over if its
 * entry is gone. Writers in one process (the two halves of a dual signature) also take turns.
 */
const ANNOTATIONS = {
    created: 'org.opencontainers.image.created',
    title: 'org.opencontainers.image.title',
    bundleContent: 'dev.sigstore.bundle.content',
    bundlePredicateType: 'dev.sigstore.bundle.predicateType',
};
/** The OCI empty descriptor's content (image-spec, "Guidance for an empty descriptor"). */
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_DESCRIPTOR = {
    mediaType: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociEmpty,
    digest: (0,_registry_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Digest */ .sI)(EMPTY_JSON),
    size: EMPTY_JSON.length,
};
/**
 * A fallback index read longer ago than this (from the start of the read) is read again
 * instead of written back. Above a manifest read and write to a distant registry (~100-300 ms),
 * short because a signer waits `DEFAULT_FALLBACK_SETTLE_MS` after each write.
 */
const DEFAULT_FALLBACK_WRITE_WINDOW_MS = 400;
/** After writing the fallback index, how long before reading it again to confirm the entry. */
const DEFAULT_FALLBACK_SETTLE_MS = 600;
/** Writes of the fallback index before CONFLICT. */
const DEFAULT_FALLBACK_ATTEMPTS = 10;
/** First backoff between attempts, doubled per attempt up to 16 times this, with full jitter. */
const FALLBACK_BACKOFF_MS = 100;
/** Pages of a referrers API answer followed (Link rel="next"). */
const MAX_REFERRER_PAGES = 16;
/** The referrers tag schema's tag for a sha256 digest. */
const referrersTag = (digest) => digest.replace(':', '-');
/** RFC 3339 in UTC to the second, as cosign writes `org.opencontainers.image.created`. */
const createdAnnotation = (date) => `${date.toISOString().slice(0, 19)}Z`;
/** The referrer manifest, field by field as cosign writes it (pkg/oci/remote WriteReferrer). */
function buildReferrerManifest(subject, artifactType, layer, annotations) {
    const isBundle = layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle');
    const manifest = {
        schemaVersion: 2,
        mediaType: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociManifest,
        artifactType,
        config: { ...EMPTY_DESCRIPTOR, artifactType },
        layers: [
            {
                mediaType: layer.mediaType,
                digest: layer.digest,
                size: layer.size,
                // BUNDLE_SPEC's optional file name for tools that save layers (oras pull).
                ...(isBundle && {
                    annotations: { [ANNOTATIONS.title]: `${referrersTag(layer.digest)}.sigstore.json` },
                }),
            },
        ],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    return Buffer.from(JSON.stringify(manifest));
}
/** Pushes the artifact, its manifest and (without the referrers API) its fallback index entry. */
async function attachReferrer(registry, repository, subject, artifact, options = {}) {
    if (!_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .DIGEST */ .Dh.test(subject.digest)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REFERENCE_INVALID', `"${subject.digest.slice(0, 200)}" is not a sha256 digest`);
    }
    const annotations = {
        ...artifact.annotations,
        [ANNOTATIONS.created]: artifact.annotations[ANNOTATIONS.created] ?? createdAnnotation(new Date()),
    };
    await registry.pushBlob(repository, EMPTY_JSON, _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociEmpty);
    const layer = await registry.pushBlob(repository, artifact.layer, artifact.layerMediaType);
    const bytes = buildReferrerManifest(subject, artifact.artifactType, layer, annotations);
    const pushed = await registry.pushManifest(repository, (0,_registry_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Digest */ .sI)(bytes), _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociManifest, bytes);
    const descriptor = {
        mediaType: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociManifest,
        digest: pushed.digest,
        size: pushed.size,
        artifactType: artifact.artifactType,
        annotations,
    };
    if (pushed.subject === undefined) {
        await addToFallbackIndex(registry, repository, subject.digest, descriptor, options);
    }
    return descriptor;
}
/** Referrers of `subjectDigest`, by the referrers API where the registry has it, else the fallback tag. */
async function listReferrers(registry, repository, subjectDigest, artifactType) {
    if (!_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .DIGEST */ .Dh.test(subjectDigest)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REFERENCE_INVALID', `"${subjectDigest.slice(0, 200)}" is not a sha256 digest`);
    }
    const fromApi = await referrersApi(registry, repository, subjectDigest, artifactType);
    const all = fromApi ?? (await readFallbackIndex(registry, repository, subjectDigest))?.descriptors ?? [];
    return artifactType === undefined ? all : all.filter((d) => d.artifactType === artifactType);
}
/** The referrers API's answer (all pages), or undefined when the registry has no such API (404). */
async function referrersApi(registry, repository, subjectDigest, artifactType) {
    const out = [];
    let path = `referrers/${subjectDigest}${artifactType === undefined ? '' : `?${new URLSearchParams({ artifactType })}`}`;
    for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
        const response = await registry.send(repository, {
            method: 'GET',
            path,
            access: 'pull',
            headers: { accept: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex },
            maxResponseBytes: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_MAX_MANIFEST_BYTES */ .nP,
        });
        if (response.status === 404 && page === 0)
            return undefined;
        const where = `the referrers of ${subjectDigest} in repository ${repository}`;
        if (response.status !== 200) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REGISTRY_INVALID', `registry ${registry.host} answered HTTP ${response.status} for ${where}`);
        }
        out.push(...parseIndex(response.body, `registry ${registry.host} answered for ${where}`).descriptors);
        const next = nextLink(response.headers.link);
        if (next === undefined)
            return out;
        // The next page is on the same API: keep only its path and query, relative to the repository.
        const url = new URL(next, `http://registry/v2/${repository}/referrers/`);
        const prefix = `/v2/${repository}/`;
        if (!url.pathname.startsWith(prefix)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REGISTRY_INVALID', `registry ${registry.host} sent the next page of ${where} outside the repository`);
        }
        path = `${url.pathname.slice(prefix.length)}${url.search}`;
    }
    throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REGISTRY_INVALID', `registry ${registry.host} lists the referrers of ${subjectDigest} on more than ${MAX_REFERRER_PAGES} pages`);
}
/** The target of a `Link: <…>; rel="next"` header (RFC 8288), if any. */
function nextLink(header) {
    const text = Array.isArray(header) ? header.join(',') : header;
    if (text === undefined)
        return undefined;
    for (const match of text.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
        if (/;\s*rel="?next"?(?:\s|;|$)/i.test(match[2] ?? ''))
            return match[1];
    }
    return undefined;
}
const isStringRecord = (value) => typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
function parseIndex(bytes, from) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        json = undefined;
    }
    const index = json;
    if (typeof index !== 'object' ||
        index === null ||
        Array.isArray(index) ||
        !Array.isArray(index.manifests) ||
        (index.mediaType !== undefined && index.mediaType !== _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REGISTRY_INVALID', `${from} something that is not an OCI image index with a manifests list`);
    }
    const descriptors = [];
    for (const entry of index.manifests) {
        const e = entry;
        if (typeof e !== 'object' ||
            e === null ||
            typeof e.mediaType !== 'string' ||
            typeof e.digest !== 'string' ||
            !_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .DIGEST */ .Dh.test(e.digest) ||
            typeof e.size !== 'number' ||
            !Number.isSafeInteger(e.size) ||
            e.size < 0) {
            continue;
        }
        descriptors.push({
            mediaType: e.mediaType,
            digest: e.digest,
            size: e.size,
            ...(typeof e.artifactType === 'string' && { artifactType: e.artifactType }),
            ...(isStringRecord(e.annotations) && { annotations: e.annotations }),
        });
    }
    return { json: index, entries: index.manifests, descriptors };
}
/** The index under the referrers tag, or undefined when the tag does not exist. */
async function readFallbackIndex(registry, repository, subjectDigest) {
    const tag = referrersTag(subjectDigest);
    let manifest;
    try {
        manifest = await registry.resolve(repository, tag);
    }
    catch (error) {
        if (error instanceof _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M && error.code === 'NOT_FOUND')
            return undefined;
        throw error;
    }
    const from = `tag ${tag} in repository ${repository} on registry ${registry.host} holds`;
    if (manifest.mediaType !== _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('REGISTRY_INVALID', `${from} a ${manifest.mediaType}, not a referrers index: it is left as it is`);
    }
    return parseIndex(manifest.bytes, from);
}
/** Writers of one registry client in this process take turns per fallback tag. */
const turns = new WeakMap();
async function inTurn(registry, key, work) {
    let queues = turns.get(registry);
    if (queues === undefined)
        turns.set(registry, (queues = new Map()));
    const before = queues.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
        if (queues.get(key) === settled)
            queues.delete(key);
    });
    return mine;
}
async function addToFallbackIndex(registry, repository, subjectDigest, descriptor, options) {
    const windowMs = options.writeWindowMs ?? DEFAULT_FALLBACK_WRITE_WINDOW_MS;
    const settleMs = options.settleMs ?? DEFAULT_FALLBACK_SETTLE_MS;
    const attempts = options.attempts ?? DEFAULT_FALLBACK_ATTEMPTS;
    const tag = referrersTag(subjectDigest);
    const listed = (index) => index?.descriptors.some((d) => d.digest === descriptor.digest) === true;
    for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) {
            const cap = FALLBACK_BACKOFF_MS * 2 ** Math.min(attempt - 1, 4);
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(Math.random() * cap);
        }
        const written = await inTurn(registry, `${repository}/${tag}`, async () => {
            const started = performance.now();
            const index = await readFallbackIndex(registry, repository, subjectDigest);
            if (listed(index))
                return true;
            if (performance.now() - started > windowMs)
                return false;
            const json = {
                ...(index?.json ?? { schemaVersion: 2 }),
                mediaType: _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex,
                manifests: [...(index?.entries ?? []), descriptor],
            };
            await registry.pushManifest(repository, tag, _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex, Buffer.from(JSON.stringify(json)));
            return true;
        });
        if (!written)
            continue;
        // Any write based on a read that missed this entry has landed by now: is it still there?
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(settleMs);
        if (listed(await readFallbackIndex(registry, repository, subjectDigest)))
            return;
    }
    throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .M('CONFLICT', `the referrers index ${tag} in repository ${repository} on registry ${registry.host} kept being overwritten by other writers: ${descriptor.digest} is pushed but not listed after ${attempts} attempts; attach it again, or use a registry with the referrers API`);
}
//# sourceMappingURL=referrers.js.map

/***/ }),

/***/ 8007:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nP: () => (/* binding */ DEFAULT_MAX_MANIFEST_BYTES),
  Z2: () => (/* binding */ MEDIA_TYPES),
  Me: () => (/* binding */ openRegistry),
  sI: () => (/* binding */ sha256Digest)
});

// UNUSED EXPORTS: MAX_BLOB_REDIRECTS

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/src/core/http.js
var core_http = __webpack_require__(9001);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
// EXTERNAL MODULE: ./build/src/oci/error.js
var oci_error = __webpack_require__(1761);
;// CONCATENATED MODULE: ./build/src/oci/auth.js


/** A token is used at most this long when the token service does not say (its spec's default). */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** A token is dropped this long before it expires, so it does not lapse in flight. */
const TOKEN_EXPIRY_MARGIN_MS = 5_000;
/**
 * The challenges of a WWW-Authenticate header (RFC 7235 §4.1), schemes lower-cased. Only Basic
 * and Bearer are kept; parameters are `name=token` or `name="quoted string"`.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const out = [];
    const re = /\s*(?:,\s*)*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*)))?/gy;
    let current;
    let skipping = false;
    for (let match = re.exec(header); match !== null && match[0] !== ''; match = re.exec(header)) {
        const [, name, quoted, token] = match;
        if (quoted === undefined && token === undefined) {
            // A bare token starts a new challenge.
            const scheme = name.toLowerCase();
            skipping = scheme !== 'basic' && scheme !== 'bearer';
            current = skipping ? undefined : { scheme: scheme, params: {} };
            if (current !== undefined)
                out.push(current);
        }
        else if (current !== undefined && !skipping) {
            current.params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? token ?? '';
        }
    }
    return out;
}
/**
 * The authentication state of one registry: the challenge it answered with, and the tokens
 * obtained for it. `authorization` gives the header for a request (none before the registry has
 * asked); `challenged` is told of each 401 and says whether a retry can help.
 */
class Authenticator {
    host;
    credentials;
    fetchToken;
    challenge;
    tokens = new Map();
    pending = new Map();
    constructor(host, credentials, fetchToken) {
        this.host = host;
        this.credentials = credentials;
        this.fetchToken = fetchToken;
    }
    async authorization(repository, access) {
        const challenge = this.challenge;
        if (challenge === undefined)
            return undefined;
        if (challenge.scheme === 'basic')
            return this.basic(repository);
        const scope = `repository:${repository}:${access}`;
        const cached = this.cached(scope) ??
            (access === 'pull' ? this.cached(`repository:${repository}:pull,push`) : undefined);
        if (cached !== undefined)
            return `Bearer ${cached}`;
        let pending = this.pending.get(scope);
        if (pending === undefined) {
            pending = this.newToken(challenge, scope).finally(() => this.pending.delete(scope));
            this.pending.set(scope, pending);
        }
        return `Bearer ${(await pending).token}`;
    }
    /**
     * Learns from a 401. True when a retry with (new) credentials can help: the first challenge,
     * or a token that was refused (expired early, revoked) and can be fetched again once.
     */
    challenged(header, repository, access, sent) {
        const challenge = parseChallenges(header).find((c) => c.scheme === 'bearer') ?? parseChallenges(header)[0];
        if (challenge === undefined) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `registry ${this.host} answered HTTP 401 for repository ${repository} without a Basic or Bearer challenge (WWW-Authenticate)`);
        }
        const first = this.challenge === undefined || this.challenge.scheme !== challenge.scheme;
        this.challenge = challenge;
        if (challenge.scheme === 'bearer') {
            this.tokens.delete(`repository:${repository}:${access}`);
            if (access === 'pull')
                this.tokens.delete(`repository:${repository}:pull,push`);
        }
        if (sent === undefined)
            return true;
        // Basic credentials refused once are refused again; a bearer token may just have lapsed.
        return first || challenge.scheme === 'bearer';
    }
    basic(repository) {
        const credentials = this.credentials;
        if (credentials === undefined || !('username' in credentials)) {
            throw new oci_error/* OciError */.M('UNAUTHORIZED', `registry ${this.host} asks for a username and password (basic auth) for repository ${repository}, and ${credentials === undefined ? 'none were found' : 'only an identity token was found'}: log in with docker login, or set the registry's credentials in the environment`);
        }
        return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    cached(scope) {
        const token = this.tokens.get(scope);
        if (token === undefined)
            return undefined;
        if (token.expiresAt - TOKEN_EXPIRY_MARGIN_MS > Date.now())
            return token.token;
        this.tokens.delete(scope);
        return undefined;
    }
    async newToken(challenge, scope) {
        const realm = challenge.params.realm;
        if (realm === undefined || realm === '') {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `registry ${this.host} asked for a bearer token without naming its token service (no realm in WWW-Authenticate)`);
        }
        const { token, expiresInS } = await this.fetchToken(realm, challenge.params.service, scope, this.credentials);
        const problem = token === ''
            ? 'is empty'
            : ((0,core_text/* controlCharacterProblem */.wB)(token) ??
                (/\s/.test(token) ? 'contains white space' : undefined));
        if (problem !== undefined) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `the token service of registry ${this.host} answered with a token that ${problem}`);
        }
        const cached = { token, expiresAt: Date.now() + expiresInS * 1000 };
        this.tokens.set(scope, cached);
        return cached;
    }
}
//# sourceMappingURL=auth.js.map
// EXTERNAL MODULE: ./build/src/oci/reference.js
var reference = __webpack_require__(4974);
;// CONCATENATED MODULE: ./build/src/oci/registry.js






/**
 * A client of the OCI distribution API (the subset signing needs): resolve a manifest, push and
 * fetch blobs and manifests, with basic and bearer-token authentication (auth.ts). Every byte
 * read is checked against the digest it was asked by or announced under, so a registry (or
 * anything between) cannot substitute content. https only, unless the caller passes `insecure`
 * (`--allow-insecure-registry`); a loopback registry is no exception, so that a test setting
 * is never what production runs with.
 */
const MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
    octetStream: 'application/octet-stream',
};
const MANIFEST_TYPES = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
];
/**
 * The largest manifest or index read. The distribution spec asks registries and clients to
 * handle at least 4 MB; a signature referrer is under 1 KiB and an image index of a few
 * dozen platforms a few KiB.
 */
const DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Room for a registry's error body when a smaller limit is asked for (a blob of a few bytes). */
const ERROR_BODY_BYTES = 64 * 1024;
/** Blob redirects followed (registries send blob reads to object storage, e.g. S3 or a CDN). */
const MAX_BLOB_REDIRECTS = 3;
const sha256Digest = (bytes) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
/** Docker Hub's API is not served at its name. */
const API_HOSTS = { 'docker.io': 'registry-1.docker.io' };
/** Every status but the transient ones (retried by core/http.ts) is handled here. */
const HANDLED = Array.from({ length: 300 }, (_, i) => 200 + i).filter((s) => s !== 408 && s !== 429);
const header = (response, name) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
};
/** How much of a registry's own reason a message quotes. */
const MAX_QUOTED_REASON = 300;
/**
 * `HTTP 404 MANIFEST_UNKNOWN: manifest unknown`: the status and the first error of the body
 * (`{"errors":[{"code","message"}]}`, distribution-spec), else the reason phrase; escaped, as
 * it is the registry's text.
 */
function registryReason(response) {
    let reason;
    try {
        const json = JSON.parse(response.body.toString('utf8'));
        const first = Array.isArray(json?.errors) ? json.errors[0] : undefined;
        const { code, message } = (first ?? {});
        const parts = [code, message].filter((x) => typeof x === 'string' && x !== '');
        if (parts.length > 0)
            reason = parts.join(': ');
    }
    catch {
        // Not JSON: the status line says what there is to say.
    }
    reason ??= response.statusText;
    if (reason.length > MAX_QUOTED_REASON)
        reason = `${reason.slice(0, MAX_QUOTED_REASON)}…`;
    return `HTTP ${response.status}${reason === '' ? '' : ` ${(0,core_text/* printable */.g$)(reason)}`}`;
}
function openRegistry(options) {
    const host = options.registry;
    const insecure = options.insecure === true;
    const base = `${insecure ? 'http' : 'https'}://${API_HOSTS[host] ?? host}`;
    const http = {
        ...options.http,
        ...(insecure && { allowPlainHttp: true }),
    };
    const what = `registry ${host}`;
    const auth = new Authenticator(host, options.credentials, async (realm, service, scope, credentials) => {
        const url = tokenUrl(realm, service, scope);
        const identity = credentials !== undefined && 'identityToken' in credentials
            ? credentials.identityToken
            : undefined;
        const res = await call({
            method: identity === undefined ? 'GET' : 'POST',
            url: identity === undefined ? url.href : `${url.origin}${url.pathname}`,
            what: `token service of ${what}`,
            headers: {
                accept: 'application/json',
                ...(credentials !== undefined &&
                    'username' in credentials && {
                    authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
                }),
                ...(identity !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
            },
            ...(identity !== undefined && {
                body: Buffer.from(new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: identity,
                    client_id: 'signet',
                    ...(service !== undefined && { service }),
                    scope,
                }).toString()),
            }),
        });
        if (res.status === 401 || res.status === 403) {
            throw new oci_error/* OciError */.M('UNAUTHORIZED', `the token service of ${what} (${url.origin}${url.pathname}) refused ${credentials === undefined ? 'an anonymous token' : 'the credentials'} for ${scope}: ${registryReason(res)}`);
        }
        if (res.status !== 200) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `the token service of ${what} (${url.origin}${url.pathname}) answered ${registryReason(res)} for ${scope}`);
        }
        let json;
        try {
            json = JSON.parse(res.body.toString('utf8'));
        }
        catch {
            json = {};
        }
        const token = typeof json.token === 'string' && json.token !== '' ? json.token : json.access_token;
        if (typeof token !== 'string') {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `the token service of ${what} (${url.origin}${url.pathname}) answered without a token (JSON with "token" or "access_token" expected)`);
        }
        const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0
            ? json.expires_in
            : DEFAULT_TOKEN_LIFETIME_SECONDS;
        return { token, expiresInS: expiresIn };
    });
    function tokenUrl(realm, service, scope) {
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} named a token service that is not a URL: ${(0,core_text/* printable */.g$)(realm.slice(0, 200))}`);
        }
        if (url.protocol === 'http:' && !insecure) {
            throw new oci_error/* OciError */.M('INSECURE_REFUSED', `${what} sends clients for tokens to ${url.origin}, plain http: refused, credentials would travel in clear text (--allow-insecure-registry allows it)`);
        }
        if (service !== undefined)
            url.searchParams.set('service', service);
        url.searchParams.set('scope', scope);
        return url;
    }
    /** One HTTP exchange; transport failures and 5xx after retries become OciErrors. */
    async function call(req, maxResponseBytes) {
        try {
            return await (0,core_http/* request */.Em)({ ...req, expect: HANDLED }, maxResponseBytes === undefined ? http : { ...http, maxResponseBytes });
        }
        catch (error) {
            throw transportError(error, req);
        }
    }
    function transportError(error, req) {
        if (!(error instanceof core_http/* HttpError */.j$))
            return error;
        const target = `${req.what} (${req.method} ${new URL(req.url).origin}${new URL(req.url).pathname})`;
        if (error.code === 'URL_INVALID') {
            const plain = req.url.startsWith('http:');
            return new oci_error/* OciError */.M(plain ? 'INSECURE_REFUSED' : 'REGISTRY_INVALID', plain
                ? `${target}: plain http refused (--allow-insecure-registry allows it): ${(0,core_text/* printable */.g$)(error.detail)}`
                : `${target}: ${(0,core_text/* printable */.g$)(error.detail)}`, { cause: error });
        }
        if (error.code === 'ABORTED')
            return error;
        // An https request answered in plain http: OpenSSL reads the HTTP status line as a record.
        if (!insecure &&
            /wrong version number|packet length too long|http request/i.test(error.detail)) {
            return new oci_error/* OciError */.M('INSECURE_REFUSED', `${target} answers plain http, not https: refused (--allow-insecure-registry allows it)`, { cause: error });
        }
        return new oci_error/* OciError */.M(error.code === 'SERVICE_UNAVAILABLE' ? 'UNAVAILABLE' : 'REGISTRY_INVALID', `${target}: ${(0,core_text/* printable */.g$)(error.detail)}`, { cause: error });
    }
    function checkRepository(repository) {
        if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
            throw new oci_error/* OciError */.M('REFERENCE_INVALID', `"${repository.slice(0, 200)}" is not a repository name`);
        }
    }
    async function send(repository, req) {
        checkRepository(repository);
        const url = new URL(`/v2/${repository}/${req.path}`, base).href;
        return exchange(repository, req, url);
    }
    /** A request with the registry's authentication; a 401 is answered once, then refused. */
    async function exchange(repository, req, url) {
        for (let attempt = 0;; attempt++) {
            const authorization = await auth.authorization(repository, req.access);
            const response = await call({
                method: req.method,
                url,
                what,
                headers: { ...req.headers, ...(authorization !== undefined && { authorization }) },
                ...(req.body !== undefined && { body: req.body }),
            }, req.maxResponseBytes);
            if (response.status !== 401) {
                if (response.status === 403) {
                    throw new oci_error/* OciError */.M('DENIED', `${what} denied ${req.access === 'pull' ? 'read' : 'write'} access to repository ${repository} (${registryReason(response)})${authorization === undefined ? '' : ': the credentials given are not allowed this'}`);
                }
                return response;
            }
            if (attempt > 0 ||
                !auth.challenged(header(response, 'www-authenticate'), repository, req.access, authorization)) {
                throw new oci_error/* OciError */.M('UNAUTHORIZED', `${what} refused ${authorization === undefined ? 'an anonymous request' : 'the credentials'} for repository ${repository} (${registryReason(response)})${authorization === undefined ? ': log in with docker login, or set the registry credentials in the environment' : ''}`);
            }
        }
    }
    function unexpected(response, doing) {
        const location = header(response, 'location');
        let hint = '';
        if (response.status >= 300 && response.status < 400 && location !== undefined) {
            hint = `, a redirect to ${(0,core_text/* printable */.g$)(location.slice(0, 200))}`;
        }
        else if (insecure &&
            response.status === 400 &&
            /HTTPS server/i.test(response.body.toString())) {
            // Go's net/http answers a plain request on a TLS port so.
            hint = ': it serves https, leave out --allow-insecure-registry';
        }
        return new oci_error/* OciError */.M(response.status === 404 ? 'NOT_FOUND' : 'REGISTRY_INVALID', `${what} ${doing}: ${registryReason(response)}${hint}`);
    }
    async function resolve(repository, tagOrDigest) {
        const byDigest = tagOrDigest.startsWith('sha256:');
        if (byDigest && !reference/* DIGEST */.Dh.test(tagOrDigest)) {
            throw new oci_error/* OciError */.M('REFERENCE_INVALID', `"${tagOrDigest.slice(0, 200)}" is not a sha256 digest`);
        }
        const response = await send(repository, {
            method: 'GET',
            path: `manifests/${tagOrDigest}`,
            access: 'pull',
            headers: { accept: MANIFEST_TYPES.join(', ') },
            maxResponseBytes: DEFAULT_MAX_MANIFEST_BYTES,
        });
        const where = `${byDigest ? 'manifest' : 'tag'} ${tagOrDigest} in repository ${repository}`;
        if (response.status === 404) {
            throw new oci_error/* OciError */.M('NOT_FOUND', `${what} has no ${where} (${registryReason(response)})`);
        }
        if (response.status !== 200)
            throw unexpected(response, `answered a request for ${where}`);
        const bytes = response.body;
        const digest = sha256Digest(bytes);
        const announced = header(response, 'docker-content-digest');
        if ((byDigest && digest !== tagOrDigest) || (announced !== undefined && announced !== digest)) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} answered for ${where} with bytes whose digest is ${digest}, not ${byDigest ? tagOrDigest : `${announced} as it announced`}`);
        }
        let json;
        try {
            json = JSON.parse(bytes.toString('utf8'));
        }
        catch {
            json = undefined;
        }
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} answered for ${where} with ${bytes.length} bytes that are not a JSON manifest`);
        }
        const manifest = json;
        const contentType = header(response, 'content-type')?.split(';')[0]?.trim();
        const mediaType = typeof manifest.mediaType === 'string' ? manifest.mediaType : contentType;
        if (mediaType === undefined || !MANIFEST_TYPES.includes(mediaType)) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} answered for ${where} with a manifest of media type ${mediaType ?? '(none)'}; expected one of ${MANIFEST_TYPES.join(', ')}`);
        }
        return { mediaType, digest, size: bytes.length, bytes, json: manifest };
    }
    async function pushBlob(repository, bytes, mediaType = MEDIA_TYPES.octetStream) {
        const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
        const head = await send(repository, {
            method: 'HEAD',
            path: `blobs/${descriptor.digest}`,
            access: 'pull,push',
        });
        if (head.status === 200)
            return descriptor;
        if (head.status !== 404)
            throw unexpected(head, `answered a check for blob ${descriptor.digest} in repository ${repository}`);
        const start = await send(repository, {
            method: 'POST',
            path: 'blobs/uploads/',
            access: 'pull,push',
        });
        const location = header(start, 'location');
        if (start.status !== 202 || location === undefined) {
            throw unexpected(start, `did not start an upload to repository ${repository}${start.status === 202 ? ' (no Location)' : ''}`);
        }
        const upload = new URL(location, `${base}/v2/${repository}/blobs/uploads/`);
        if (upload.origin !== new URL(base).origin) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} sent an upload to another host (${upload.origin}), which is not followed`);
        }
        upload.searchParams.set('digest', descriptor.digest);
        const done = await exchange(repository, {
            method: 'PUT',
            path: '',
            access: 'pull,push',
            headers: { 'content-type': MEDIA_TYPES.octetStream },
            body: bytes,
        }, upload.href);
        if (done.status !== 201)
            throw unexpected(done, `refused blob ${descriptor.digest} for repository ${repository}`);
        const stored = header(done, 'docker-content-digest');
        if (stored !== undefined && stored !== descriptor.digest) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} stored blob ${descriptor.digest} as ${stored}`);
        }
        return descriptor;
    }
    async function fetchBlob(repository, descriptor, maxBytes) {
        const where = `blob ${descriptor.digest} in repository ${repository}`;
        if (!reference/* DIGEST */.Dh.test(descriptor.digest)) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `"${descriptor.digest.slice(0, 200)}" is not a sha256 digest`);
        }
        if (descriptor.size > maxBytes) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${where} is ${descriptor.size} bytes, above the limit of ${maxBytes}`);
        }
        // The size was checked against maxBytes above, and the body is checked against the size.
        const limit = Math.max(maxBytes, ERROR_BODY_BYTES);
        let response = await send(repository, {
            method: 'GET',
            path: `blobs/${descriptor.digest}`,
            access: 'pull',
            maxResponseBytes: limit,
        });
        for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
            const location = header(response, 'location');
            if (location === undefined || hops >= MAX_BLOB_REDIRECTS)
                break;
            const target = new URL(location, `${base}/v2/${repository}/blobs/`);
            // Storage behind a redirect gets no registry credentials: the URL carries its own grant.
            response = await call({ method: 'GET', url: target.href, what: `storage of ${what}` }, limit);
        }
        if (response.status === 404)
            throw new oci_error/* OciError */.M('NOT_FOUND', `${what} has no ${where} (${registryReason(response)})`);
        if (response.status !== 200)
            throw unexpected(response, `answered a request for ${where}`);
        const digest = sha256Digest(response.body);
        if (digest !== descriptor.digest || response.body.length !== descriptor.size) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} answered for ${where} with ${response.body.length} bytes whose digest is ${digest}, not the ${descriptor.size} bytes asked for`);
        }
        return response.body;
    }
    async function pushManifest(repository, reference, mediaType, bytes) {
        const digest = sha256Digest(bytes);
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new oci_error/* OciError */.M('REFERENCE_INVALID', `a manifest whose digest is ${digest} cannot be stored as ${reference.slice(0, 200)}`);
        }
        const response = await send(repository, {
            method: 'PUT',
            path: `manifests/${reference}`,
            access: 'pull,push',
            headers: { 'content-type': mediaType },
            body: bytes,
        });
        if (response.status !== 201)
            throw unexpected(response, `refused manifest ${digest} as ${reference} in repository ${repository}`);
        const stored = header(response, 'docker-content-digest');
        if (stored !== undefined && stored !== digest) {
            throw new oci_error/* OciError */.M('REGISTRY_INVALID', `${what} stored manifest ${digest} as ${stored}`);
        }
        const subject = header(response, 'oci-subject');
        return { mediaType, digest, size: bytes.length, ...(subject !== undefined && { subject }) };
    }
    return { host, resolve, pushBlob, fetchBlob, pushManifest, send };
}
//# sourceMappingURL=registry.js.map

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

/***/ 7510:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ resolveImage),
/* harmony export */   U9: () => (/* binding */ attachBundle),
/* harmony export */   l6: () => (/* binding */ imageSignatureStatement)
/* harmony export */ });
/* unused harmony export MAX_RECURSIVE_MANIFESTS */
/* harmony import */ var _bundle_bundle_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4284);
/* harmony import */ var _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4347);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4974);
/* harmony import */ var _oci_referrers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4687);
/* harmony import */ var _oci_registry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8007);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5409);






const INDEX_TYPES = [_oci_registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex, _oci_registry_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.dockerManifestList];
/** The most manifests `--recursive` signs under one index (nested indexes included). */
const MAX_RECURSIVE_MANIFESTS = 256;
/** What `reference` names now, as one image, or with `recursive` an index and its manifests. */
async function resolveImage(registry, reference, options = {}) {
    const { repository } = reference;
    const wanted = reference.digest ?? reference.tag;
    const top = await registry.resolve(repository, wanted);
    if (reference.digest === undefined)
        options.onTag?.(wanted, top.digest);
    const resolved = new Map();
    const add = (manifest) => {
        resolved.set(manifest.digest, {
            registry,
            repository,
            subject: { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size },
            name: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .formatImageReference */ .my)(reference, manifest.digest),
        });
    };
    add(top);
    if (options.recursive !== true)
        return [...resolved.values()];
    const pending = [top];
    for (let manifest = pending.shift(); manifest; manifest = pending.shift()) {
        if (!INDEX_TYPES.includes(manifest.mediaType))
            continue;
        for (const child of childDigests(manifest, (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .formatImageReference */ .my)(reference, manifest.digest))) {
            if (resolved.has(child))
                continue;
            if (resolved.size >= MAX_RECURSIVE_MANIFESTS) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_4__/* .SignError */ .u('OPTIONS_INVALID', `${(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .formatImageReference */ .my)(reference, top.digest)} holds more than ${MAX_RECURSIVE_MANIFESTS} manifests; sign them in smaller groups`);
            }
            // Fetched, not only named: a platform the index lists but the repository lacks fails here.
            const fetched = await registry.resolve(repository, child);
            add(fetched);
            pending.push(fetched);
        }
    }
    return [...resolved.values()];
}
function childDigests(index, name) {
    const manifests = index.json.manifests;
    const digests = Array.isArray(manifests)
        ? manifests.map((m) => m?.digest)
        : [];
    if (digests.some((d) => typeof d !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(d))) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_4__/* .SignError */ .u('OPTIONS_INVALID', `the index ${name} lists a manifest without a sha256 digest, so --recursive cannot sign it`);
    }
    return digests;
}
/**
 * The statement `cosign sign --new-bundle-format` signs (cosign cmd/cosign/cli/sign/sign.go,
 * signDigestBundle): one subject, the manifest digest with no name and empty annotations, and
 * an empty predicate.
 */
function imageSignatureStatement(digest) {
    const [algorithm, hex] = digest.split(':');
    return {
        _type: _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_STATEMENT_V1 */ .tV,
        subject: [{ digest: { [algorithm]: hex }, annotations: {} }],
        predicateType: _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_5__/* .COSIGN_SIGN_PREDICATE_TYPE */ .Z4,
        predicate: {},
    };
}
/**
 * Attaches a signed statement's bundle to its image as cosign does
 * (pkg/oci/remote/write.go, WriteAttestationNewBundleFormat): artifactType and layer media type
 * the bundle's, annotations `dev.sigstore.bundle.content: dsse-envelope` and the statement's
 * predicate type. Returns the referrer manifest's descriptor.
 */
function attachBundle(image, signed) {
    return (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .attachReferrer */ .vO)(image.registry, image.repository, image.subject, {
        artifactType: _bundle_bundle_js__WEBPACK_IMPORTED_MODULE_0__/* .BUNDLE_V03_MEDIA_TYPE */ .H,
        layerMediaType: _bundle_bundle_js__WEBPACK_IMPORTED_MODULE_0__/* .BUNDLE_V03_MEDIA_TYPE */ .H,
        layer: Buffer.from(JSON.stringify(signed.bundle)),
        annotations: {
            [_oci_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .ANNOTATIONS */ .BC.bundleContent]: 'dsse-envelope',
            [_oci_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .ANNOTATIONS */ .BC.bundlePredicateType]: signed.statement.predicateType,
        },
    });
}
//# sourceMappingURL=image.js.map

/***/ }),

/***/ 1802:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ TlogError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** Raised by the transparency-log module: tiles, checkpoints and the log engine. */
class TlogError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 5111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zg: () => (/* binding */ pae),
/* harmony export */   d6: () => (/* binding */ HASHEDREKORD)
/* harmony export */ });
/* unused harmony exports acceptedAlgorithm, entryFromRequest, transparencyLogEntry, transparencyLogEntryJson */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _core_base64_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8554);
/* harmony import */ var _core_canonical_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2462);
/* harmony import */ var _core_prehash_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9361);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3317);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1802);






const ecCurve = (curve) => (key) => key.type === 'ec' && 'namedCurve' in key && key.namedCurve === curve;
const rsaBits = (bits) => (key) => key.type === 'rsa' && 'modulusLength' in key && key.modulusLength === bits;
/** The client signing algorithms rekor-tiles accepts, less Ed25519ph which Node cannot verify. */
const KEY_PROFILES = {
    PKIX_ECDSA_P256_SHA_256: { hash: 'SHA2_256', digestLength: 32, matches: ecCurve('prime256v1') },
    PKIX_ECDSA_P384_SHA_384: { hash: 'SHA2_384', digestLength: 48, matches: ecCurve('secp384r1') },
    PKIX_ECDSA_P521_SHA_512: { hash: 'SHA2_512', digestLength: 64, matches: ecCurve('secp521r1') },
    PKIX_RSA_PKCS1V15_2048_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(2048) },
    PKIX_RSA_PKCS1V15_3072_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(3072) },
    PKIX_RSA_PKCS1V15_4096_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(4096) },
};
const NODE_HASH = {
    SHA2_256: 'sha256',
    SHA2_384: 'sha384',
    SHA2_512: 'sha512',
};
const HASHEDREKORD = { kind: 'hashedrekord', version: '0.0.2' };
const invalid = (reason) => new TlogError('ENTRY_INVALID', `invalid hashedrekord request: ${reason}`);
function object(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(`${what} must be a JSON object`);
    }
    return value;
}
function field(from, camel, what) {
    // protojson parsers accept the proto field name as well as the JSON name.
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const value = from[camel] ?? from[snake];
    if (value === undefined || value === null || value === '')
        throw invalid(`${what} is missing`);
    return value;
}
function bytes(from, camel, what) {
    const value = field(from, camel, what);
    if (typeof value !== 'string')
        throw invalid(`${what} must be a base64 string`);
    try {
        const decoded = fromBase64(value, what);
        if (decoded.length === 0)
            throw invalid(`${what} is empty`);
        return decoded;
    }
    catch (error) {
        if (error instanceof TlogError)
            throw error;
        throw invalid(`${what} is not valid base64`);
    }
}
function parseVerifier(raw, what) {
    const verifier = object(raw, what);
    const keyDetails = field(verifier, 'keyDetails', `${what}.keyDetails`);
    if (typeof keyDetails !== 'string')
        throw invalid(`${what}.keyDetails must be a string`);
    // Own properties only: `toString` or `constructor` must not find Object.prototype's.
    const profile = Object.hasOwn(KEY_PROFILES, keyDetails) ? KEY_PROFILES[keyDetails] : undefined;
    if (profile === undefined) {
        const hint = keyDetails === 'PKIX_ED25519_PH'
            ? ' (Ed25519ph verification is not available on this server)'
            : '';
        throw new TlogError('ENTRY_UNSUPPORTED', `invalid hashedrekord request: unsupported keyDetails ${keyDetails}${hint}; supported: ${Object.keys(KEY_PROFILES).join(', ')}`);
    }
    const certificate = verifier.x509Certificate ?? verifier.x509_certificate;
    const publicKey = verifier.publicKey ?? verifier.public_key;
    if ((certificate === undefined) === (publicKey === undefined)) {
        throw invalid(`${what} must have exactly one of x509Certificate or publicKey`);
    }
    let spki;
    let notDer;
    let canonical;
    if (certificate !== undefined) {
        const der = bytes(object(certificate, `${what}.x509Certificate`), 'rawBytes', `${what}.x509Certificate.rawBytes`);
        notDer = () => invalid(`${what}.x509Certificate.rawBytes is not a DER X.509 certificate`);
        try {
            // Our own DER parser: about 40 µs for a 1.7 KB Fulcio-style leaf, where
            // X509Certificate and its publicKey cost about 145.
            spki = parseCertificate(der).publicKey;
        }
        catch {
            throw notDer();
        }
        canonical = canonicalize({ keyDetails, x509Certificate: { rawBytes: toBase64(der) } });
    }
    else {
        spki = bytes(object(publicKey, `${what}.publicKey`), 'rawBytes', `${what}.publicKey.rawBytes`);
        notDer = () => invalid(`${what}.publicKey.rawBytes is not a DER SubjectPublicKeyInfo`);
        canonical = canonicalize({ keyDetails, publicKey: { rawBytes: toBase64(spki) } });
    }
    let key;
    try {
        key = parseSpki(spki);
    }
    catch {
        throw notDer();
    }
    let description;
    if (key.kind === 'unsupported') {
        // Not a key this log verifies with. Describe it as OpenSSL sees it, for the message.
        let imported;
        try {
            imported = createPublicKey({ key: spki, format: 'der', type: 'spki' });
        }
        catch {
            throw notDer();
        }
        description = describeKeyObject(imported);
        if (profile.matches(description)) {
            // OpenSSL reads it as the right key type, but not in the form PKIX prescribes.
            throw invalid(`${what} has a ${keyDetails} key encoded in a form this log does not accept: ${key.reason}`);
        }
    }
    else {
        description = describeSpki(key);
    }
    if (key.kind === 'unsupported' || !profile.matches(description)) {
        throw invalid(`${what}.keyDetails is ${keyDetails} but the key is ${describeKey(description)}`);
    }
    return { canonical, key, profile, keyDetails };
}
function describeSpki(key) {
    return key.kind === 'ec'
        ? { type: 'ec', namedCurve: key.curve }
        : { type: 'rsa', modulusLength: key.modulusBits };
}
/**
 * The client signing algorithm a key is accepted for (its keyDetails name and the hash it
 * signs with), as rekor's default algorithm registry pairs them; undefined for any other key.
 * Rekor v1 entries name no keyDetails, so their key alone decides.
 */
function acceptedAlgorithm(key) {
    if (key.kind === 'unsupported')
        return undefined;
    const description = describeSpki(key);
    const found = Object.entries(KEY_PROFILES).find(([, profile]) => profile.matches(description));
    return found && { keyDetails: found[0], hash: found[1].hash };
}
function describeKeyObject(key) {
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails;
    if (type === 'ec')
        return { type, namedCurve: details?.namedCurve };
    if (type === 'rsa')
        return { type, modulusLength: details?.modulusLength };
    return { type };
}
function describeKey(key) {
    if ('namedCurve' in key)
        return `EC ${key.namedCurve ?? 'unknown curve'}`;
    if ('modulusLength' in key)
        return `RSA ${key.modulusLength ?? '?'} bits`;
    return key.type ?? 'an unknown key type';
}
/**
 * The logged entry, as JCS-canonical bytes. Its shape is fixed, so the text is written with its
 * keys already in canonical order (each level's keys sort as written) rather than built as an
 * object and canonicalised: that cost the verifying worker several µs per entry. Every value
 * is a string escaped by JSON.stringify, which JCS serialises the same way.
 */
function buildEntry(digest, signature, verifier) {
    const text = (value) => JSON.stringify(value);
    const body = `{"apiVersion":${text(HASHEDREKORD.version)},"kind":${text(HASHEDREKORD.kind)},` +
        `"spec":{"hashedRekordV002":{"data":{"algorithm":${text(verifier.profile.hash)},` +
        `"digest":${text(toBase64(digest))}},"signature":{"content":${text(toBase64(signature))},` +
        `"verifier":${verifier.canonical}}}}}`;
    return { body: Buffer.from(body, 'utf8'), ...HASHEDREKORD };
}
function hashedRekord(request) {
    const digest = bytes(request, 'digest', 'digest');
    const signature = object(field(request, 'signature', 'signature'), 'signature');
    const content = bytes(signature, 'content', 'signature.content');
    const verifier = parseVerifier(field(signature, 'verifier', 'signature.verifier'), 'signature.verifier');
    if (digest.length !== verifier.profile.digestLength) {
        throw invalid(`digest is ${digest.length} bytes but ${verifier.keyDetails} needs a ${verifier.profile.digestLength}-byte ${verifier.profile.hash} digest`);
    }
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw invalid('signature.content does not verify over the digest with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** DSSE pre-authentication encoding (the bytes a DSSE signature covers). */
function pae(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `),
        type,
        Buffer.from(` ${payload.length} `),
        payload,
    ]);
}
/**
 * Upstream dropped the dsse type and expects clients to log a hashedrekord over H(PAE); sigstore-js
 * still sends dsseRequestV002, so it is accepted and logged in exactly that hashedrekord form,
 * which both sigstore-js and sigstore-go reconstruct when they verify.
 */
function dsse(request) {
    const envelope = object(field(request, 'envelope', 'envelope'), 'envelope');
    const payload = bytes(envelope, 'payload', 'envelope.payload');
    const payloadType = field(envelope, 'payloadType', 'envelope.payloadType');
    if (typeof payloadType !== 'string')
        throw invalid('envelope.payloadType must be a string');
    const signatures = field(envelope, 'signatures', 'envelope.signatures');
    if (!Array.isArray(signatures) || signatures.length !== 1) {
        throw invalid('envelope.signatures must hold exactly one signature');
    }
    const content = bytes(object(signatures[0], 'envelope.signatures[0]'), 'sig', 'envelope.signatures[0].sig');
    const verifiers = field(request, 'verifiers', 'verifiers');
    if (!Array.isArray(verifiers) || verifiers.length !== 1)
        throw invalid('verifiers must hold exactly one verifier');
    const verifier = parseVerifier(verifiers[0], 'verifiers[0]');
    // ECDSA and RSA PKCS#1 v1.5 sign a hash of the message, so verifying the signature over
    // H(PAE) is verifying it over the PAE, without importing the key into OpenSSL.
    const digest = createHash(NODE_HASH[verifier.profile.hash])
        .update(pae(payloadType, payload))
        .digest();
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw invalid('envelope.signatures[0].sig does not verify over the envelope with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** Validates a CreateEntryRequest, verifies its signature, and returns the entry to log. */
function entryFromRequest(request) {
    const body = object(request, 'the request body');
    const keys = Object.keys(body);
    const hashed = body.hashedRekordRequestV002 ?? body.hashed_rekord_request_v002;
    const envelope = body.dsseRequestV002 ?? body.dsse_request_v002;
    if (keys.length !== 1 || (hashed === undefined && envelope === undefined)) {
        throw new TlogError('ENTRY_UNSUPPORTED', `invalid type, must be hashedrekord: the body must hold exactly one of hashedRekordRequestV002 or dsseRequestV002, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    }
    return hashed !== undefined
        ? hashedRekord(object(hashed, 'hashedRekordRequestV002'))
        : dsse(object(envelope, 'dsseRequestV002'));
}
/** The TransparencyLogEntry answer, in protojson form (int64 as strings, bytes as base64). */
function transparencyLogEntry(entry, result, logKeyId) {
    const index = String(result.index);
    return {
        logIndex: index,
        logId: { keyId: toBase64(logKeyId) },
        kindVersion: { kind: entry.kind, version: entry.version },
        integratedTime: '0',
        inclusionProof: {
            logIndex: index,
            rootHash: toBase64(result.checkpoint.rootHash),
            treeSize: String(result.checkpoint.size),
            hashes: result.proof.map(toBase64),
            checkpoint: { envelope: result.checkpoint.note },
        },
        canonicalizedBody: toBase64(entry.body),
    };
}
/** The answer's text up to the first logIndex value's end, per log key and entry kind. */
const answerHeads = new WeakMap();
/**
 * Proof hashes as JSON strings, per Buffer: the proofs of one batch share the Buffers of the
 * nodes they have in common (inclusionProofs), so most hashes are encoded once per batch.
 */
const proofHashTexts = new WeakMap();
/** The answer's text around the proof hashes, per published checkpoint. */
const answerProofParts = new WeakMap();
/**
 * `JSON.stringify(transparencyLogEntry(entry, result, logKeyId))`, byte for byte, without the
 * object: the log key, the checkpoint (root, size, note) and their JSON escaping are the same
 * for every entry a checkpoint answers, so their text is built once and reused. Every appended
 * entry is answered this way, and the nested object plus a full stringify cost the event loop
 * several µs and much of its garbage per entry.
 */
function transparencyLogEntryJson(entry, result, logKeyId) {
    let head = answerHeads.get(logKeyId);
    if (head === undefined || head.kind !== entry.kind || head.version !== entry.version) {
        const kindVersion = JSON.stringify({ kind: entry.kind, version: entry.version });
        head = {
            kind: entry.kind,
            version: entry.version,
            text: `","logId":{"keyId":"${toBase64(logKeyId)}"},"kindVersion":${kindVersion},"integratedTime":"0","inclusionProof":{"logIndex":"`,
        };
        answerHeads.set(logKeyId, head);
    }
    const { checkpoint } = result;
    let proofParts = answerProofParts.get(checkpoint);
    if (proofParts === undefined) {
        proofParts = {
            before: `","rootHash":"${toBase64(checkpoint.rootHash)}","treeSize":"${checkpoint.size}","hashes":[`,
            after: `],"checkpoint":{"envelope":${JSON.stringify(checkpoint.note)}}},"canonicalizedBody":"`,
        };
        answerProofParts.set(checkpoint, proofParts);
    }
    const index = String(result.index);
    let hashes = '';
    for (const [i, hash] of result.proof.entries()) {
        let text = proofHashTexts.get(hash);
        if (text === undefined) {
            text = `"${toBase64(hash)}"`;
            proofHashTexts.set(hash, text);
        }
        hashes += i === 0 ? text : `,${text}`;
    }
    return `{"logIndex":"${index}${head.text}${index}${proofParts.before}${hashes}${proofParts.after}${toBase64(entry.body)}"}`;
}
//# sourceMappingURL=rekor.js.map

/***/ }),

/***/ 7096:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ TsaError)
/* harmony export */ });
/* unused harmony export PkiFailureInfo */
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(279);

/** RFC 3161 PKIFailureInfo bit numbers (§2.4.2). */
const PkiFailureInfo = {
    badAlg: 0,
    badRequest: 2,
    badDataFormat: 5,
    timeNotAvailable: 14,
    unacceptedPolicy: 15,
    unacceptedExtension: 16,
    addInfoNotAvailable: 17,
    systemFailure: 25,
};
/**
 * What a rejection tells the requester for each request error. The mapping follows OpenSSL's
 * TSA (the reference most clients are tested against); anything else is the authority's own
 * fault and reported as systemFailure.
 */
const FAIL_INFO = {
    REQUEST_MALFORMED: PkiFailureInfo.badDataFormat,
    UNSUPPORTED_VERSION: PkiFailureInfo.badRequest,
    WEAK_HASH_ALGORITHM: PkiFailureInfo.badAlg,
    UNSUPPORTED_HASH_ALGORITHM: PkiFailureInfo.badAlg,
    DIGEST_LENGTH_MISMATCH: PkiFailureInfo.badDataFormat,
    UNACCEPTED_POLICY: PkiFailureInfo.unacceptedPolicy,
    UNACCEPTED_EXTENSION: PkiFailureInfo.unacceptedExtension,
};
/** Every error raised by the timestamp authority, its request/response codecs and verifier. */
class TsaError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
    /** The PKIFailureInfo bit a rejection response carries for this error. */
    get failInfo() {
        return FAIL_INFO[this.code] ?? PkiFailureInfo.systemFailure;
    }
    /** Whether the requester caused the error (HTTP 400) rather than the authority (500). */
    get isRequestError() {
        return FAIL_INFO[this.code] !== undefined;
    }
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 9865:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CO: () => (/* binding */ TSA_OID),
/* harmony export */   UH: () => (/* binding */ HASH_ALGORITHMS),
/* harmony export */   tE: () => (/* binding */ hashAlgorithmByOid)
/* harmony export */ });
/* unused harmony exports DEFAULT_POLICY_OID, isHashAlgorithm, digestAlgorithmIdentifier */
/* harmony import */ var _core_der_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3218);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3317);


/** Object identifiers of RFC 3161, CMS (RFC 5652) and ESS (RFC 2634, 5035). */
const TSA_OID = {
    signedData: '1.2.840.113549.1.7.2',
    tstInfo: '1.2.840.113549.1.9.16.1.4',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    signingTime: '1.2.840.113549.1.9.5',
    signingCertificate: '1.2.840.113549.1.9.16.2.12',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    sha1: '1.3.14.3.2.26',
};
/** Sigstore's timestamp policy, the default of sigstore/timestamp-authority. */
const DEFAULT_POLICY_OID = '1.3.6.1.4.1.57264.2';
const HASH_ALGORITHMS = {
    sha256: { oid: '2.16.840.1.101.3.4.2.1', length: 32, ecdsaOid: _core_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .OID */ .Vx.ecdsaWithSha256 },
    sha384: { oid: '2.16.840.1.101.3.4.2.2', length: 48, ecdsaOid: _core_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .OID */ .Vx.ecdsaWithSha384 },
    sha512: { oid: '2.16.840.1.101.3.4.2.3', length: 64, ecdsaOid: _core_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .OID */ .Vx.ecdsaWithSha512 },
};
const BY_OID = new Map(Object.keys(HASH_ALGORITHMS).map((name) => [
    HASH_ALGORITHMS[name].oid,
    name,
]));
/** The supported hash algorithm with this OID, if any. */
const hashAlgorithmByOid = (hashOid) => BY_OID.get(hashOid);
const isHashAlgorithm = (name) => typeof name === 'string' && Object.hasOwn(HASH_ALGORITHMS, name);
/** A digest AlgorithmIdentifier without parameters, as CMS (RFC 5754 §2) prefers. */
const digestAlgorithmIdentifier = (hash) => sequence(oid(HASH_ALGORITHMS[hash].oid));
//# sourceMappingURL=oids.js.map

/***/ }),

/***/ 5439:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n_: () => (/* binding */ parseTimeStampResponse),
/* harmony export */   tm: () => (/* binding */ PkiStatus)
/* harmony export */ });
/* unused harmony exports parseTstInfo, parseTimeStampToken */
/* harmony import */ var _core_der_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3218);
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(279);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3317);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7096);
/* harmony import */ var _oids_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9865);





/** PKIStatus values (RFC 3161 §2.4.2). */
const PkiStatus = {
    granted: 0,
    grantedWithMods: 1,
    rejection: 2,
    waiting: 3,
    revocationWarning: 4,
    revocationNotification: 5,
};
const malformed = (message, cause) => new _error_js__WEBPACK_IMPORTED_MODULE_3__/* .TsaError */ .P('RESPONSE_MALFORMED', message, { cause });
function children(node, tag, what) {
    if (!node)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `${what}: missing`);
    return node.expect(tag, what).children();
}
/** The single element of an EXPLICIT [n] tag. */
function explicit(node, what) {
    const inner = node.children();
    if (inner.length !== 1)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `${what}: expected one element`);
    return inner[0];
}
/** A cursor over SEQUENCE fields that makes OPTIONAL fields and leftovers explicit. */
class Fields {
    nodes;
    what;
    i = 0;
    constructor(nodes, what) {
        this.nodes = nodes;
        this.what = what;
    }
    next(field) {
        const node = this.nodes[this.i++];
        if (!node)
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `${this.what}: missing ${field}`);
        return node;
    }
    optional(tag) {
        const node = this.nodes[this.i];
        if (node?.tag !== tag)
            return undefined;
        this.i++;
        return node;
    }
    end() {
        const node = this.nodes[this.i];
        if (node) {
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `${this.what}: unexpected field 0x${node.tag.toString(16)}`);
        }
    }
}
function parseAccuracy(node) {
    const fields = new Fields(node.children(), 'accuracy');
    const seconds = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.INTEGER)?.toNumber('accuracy.seconds') ?? 0;
    const millis = fields.optional(0x80);
    const micros = fields.optional(0x81);
    fields.end();
    // [0]/[1] IMPLICIT INTEGER: read the content octets as the INTEGER they replace.
    const small = (n) => n ? new _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerNode */ .It(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.INTEGER, n.raw, n.value).toNumber('accuracy') : 0;
    return { seconds, millis: small(millis), micros: small(micros) };
}
/** TSTInfo (RFC 3161 §2.4.2). */
function parseTstInfo(der) {
    const fields = new Fields(children((0,_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDer */ .zE)(der), _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'TSTInfo'), 'TSTInfo');
    const version = fields.next('version').toBigInt('TSTInfo version');
    if (version !== 1n)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `TSTInfo: unsupported version ${version}`);
    const policy = fields.next('policy').toOid('policy');
    const imprint = children(fields.next('messageImprint'), _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'messageImprint');
    if (imprint.length !== 2)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'messageImprint: malformed');
    const hashAlgorithmOid = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .algorithmOid */ .On)(imprint[0], 'messageImprint.hashAlgorithm');
    const info = {
        raw: der,
        policy,
        hashAlgorithmOid,
        hashedMessage: imprint[1].expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.OCTET_STRING, 'hashedMessage').value,
        serial: fields.next('serialNumber').toSignedBigInt('serialNumber'),
        genTime: fields.next('genTime').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.GENERALIZED_TIME, 'genTime').toDate('genTime'),
        ordering: false,
    };
    const hashAlgorithm = (0,_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .hashAlgorithmByOid */ .tE)(hashAlgorithmOid);
    if (hashAlgorithm)
        info.hashAlgorithm = hashAlgorithm;
    const accuracy = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE);
    if (accuracy)
        info.accuracy = parseAccuracy(accuracy);
    const ordering = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.BOOLEAN);
    if (ordering)
        info.ordering = ordering.toBoolean('ordering');
    const nonce = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.INTEGER);
    if (nonce)
        info.nonce = nonce.toSignedBigInt('nonce');
    const tsa = fields.optional(0xa0);
    if (tsa)
        info.tsa = explicit(tsa, 'tsa').raw;
    fields.optional(0xa1); // extensions: none defined that a verifier must act on
    fields.end();
    return info;
}
function parseEssCertId(node, v2) {
    const fields = new Fields(node.expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'ESSCertID').children(), 'ESSCertID');
    // ESSCertIDv2's hashAlgorithm DEFAULTs to SHA-256; v1 is always SHA-1.
    let hashAlgorithmOid = v2 ? _oids_js__WEBPACK_IMPORTED_MODULE_4__/* .HASH_ALGORITHMS */ .UH.sha256.oid : _oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.sha1;
    if (v2) {
        const alg = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE);
        if (alg)
            hashAlgorithmOid = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .algorithmOid */ .On)(alg, 'ESSCertIDv2.hashAlgorithm');
    }
    const id = {
        hashAlgorithmOid,
        certHash: fields.next('certHash').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.OCTET_STRING, 'certHash').value,
    };
    const issuerSerial = fields.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE);
    fields.end();
    if (issuerSerial) {
        const [names, serial, extra] = issuerSerial.children();
        if (!names || !serial || extra)
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'IssuerSerial: malformed');
        serial.toSignedBigInt('IssuerSerial.serialNumber');
        id.issuerSerial = {
            issuerNames: names
                .expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'GeneralNames')
                .children()
                .filter((n) => n.tag === 0xa4)
                .map((n) => explicit(n, 'directoryName').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'directoryName').raw),
            serial: serial.value,
        };
    }
    return id;
}
function parseSigningCertificate(value, v2) {
    const [certs] = children(value, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'SigningCertificate');
    const [first] = children(certs, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'SigningCertificate.certs');
    if (!first)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'SigningCertificate: no ESSCertID');
    return parseEssCertId(first, v2);
}
function parseSignerInfo(node) {
    const fields = new Fields(children(node, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'SignerInfo'), 'SignerInfo');
    const version = fields.next('version').toNumber('SignerInfo version');
    const sidNode = fields.next('sid');
    let sid;
    if (sidNode.tag === _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE && version === 1) {
        const [issuer, serial, extra] = sidNode.children();
        if (!issuer || !serial || extra)
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'IssuerAndSerialNumber: malformed');
        serial.toSignedBigInt('sid serialNumber');
        sid = { issuer: issuer.expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'sid issuer').raw, serial: serial.value };
    }
    else if (sidNode.tag === 0x80 && version === 3) {
        sid = { subjectKeyIdentifier: sidNode.value };
    }
    else {
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `SignerInfo: version ${version} does not match its sid`);
    }
    const digestAlgorithmOid = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .algorithmOid */ .On)(fields.next('digestAlgorithm'), 'digestAlgorithm');
    const attrsNode = fields.optional(0xa0);
    // RFC 3161 tokens must carry the ESS signing-certificate attribute, so signedAttrs too.
    if (!attrsNode)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'SignerInfo: signedAttrs missing');
    const signatureAlgorithmOid = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .algorithmOid */ .On)(fields.next('signatureAlgorithm'), 'signatureAlgorithm');
    const signature = fields.next('signature').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.OCTET_STRING, 'signature').value;
    fields.optional(0xa1); // unsignedAttrs
    fields.end();
    const attributes = new Map();
    for (const attr of attrsNode.children()) {
        const [type, values, extra] = children(attr, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'Attribute');
        const attrOid = type?.toOid('attrType');
        if (!attrOid || !values || extra)
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'Attribute: malformed');
        const [value, ...more] = children(values, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SET, 'attrValues');
        if (!value || more.length > 0) {
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `attribute ${attrOid}: expected exactly one value`);
        }
        if (attributes.has(attrOid))
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `attribute ${attrOid} repeated`);
        attributes.set(attrOid, value);
    }
    const contentType = attributes.get(_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.contentType)?.toOid('contentType attribute');
    if (contentType !== _oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.tstInfo) {
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'signedAttrs: contentType attribute missing or not TSTInfo');
    }
    const messageDigest = attributes.get(_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.messageDigest);
    if (!messageDigest)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'signedAttrs: messageDigest attribute missing');
    const info = {
        sid,
        digestAlgorithmOid,
        signedAttrs: attrsNode.raw,
        messageDigest: messageDigest.expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.OCTET_STRING, 'messageDigest').value,
        signatureAlgorithmOid,
        signature,
    };
    const signingTime = attributes.get(_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.signingTime);
    if (signingTime)
        info.signingTime = signingTime.toDate('signingTime');
    const v2 = attributes.get(_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.signingCertificateV2);
    const v1 = attributes.get(_oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.signingCertificate);
    if (v2)
        info.signingCertificate = parseSigningCertificate(v2, true);
    else if (v1)
        info.signingCertificate = parseSigningCertificate(v1, false);
    return info;
}
function parseToken(node) {
    const [contentType, content, extra] = children(node, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'ContentInfo');
    if (contentType?.toOid('contentType') !== _oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.signedData || !content || extra) {
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'ContentInfo: expected SignedData');
    }
    const signedData = explicit(content.expect(0xa0, 'ContentInfo content'), 'content');
    const fields = new Fields(children(signedData, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'SignedData'), 'SignedData');
    const version = fields.next('version').toNumber('SignedData version');
    // RFC 5652 §5.1: version 3 whenever eContentType is not id-data.
    if (version !== 3)
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `SignedData: version ${version}, expected 3`);
    fields.next('digestAlgorithms').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SET, 'digestAlgorithms');
    const [eContentType, eContent, extraContent] = children(fields.next('encapContentInfo'), _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'encapContentInfo');
    if (eContentType?.toOid('eContentType') !== _oids_js__WEBPACK_IMPORTED_MODULE_4__/* .TSA_OID */ .CO.tstInfo || !eContent || extraContent) {
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'encapContentInfo: expected an embedded TSTInfo');
    }
    const tstInfoDer = explicit(eContent.expect(0xa0, 'eContent'), 'eContent').expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.OCTET_STRING, 'eContent').value;
    const certificates = (fields.optional(0xa0)?.children() ?? []).map((cert) => cert.expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'certificate').raw);
    fields.optional(0xa1); // crls
    const signerInfos = children(fields.next('signerInfos'), _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SET, 'signerInfos');
    fields.end();
    // RFC 3161 §2.4.2: the token carries the TSA's signature and no other.
    if (signerInfos.length !== 1) {
        throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', `expected exactly one SignerInfo, found ${signerInfos.length}`);
    }
    return {
        raw: node.raw,
        tstInfo: parseTstInfo(tstInfoDer),
        certificates,
        signerInfo: parseSignerInfo(signerInfos[0]),
    };
}
/** Parses a bare TimeStampToken (ContentInfo DER). */
function parseTimeStampToken(der) {
    try {
        return parseToken(parseDer(der));
    }
    catch (error) {
        if (error instanceof CoreError)
            throw malformed(`malformed timestamp token: ${error.message}`, error);
        throw error;
    }
}
/**
 * Parses a TimeStampResp (what Sigstore bundles store). A rejection parses fine and has no
 * token; whether a token verifies is verifyTimestamp's business.
 */
function parseTimeStampResponse(der) {
    try {
        const root = (0,_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDer */ .zE)(der);
        const [statusInfo, tokenNode, extra] = children(root, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'TimeStampResp');
        if (extra)
            throw new _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a('DER_INVALID', 'TimeStampResp: unexpected trailing field');
        const status = new Fields(children(statusInfo, _core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE, 'PKIStatusInfo'), 'PKIStatusInfo');
        const response = {
            raw: root.raw,
            status: status.next('status').toNumber('status'),
        };
        const text = status.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.SEQUENCE);
        if (text) {
            response.statusString = text
                .children()
                .map((s) => s.expect(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.UTF8_STRING, 'PKIFreeText').value.toString('utf8'));
        }
        const failInfo = status.optional(_core_der_js__WEBPACK_IMPORTED_MODULE_0__/* .Tag */ .vw.BIT_STRING);
        if (failInfo)
            response.failInfo = failInfo.toNamedBits('failInfo');
        status.end();
        if (tokenNode)
            response.token = parseToken(tokenNode);
        return response;
    }
    catch (error) {
        if (error instanceof _core_error_js__WEBPACK_IMPORTED_MODULE_1__/* .CoreError */ .a) {
            throw malformed(`malformed timestamp response: ${error.message}`, error);
        }
        throw error;
    }
}
//# sourceMappingURL=response.js.map

/***/ }),

/***/ 6241:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ Verifier)
});

// UNUSED EXPORTS: DEFAULT_THRESHOLDS

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./build/src/ca/extensions.js + 1 modules
var extensions = __webpack_require__(2077);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __webpack_require__(279);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(3317);
// EXTERNAL MODULE: ./build/src/tlog/rekor.js
var rekor = __webpack_require__(5111);
// EXTERNAL MODULE: ./build/src/bundle/intoto.js
var intoto = __webpack_require__(4347);
// EXTERNAL MODULE: ./build/src/bundle/parse.js
var parse = __webpack_require__(6981);
// EXTERNAL MODULE: ./build/src/verify/attestation.js
var verify_attestation = __webpack_require__(4877);
// EXTERNAL MODULE: ./build/src/core/base64.js
var base64 = __webpack_require__(8554);
;// CONCATENATED MODULE: ./build/src/ct/error.js

/** Raised by the certificate-transparency module: SCTs, chain validation, the CT log and its client. */
class error_CtError extends core_error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(3218);
;// CONCATENATED MODULE: ./build/src/ct/sct.js






/**
 * RFC 6962 signed certificate timestamps: their TLS encoding, the structures a log signs and
 * stores, the embedded SCT-list extension, and verification as Sigstore clients do it.
 * Pure functions; no I/O.
 */
/** RFC 6962 §3.1: marks a precertificate; critical, value ASN.1 NULL. */
const CT_POISON_OID = '1.3.6.1.4.1.11129.2.4.3';
/** RFC 6962 §3.3: the SignedCertificateTimestampList embedded in the final certificate. */
const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
/** RFC 6962 §3.1: the EKU of a Precertificate Signing Certificate. */
const PRECERT_SIGNING_EKU = '1.3.6.1.4.1.11129.2.4.4';
/** The DER of ASN.1 NULL, the only poison extension value RFC 6962 allows. */
const CT_POISON_VALUE = Buffer.from([0x05, 0x00]);
/** TLS HashAlgorithm and SignatureAlgorithm codes (RFC 5246 §7.4.1.4.1). */
const SCT_HASH_SHA256 = 4;
const SCT_SIGNATURE_RSA = 1;
const SCT_SIGNATURE_ECDSA = 3;
const LOG_ID_SIZE = 32;
const ENTRY_TYPE = { x509: 0, precert: 1 };
const UINT64_LIMIT = 1n << 64n;
/** Hash and signature codes to the X.509 algorithm OID verifySignature understands. */
const SCT_ALGORITHMS = new Map([
    [`4/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha256],
    [`5/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha384],
    [`6/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha512],
    [`4/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha256WithRsa],
    [`5/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha384WithRsa],
    [`6/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha512WithRsa],
]);
const malformed = (message, cause) => new error_CtError('SCT_MALFORMED', message, cause === undefined ? undefined : { cause });
// ---------------------------------------------------------------- TLS encoding
function uint(value, bytes) {
    const out = Buffer.alloc(bytes);
    out.writeUIntBE(value, 0, bytes);
    return out;
}
function uint64(value, what) {
    if (typeof value !== 'bigint' || value < 0n || value >= UINT64_LIMIT) {
        throw malformed(`${what} must be a bigint from 0 to 2^64-1`);
    }
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(value);
    return out;
}
/** A TLS `opaque<0..2^(8*lengthBytes)-1>`: length prefix, then the bytes. */
function opaque(data, lengthBytes, what, code = 'SCT_MALFORMED') {
    const max = 2 ** (8 * lengthBytes) - 1;
    if (data.length > max) {
        throw new error_CtError(code, `${what} is ${data.length} bytes; at most ${max} fit its length prefix`);
    }
    return Buffer.concat([uint(data.length, lengthBytes), data]);
}
const asBuffer = (data) => Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** A strict reader over TLS-encoded bytes; every shortfall names the structure and field. */
class TlsReader {
    data;
    what;
    offset = 0;
    constructor(data, what) {
        this.data = data;
        this.what = what;
    }
    get done() {
        return this.offset === this.data.length;
    }
    bytes(n, field) {
        const left = this.data.length - this.offset;
        if (n > left) {
            throw malformed(`${this.what} is truncated in ${field}: needs ${n} bytes, ${left} left`);
        }
        const out = this.data.subarray(this.offset, this.offset + n);
        this.offset += n;
        return out;
    }
    uint(n, field) {
        return this.bytes(n, field).readUIntBE(0, n);
    }
    uint64(field) {
        return this.bytes(8, field).readBigUInt64BE();
    }
    opaque(lengthBytes, field) {
        return this.bytes(this.uint(lengthBytes, `${field} length`), field);
    }
    end() {
        if (!this.done) {
            throw malformed(`${this.what} has ${this.data.length - this.offset} trailing bytes`);
        }
    }
}
// ---------------------------------------------------------------- SCTs
function requireSct(sct) {
    if (sct.version !== 0)
        throw malformed(`SCT version ${String(sct.version)} is not v1 (0)`);
    if (!Buffer.isBuffer(sct.logId) || sct.logId.length !== LOG_ID_SIZE) {
        throw malformed(`SCT log_id must be ${LOG_ID_SIZE} bytes`);
    }
    for (const [field, value] of [
        ['hash_algorithm', sct.hashAlgorithm],
        ['signature_algorithm', sct.signatureAlgorithm],
    ]) {
        if (!Number.isInteger(value) || value < 0 || value > 255) {
            throw malformed(`SCT ${field} must be an integer from 0 to 255`);
        }
    }
}
/** The TLS DigitallySigned struct: hash and signature algorithm, then the signature. */
const digitallySigned = (sct) => Buffer.concat([
    uint(sct.hashAlgorithm, 1),
    uint(sct.signatureAlgorithm, 1),
    opaque(sct.signature, 2, 'SCT signature'),
]);
function readDigitallySigned(reader) {
    const hashAlgorithm = reader.uint(1, 'hash_algorithm');
    const signatureAlgorithm = reader.uint(1, 'signature_algorithm');
    const signature = Buffer.from(reader.opaque(2, 'signature'));
    if (signature.length === 0)
        throw malformed('SCT signature is empty');
    return { hashAlgorithm, signatureAlgorithm, signature };
}
/** The RFC 6962 §3.2 TLS serialization of an SCT. */
function encodeSct(sct) {
    requireSct(sct);
    return Buffer.concat([
        uint(sct.version, 1),
        sct.logId,
        uint64(sct.timestamp, 'SCT timestamp'),
        opaque(sct.extensions, 2, 'SCT extensions'),
        digitallySigned(sct),
    ]);
}
/** Decodes one serialized SCT, refusing other versions, truncation and trailing bytes. */
function decodeSct(bytes) {
    const reader = new TlsReader(asBuffer(bytes), 'SCT');
    const version = reader.uint(1, 'sct_version');
    if (version !== 0)
        throw malformed(`SCT version ${version} is not supported (only v1, 0)`);
    const logId = Buffer.from(reader.bytes(LOG_ID_SIZE, 'log_id'));
    const timestamp = reader.uint64('timestamp');
    const extensions = Buffer.from(reader.opaque(2, 'extensions'));
    const signed = readDigitallySigned(reader);
    reader.end();
    return { version, logId, timestamp, extensions, ...signed };
}
/**
 * The SCT-list extension's extnValue contents: a DER OCTET STRING around the TLS
 * SignedCertificateTimestampList (uint16 total length, then uint16-prefixed SCTs). The
 * certificate builder wraps this once more in the extnValue OCTET STRING: the double wrapping
 * verifiers expect.
 */
function sctListExtensionValue(scts) {
    if (scts.length === 0)
        throw malformed('an SCT list needs at least one SCT');
    const list = Buffer.concat(scts.map((sct) => opaque(encodeSct(sct), 2, 'serialized SCT')));
    return octetString(opaque(list, 2, 'SCT list'));
}
/** The SCTs in an SCT-list extnValue (as sctListExtensionValue writes it). */
function parseSctListExtensionValue(value) {
    let inner;
    try {
        inner = (0,der/* parseDer */.zE)(value).expect(der/* Tag */.vw.OCTET_STRING, 'SCT list extension').value;
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw malformed(`SCT list extension is not a DER OCTET STRING: ${error.message}`, error);
    }
    const outer = new TlsReader(inner, 'SCT list');
    const list = new TlsReader(outer.opaque(2, 'sct_list'), 'SCT list');
    outer.end();
    const scts = [];
    while (!list.done) {
        const i = scts.length;
        const serialized = list.opaque(2, `SCT ${i}`);
        try {
            scts.push(decodeSct(serialized));
        }
        catch (error) {
            if (!(error instanceof error_CtError))
                throw error;
            throw malformed(`SCT ${i} in the list: ${error.message}`, error);
        }
    }
    if (scts.length === 0)
        throw malformed('SCT list is empty');
    return scts;
}
/** The SCTs embedded in a certificate; empty when it has no SCT-list extension. */
function embeddedScts(cert) {
    const ext = (0,x509/* findExtension */.bW)(cert, SCT_LIST_OID);
    return ext === undefined ? [] : parseSctListExtensionValue(ext.value);
}
// ---------------------------------------------------------------- what a log signs and stores
/**
 * The TBSCertificate re-encoded without extension `extOid`; the [3] wrapper goes too when that
 * was the only extension (as Go's x509 marshals an empty optional list). Removing the poison
 * from a precertificate and the SCT list from its final certificate gives the same bytes.
 */
function tbsWithoutExtension(tbs, extOid) {
    try {
        return removeExtension(tbs, extOid);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw new error_CtError('CERTIFICATE_INVALID', `TBSCertificate: ${error.message}`, { cause: error });
    }
}
function removeExtension(tbs, extOid) {
    const fields = (0,der/* parseDer */.zE)(tbs).expect(der/* Tag */.vw.SEQUENCE, 'TBSCertificate').children();
    const last = fields.at(-1);
    if (last?.tag !== 0xa3) {
        throw new error_CtError('CERTIFICATE_INVALID', `TBSCertificate has no extensions, so no extension ${extOid} to remove`);
    }
    const [list, extra] = last.children();
    if (!list || extra)
        throw new core_error/* CoreError */.a('DER_INVALID', 'extensions: expected one SEQUENCE');
    const extensions = list.expect(der/* Tag */.vw.SEQUENCE, 'extensions').children();
    const kept = extensions.filter((ext) => ext.expect(der/* Tag */.vw.SEQUENCE, 'Extension').children()[0]?.toOid('extnID') !== extOid);
    const removed = extensions.length - kept.length;
    if (removed !== 1) {
        throw new error_CtError('CERTIFICATE_INVALID', removed === 0
            ? `TBSCertificate has no extension ${extOid}`
            : `TBSCertificate has ${removed} extensions ${extOid}`);
    }
    const rest = fields.slice(0, -1).map((field) => field.raw);
    if (kept.length > 0)
        rest.push((0,der/* contextTag */.qA)(3, (0,der/* sequence */.K2)(...kept.map((ext) => ext.raw))));
    return (0,der/* sequence */.K2)(...rest);
}
/** issuer_key_hash: SHA-256 of the issuer's whole SubjectPublicKeyInfo DER. */
const issuerKeyHash = (issuer) => (0,external_node_crypto_.createHash)('sha256').update(issuer.publicKey).digest();
/** The precert_entry for a precertificate issued directly by `issuer` (no precert-signing cert). */
const precertEntry = (precert, issuer) => ({
    type: 'precert',
    issuerKeyHash: issuerKeyHash(issuer),
    tbs: tbsWithoutExtension(precert.tbs, CT_POISON_OID),
});
/** timestamp, entry_type, signed_entry, extensions: shared by the signed data and the leaf. */
function timestampedEntry({ timestamp, entry, extensions }) {
    let signedEntry;
    if (entry.type === 'precert') {
        if (entry.issuerKeyHash.length !== 32) {
            throw new error_CtError('CERTIFICATE_INVALID', 'issuer_key_hash must be 32 bytes');
        }
        const tbs = opaque(entry.tbs, 3, 'tbs_certificate', 'CERTIFICATE_INVALID');
        signedEntry = Buffer.concat([entry.issuerKeyHash, tbs]);
    }
    else {
        signedEntry = opaque(entry.certificate, 3, 'certificate', 'CERTIFICATE_INVALID');
    }
    return Buffer.concat([
        uint64(timestamp, 'timestamp'),
        uint(ENTRY_TYPE[entry.type], 2),
        signedEntry,
        opaque(extensions, 2, 'extensions'),
    ]);
}
/** sct_version v1 (0), signature_type certificate_timestamp (0). */
const SIGNED_DATA_HEADER = Buffer.from([0, 0]);
/** version v1 (0), leaf_type timestamped_entry (0). */
const LEAF_HEADER = Buffer.from([0, 0]);
/**
 * The digitally-signed input of an SCT (RFC 6962 §3.2). For v1 it happens to be byte-identical
 * to the MerkleTreeLeaf, but the two are built separately because they mean different things.
 */
const sctSignedData = (opts) => Buffer.concat([SIGNED_DATA_HEADER, timestampedEntry(opts)]);
/** §3.3 signed data for a precert_entry (entry_type 1); `tbs` already without the poison. */
const precertSignedData = (opts) => sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'precert', issuerKeyHash: opts.issuerKeyHash, tbs: opts.tbs },
    extensions: opts.extensions,
});
/** Signed data for an x509_entry (entry_type 0), as add-chain signs it. */
const x509SignedData = (opts) => sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'x509', certificate: opts.certificate },
    extensions: opts.extensions,
});
/** The RFC 6962 §3.4 MerkleTreeLeaf: what the log stores; its leaf hash is SHA-256(0x00 ‖ leaf). */
const merkleTreeLeaf = (opts) => Buffer.concat([LEAF_HEADER, timestampedEntry(opts)]);
/** Whether `signedData` is signed data for exactly this timestamp and these extensions. */
function carries(signedData, timestamp, extensions) {
    const tail = extensions.length + 2;
    return (signedData.length >= 12 + tail &&
        signedData[0] === 0 &&
        signedData[1] === 0 &&
        signedData.readBigUInt64BE(2) === timestamp &&
        signedData.readUInt16BE(signedData.length - tail) === extensions.length &&
        signedData.subarray(signedData.length - extensions.length).equals(extensions));
}
// ---------------------------------------------------------------- signing and verification
/**
 * The RFC 6962 log ID: SHA-256 of the log's SubjectPublicKeyInfo DER (public or private key
 * given). Cached per key object, because a verifier checks every SCT against the same few trusted log keys,
 * and exporting a key to DER to hash it cost 14% of verifying a bundle with a new certificate.
 */
const logIds = new WeakMap();
function logIdOf(key) {
    let id = logIds.get(key);
    if (id === undefined) {
        id = (0,external_node_crypto_.createHash)('sha256').update((0,x509/* spkiOf */.Bb)(key)).digest();
        logIds.set(key, id);
    }
    return id;
}
/** Refuses anything but an ECDSA P-256 private key, the only log key Sigstore clients use. */
function requireP256PrivateKey(key) {
    if (key.type !== 'private' ||
        key.asymmetricKeyType !== 'ec' ||
        key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
        throw new CtError('CONFIG_INVALID', `a CT log key must be an ECDSA P-256 private key, got a ${got.trim()} key`);
    }
}
/** The SCT for `fields` with `signature`, an ECDSA P-256 signature over their signed data. */
function sctWith(fields, signature) {
    if (!carries(fields.signedData, fields.timestamp, fields.extensions)) {
        throw new TypeError('signedData was not built with this timestamp and these extensions');
    }
    return {
        version: 0,
        logId: fields.logId,
        timestamp: fields.timestamp,
        extensions: Buffer.from(fields.extensions),
        hashAlgorithm: SCT_HASH_SHA256,
        signatureAlgorithm: SCT_SIGNATURE_ECDSA,
        signature,
    };
}
/** Signs `signedData` (built with the same timestamp and extensions) with an ECDSA P-256 log key. */
function signSct(opts) {
    requireP256PrivateKey(opts.logKey);
    const signature = sign('sha256', opts.signedData, { key: opts.logKey, dsaEncoding: 'der' });
    return sctWith({ ...opts, logId: opts.logId ?? logIdOf(opts.logKey) }, signature);
}
/**
 * `signSct` with a Signer (a worker thread's, a KMS key) for the log key, which the caller has
 * checked is an ECDSA P-256 key whose log ID is `logId`.
 */
const signSctWith = async (signer, fields) => sctWith(fields, await signer.sign(fields.signedData));
/**
 * Whether `sct` is the log's signature over `signedData`: the log ID must be the key's, the
 * signed data must carry the SCT's timestamp and extensions, and the signature must verify
 * (ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512). Never throws for a bad SCT.
 */
function verifySct(sct, logPublicKey, signedData) {
    const algorithm = SCT_ALGORITHMS.get(`${sct.hashAlgorithm}/${sct.signatureAlgorithm}`);
    return (sct.version === 0 &&
        algorithm !== undefined &&
        sct.logId.equals(logIdOf(logPublicKey)) &&
        carries(signedData, sct.timestamp, sct.extensions) &&
        (0,x509/* verifySignature */.Od)(algorithm, logPublicKey, signedData, sct.signature));
}
/**
 * What a Sigstore verifier does with an embedded SCT: remove the SCT list from the leaf's TBS,
 * hash the issuer's SPKI, rebuild the precert signed data and check the log's signature. Throws
 * CtError CERTIFICATE_INVALID if the leaf has no (or a malformed) SCT-list extension.
 */
function verifyEmbeddedSct(leaf, issuer, sct, logPublicKey) {
    const signedData = precertSignedData({
        timestamp: sct.timestamp,
        issuerKeyHash: issuerKeyHash(issuer),
        tbs: tbsWithoutExtension(leaf.tbs, SCT_LIST_OID),
        extensions: sct.extensions,
    });
    return verifySct(sct, logPublicKey, signedData);
}
/** The add-chain / add-pre-chain response body (standard base64). */
function addChainResponseJson(sct) {
    requireSct(sct);
    uint64(sct.timestamp, 'SCT timestamp');
    if (sct.timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw malformed('SCT timestamp does not fit a JSON number exactly');
    }
    return {
        sct_version: 0,
        id: toBase64(sct.logId),
        timestamp: Number(sct.timestamp),
        extensions: toBase64(sct.extensions),
        signature: toBase64(digitallySigned(sct)),
    };
}
function base64Field(response, field) {
    const value = response[field];
    if (typeof value !== 'string')
        throw malformed(`add-chain response ${field} must be a string`);
    try {
        return fromBase64(value, field);
    }
    catch (error) {
        throw malformed(`add-chain response ${field} is not valid base64`, error);
    }
}
/** The SCT in an RFC 6962 add-chain / add-pre-chain response, checked field by field. */
function sctFromAddChainResponse(json) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw malformed('add-chain response is not a JSON object');
    }
    const response = json;
    if (response.sct_version !== 0) {
        throw malformed(`add-chain response sct_version is ${JSON.stringify(response.sct_version) ?? 'missing'}; only 0 (v1) is supported`);
    }
    const logId = base64Field(response, 'id');
    if (logId.length !== LOG_ID_SIZE) {
        throw malformed(`add-chain response id is ${logId.length} bytes; expected ${LOG_ID_SIZE}`);
    }
    const timestamp = response.timestamp;
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw malformed('add-chain response timestamp must be a non-negative integer (milliseconds)');
    }
    const extensions = base64Field(response, 'extensions');
    const reader = new TlsReader(base64Field(response, 'signature'), 'add-chain response signature');
    const signed = readDigitallySigned(reader);
    reader.end();
    return { version: 0, logId, timestamp: BigInt(timestamp), extensions, ...signed };
}
//# sourceMappingURL=sct.js.map
// EXTERNAL MODULE: ./build/src/verify/error.js
var verify_error = __webpack_require__(4005);
// EXTERNAL MODULE: ./build/src/verify/trust.js
var verify_trust = __webpack_require__(3889);
;// CONCATENATED MODULE: ./build/src/verify/certificate.js






/**
 * The keyless leaf: issued by a trusted CA (the CA's chain valid at every signing time), a
 * code-signing end-entity certificate, valid itself at every signing time, with enough
 * embedded SCTs from trusted CT logs. Time-independent results (which CA signed the leaf, how
 * many SCTs verify) are cached per leaf, because one signing run certifies one key for all
 * the files it signs and their bundles share the leaf.
 */
const CHAIN = 'certificate chain';
const chainError = (message, extra = {}) => new verify_error/* VerifyError */.G('CERTIFICATE_CHAIN', `certificate chain: ${message}`, { check: CHAIN, ...extra });
/** A CA's first certificate: the trusted root parser refuses an authority without one. */
const issuingCertificate = (ca) => ca.chain[0];
/** Bounded so that a long-running verifier does not hold every leaf it has seen. */
const LEAF_CACHE_SIZE = 1024;
class LeafVerifier {
    #trust;
    #facts = new Map();
    constructor(trust) {
        this.#trust = trust;
    }
    #factsFor(leaf) {
        const key = leaf.der.toString('latin1');
        const cached = this.#facts.get(key);
        if (cached)
            return cached;
        const issuers = this.#trust.certificateAuthorities.filter((ca) => issuingCertificate(ca).subject.equals(leaf.issuer) &&
            (0,x509/* verifyCertificateSignature */.XA)(leaf, ca.keys[0]));
        const facts = { issuers, scts: this.#checkScts(leaf, issuers) };
        if (this.#facts.size >= LEAF_CACHE_SIZE)
            this.#facts.delete(this.#facts.keys().next().value);
        this.#facts.set(key, facts);
        return facts;
    }
    #checkScts(leaf, issuers) {
        const issuer = issuers[0] && issuingCertificate(issuers[0]);
        let scts;
        try {
            scts = embeddedScts(leaf);
        }
        catch (error) {
            if (!(error instanceof error_CtError))
                throw error;
            return {
                verified: 0,
                unknownLogs: [],
                total: 0,
                problem: `the embedded SCT list is malformed: ${error.message}`,
            };
        }
        const result = { verified: 0, unknownLogs: [], total: scts.length };
        if (!issuer)
            return result;
        for (const sct of scts) {
            const when = new Date(Number(sct.timestamp));
            const logs = this.#trust.ctlogsById(sct.logId).filter((log) => (0,verify_trust/* isWithin */.U)(log.validFor, when));
            // Like sigstore-go, SCTs from logs the root does not list are skipped, not fatal: they
            // prove nothing, and the threshold decides whether enough remain.
            if (logs.length === 0) {
                result.unknownLogs.push((0,base64/* toBase64 */.n)(sct.logId));
                continue;
            }
            let ok = false;
            try {
                ok = logs.some((log) => verifyEmbeddedSct(leaf, issuer, sct, log.publicKey));
            }
            catch (error) {
                if (!(error instanceof error_CtError))
                    throw error;
            }
            if (!ok) {
                result.problem = `the SCT from trusted CT log ${(0,base64/* toBase64 */.n)(sct.logId)} does not verify`;
                return result;
            }
            result.verified++;
        }
        return result;
    }
    /** Returns the CA that issued the leaf; throws CERTIFICATE_CHAIN or TIMESTAMP_OUTSIDE_CERTIFICATE. */
    verifyChain(leaf, signingTimes) {
        const facts = this.#factsFor(leaf);
        if (facts.issuers.length === 0) {
            throw chainError(`the leaf issued by "${(0,x509/* describeName */.T_)(leaf.issuer)}" does not chain to a certificate authority in the trusted root`, {
                expected: this.#trust.certificateAuthorities
                    .map((ca) => (0,x509/* describeName */.T_)(issuingCertificate(ca).subject))
                    .join('; '),
                actual: (0,x509/* describeName */.T_)(leaf.issuer),
            });
        }
        checkLeafProfile(leaf);
        // Set by each issuer the loop passes over; there is at least one (checked above).
        let problem;
        for (const ca of facts.issuers) {
            const broken = this.#trust.chainProblem(ca);
            if (broken !== undefined) {
                problem = `the trusted chain of ${ca.uri} is invalid: ${broken}`;
                continue;
            }
            const outside = signingTimes.find((t) => !(0,verify_trust/* isWithin */.U)(ca.validFor, t));
            if (outside) {
                problem = `the CA ${ca.uri} is not trusted at the signing time ${outside.toISOString()}`;
                continue;
            }
            const expired = ca.chain.flatMap((cert) => signingTimes.filter((t) => !(0,x509/* isValidAt */.Ub)(cert, t)).map((t) => ({ cert, t })))[0];
            if (expired) {
                problem = `CA certificate "${(0,x509/* describeName */.T_)(expired.cert.subject)}" is not valid at the signing time ${expired.t.toISOString()}`;
                continue;
            }
            const nesting = ca.chain.find((cert) => !allowsCodeSigning(cert));
            if (nesting) {
                problem = `CA certificate "${(0,x509/* describeName */.T_)(nesting.subject)}" has an extended key usage that excludes code signing`;
                continue;
            }
            const early = signingTimes.find((t) => !(0,x509/* isValidAt */.Ub)(leaf, t));
            if (early) {
                throw new verify_error/* VerifyError */.G('TIMESTAMP_OUTSIDE_CERTIFICATE', `timestamp: the signing time ${early.toISOString()} is outside the certificate's validity`, {
                    check: 'timestamp',
                    expected: `${leaf.notBefore.toISOString()} to ${leaf.notAfter.toISOString()}`,
                    actual: early.toISOString(),
                });
            }
            return ca;
        }
        throw chainError(problem);
    }
    /** Checks the embedded SCTs against the threshold; SCT_MISSING or SCT_INVALID otherwise. */
    verifyScts(leaf, threshold) {
        const { scts } = this.#factsFor(leaf);
        if (scts.problem !== undefined) {
            throw new verify_error/* VerifyError */.G('SCT_INVALID', `SCT: ${scts.problem}`, { check: 'SCT' });
        }
        if (scts.verified >= threshold)
            return scts.verified;
        if (scts.total === 0) {
            throw new verify_error/* VerifyError */.G('SCT_MISSING', 'SCT: the certificate carries no SCT', {
                check: 'SCT',
                expected: `at least ${threshold}`,
                actual: '0',
            });
        }
        throw new verify_error/* VerifyError */.G('SCT_INVALID', `SCT: ${scts.verified} of the certificate's ${scts.total} SCTs are from trusted CT logs, at least ${threshold} required`, {
            check: 'SCT',
            expected: `SCTs from ${this.#trust.ctlogs.map((l) => (0,base64/* toBase64 */.n)(l.logId)).join(', ') || '(no trusted CT logs)'}`,
            actual: `SCTs from ${scts.unknownLogs.join(', ')}`,
        });
    }
}
/** Go's chain building (cosign, sigstore-go) requires each CA's EKU, if any, to allow code signing. */
function allowsCodeSigning(cert) {
    const eku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.extKeyUsage);
    if (!eku)
        return true;
    const purposes = (0,x509/* parseExtKeyUsage */.NM)(eku.value);
    return purposes.includes(x509/* OID */.Vx.codeSigning) || purposes.includes(x509/* OID */.Vx.anyExtendedKeyUsage);
}
function checkLeafProfile(leaf) {
    if ((0,x509/* isCa */.Jm)(leaf))
        throw chainError('the signing certificate is a CA certificate');
    const eku = (0,x509/* findExtension */.bW)(leaf, x509/* OID */.Vx.extKeyUsage);
    if (!eku || !(0,x509/* parseExtKeyUsage */.NM)(eku.value).includes(x509/* OID */.Vx.codeSigning)) {
        throw chainError('the signing certificate does not have the codeSigning extended key usage');
    }
    const ku = (0,x509/* findExtension */.bW)(leaf, x509/* OID */.Vx.keyUsage);
    if (ku && !(0,x509/* parseKeyUsage */.UG)(ku.value).has('digitalSignature')) {
        throw chainError('the signing certificate key usage does not allow digital signatures');
    }
}
//# sourceMappingURL=certificate.js.map
// EXTERNAL MODULE: ./build/src/core/prehash.js + 1 modules
var prehash = __webpack_require__(9361);
;// CONCATENATED MODULE: ./build/src/verify/key.js



const EC_PROFILES = {
    prime256v1: { hash: 'sha256', hashName: 'SHA2_256', keyDetails: 'PKIX_ECDSA_P256_SHA_256' },
    secp384r1: { hash: 'sha384', hashName: 'SHA2_384', keyDetails: 'PKIX_ECDSA_P384_SHA_384' },
    secp521r1: { hash: 'sha512', hashName: 'SHA2_512', keyDetails: 'PKIX_ECDSA_P521_SHA_512' },
};
const RSA_SIZES = new Set([2048, 3072, 4096]);
/** Describes a signer's SPKI; SIGNATURE when it is a key Sigstore signers do not use. */
function signerKey(spki) {
    let key;
    try {
        key = (0,prehash/* parseSpki */.FP)(spki);
    }
    catch (error) {
        throw new verify_error/* VerifyError */.G('SIGNATURE', 'signature: the signer key is malformed', {
            check: 'signature',
            cause: error,
        });
    }
    if (key.kind === 'ec')
        return { spki, key, ...EC_PROFILES[key.curve] };
    if (key.kind === 'unsupported')
        throw unsupported(key.reason);
    if (!RSA_SIZES.has(key.modulusBits))
        throw unsupported(`RSA ${key.modulusBits} bits`);
    return {
        spki,
        key,
        hash: 'sha256',
        hashName: 'SHA2_256',
        keyDetails: `PKIX_RSA_PKCS1V15_${key.modulusBits}_SHA256`,
    };
}
const unsupported = (reason) => new verify_error/* VerifyError */.G('SIGNATURE', `signature: unsupported signer key (${reason})`, {
    check: 'signature',
});
const digestFor = (key, data) => (0,external_node_crypto_.createHash)(key.hash).update(data).digest();
/**
 * Whether `signature` verifies over the precomputed `digest`. It never throws: the prehash
 * verifier refuses only unsupported keys and RSA keys under 2048 bits, and `signerKey` admits
 * neither.
 */
const verifyDigest = (key, digest, signature) => (0,prehash/* verifyPrehashedKey */.Fn)(key.key, digest, signature);
//# sourceMappingURL=key.js.map
// EXTERNAL MODULE: ./build/src/verify/policy.js
var verify_policy = __webpack_require__(1345);
// EXTERNAL MODULE: ./build/src/tsa/error.js
var tsa_error = __webpack_require__(7096);
;// CONCATENATED MODULE: ./build/src/tsa/certificate.js



/** How a certificate is named in error messages. */
const describeCertificate = (cert) => `"${(0,x509/* describeName */.T_)(cert.subject)}" (serial ${cert.serialBytes.toString('hex')})`;
/**
 * Runs `fn`, reporting malformed certificate data (a CoreError from parsing a certificate or
 * one of its extensions) as a TsaError with `code`, so callers only ever see TsaErrors.
 */
function certificate_withCertificateErrors(code, what, fn) {
    try {
        return fn();
    }
    catch (error) {
        if (error instanceof core_error/* CoreError */.a) {
            throw new tsa_error/* TsaError */.P(code, `${what}: malformed certificate data: ${error.message}`, {
                cause: error,
            });
        }
        throw error;
    }
}
/** Parses certificate DER, reporting malformed input as a TsaError with the given code. */
const certificate_parseTsaCertificate = (der, what, code) => certificate_withCertificateErrors(code, what, () => parseCertificate(der));
/**
 * RFC 3161 §2.3 as sigstore/timestamp-authority enforces it: the TSA certificate is not a CA,
 * has exactly one extended key usage, id-kp-timeStamping, in a critical extension, and (when
 * KeyUsage is present) may make digital signatures.
 */
function checkTsaCertificateProfile(cert) {
    const fail = (why) => new tsa_error/* TsaError */.P('CERTIFICATE_PROFILE_INVALID', `TSA certificate ${describeCertificate(cert)} ${why}`);
    const eku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.extKeyUsage);
    if (!eku)
        throw fail('has no extended key usage (timeStamping required)');
    const purposes = (0,x509/* parseExtKeyUsage */.NM)(eku.value);
    if (purposes.length !== 1 || purposes[0] !== x509/* OID */.Vx.timeStamping) {
        throw fail(`must have exactly one extended key usage, timeStamping; has ${purposes.join(', ')}`);
    }
    if (!eku.critical)
        throw fail('has its extended key usage extension not marked critical');
    if ((0,x509/* isCa */.Jm)(cert))
        throw fail('is a CA certificate');
    const ku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.keyUsage);
    if (ku && !(0,x509/* parseKeyUsage */.UG)(ku.value).has('digitalSignature')) {
        throw fail('has a key usage without digitalSignature');
    }
}
/** Throws CERTIFICATE_NOT_VALID unless `at` lies within the certificate's validity. */
function checkCertificateValidAt(cert, at, role) {
    if (!(0,x509/* isValidAt */.Ub)(cert, at)) {
        throw new tsa_error/* TsaError */.P('CERTIFICATE_NOT_VALID', `${role} ${describeCertificate(cert)} is not valid at ${at.toISOString()} ` +
            `(valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()})`);
    }
}
/**
 * Checks a TSA chain (TSA certificate first, trust anchor last): name chaining, signatures,
 * issuers being CAs allowed to sign certificates, path length limits and the timeStamping
 * EKU nesting Go enforces on CAs; with `at`, every certificate's validity at that time.
 * The last certificate is the anchor: its own signature is not checked.
 */
function certificate_verifyTsaChain(chain, at) {
    if (chain.length < 2) {
        throw new tsa_error/* TsaError */.P('CHAIN_INVALID', 'a TSA certificate chain needs the TSA certificate and at least the root that issued it');
    }
    for (let i = 0; i + 1 < chain.length; i++) {
        const cert = chain[i];
        const issuer = chain[i + 1];
        const fail = (why) => new tsa_error/* TsaError */.P('CHAIN_INVALID', `certificate ${describeCertificate(cert)}: ${why}`);
        if (!cert.issuer.equals(issuer.subject)) {
            throw fail(`issuer "${(0,x509/* describeName */.T_)(cert.issuer)}" is not the next certificate in the chain`);
        }
        if (!(0,x509/* verifyCertificateSignature */.XA)(cert, (0,x509/* certificatePublicKey */.Gm)(issuer))) {
            throw fail(`signature does not verify with the key of ${describeCertificate(issuer)}`);
        }
        const constraints = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.basicConstraints);
        const bc = constraints ? (0,x509/* parseBasicConstraints */._P)(constraints.value) : { ca: false };
        if (!bc.ca)
            throw fail(`issuer ${describeCertificate(issuer)} is not a CA`);
        // pathLen counts the intermediates below the issuer (chain[1..i]).
        if (bc.pathLen !== undefined && bc.pathLen < i) {
            throw fail(`chain exceeds the path length limit of ${describeCertificate(issuer)}`);
        }
        const ku = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.keyUsage);
        if (ku && !(0,x509/* parseKeyUsage */.UG)(ku.value).has('keyCertSign')) {
            throw fail(`issuer ${describeCertificate(issuer)} may not sign certificates`);
        }
        // Go's chain building (cosign, sigstore-go) requires every CA's EKU, if any, to allow it.
        const eku = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.extKeyUsage);
        const purposes = eku ? (0,x509/* parseExtKeyUsage */.NM)(eku.value) : [x509/* OID */.Vx.anyExtendedKeyUsage];
        if (!purposes.includes(x509/* OID */.Vx.timeStamping) && !purposes.includes(x509/* OID */.Vx.anyExtendedKeyUsage)) {
            throw fail(`issuer ${describeCertificate(issuer)} has an EKU that excludes timeStamping`);
        }
    }
    if (at) {
        chain.forEach((cert, i) => checkCertificateValidAt(cert, at, i === 0 ? 'TSA certificate' : 'CA certificate'));
    }
}
/**
 * Issues a TSA signing certificate for development and `init`: KeyUsage digitalSignature and
 * EKU timeStamping, both critical, with key identifiers so chain builders find the issuer.
 */
function createTsaCertificate(opts) {
    const root = certificate_parseTsaCertificate(opts.rootCert, 'rootCert', 'CONFIG_INVALID');
    const { notBefore, notAfter } = opts.validity;
    // Certificate times have whole seconds; compare at that precision.
    const seconds = (d) => Math.floor(d.getTime() / 1000);
    if (seconds(notBefore) < seconds(root.notBefore) || seconds(notAfter) > seconds(root.notAfter)) {
        throw new TsaError('CONFIG_INVALID', `TSA certificate validity must lie within its issuer's (${root.notBefore.toISOString()} to ${root.notAfter.toISOString()})`);
    }
    if (!publicKeyOf(opts.rootKey).equals(certificatePublicKey(root))) {
        throw new TsaError('CONFIG_INVALID', 'rootKey does not match rootCert');
    }
    const publicKey = spkiOf(opts.tsaPublicKey);
    const skid = findExtension(root, OID.subjectKeyIdentifier);
    const rootKeyId = certificate_withCertificateErrors('CONFIG_INVALID', 'rootCert', () => skid ? parseSubjectKeyIdentifier(skid.value) : keyIdentifier(root.publicKey));
    const subject = name([
        ...(opts.subject.organization
            ? [{ short: 'O', value: opts.subject.organization }]
            : []),
        { short: 'CN', value: opts.subject.commonName },
    ]);
    return buildCertificate({
        serial: randomSerial(),
        issuer: root.subject,
        subject,
        notBefore,
        notAfter,
        publicKey,
        extensions: [
            { oid: OID.keyUsage, critical: true, value: keyUsage(['digitalSignature']) },
            { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
            { oid: OID.authorityKeyIdentifier, value: authorityKeyIdentifier(rootKeyId) },
            { oid: OID.extKeyUsage, critical: true, value: extKeyUsage([OID.timeStamping]) },
        ],
        signatureAlgorithm: signatureAlgorithmFor(opts.rootKey),
    }, signerFor(opts.rootKey));
}
//# sourceMappingURL=certificate.js.map
// EXTERNAL MODULE: ./build/src/tsa/response.js
var tsa_response = __webpack_require__(5439);
// EXTERNAL MODULE: ./build/src/tsa/oids.js
var oids = __webpack_require__(9865);
;// CONCATENATED MODULE: ./build/src/tsa/verify.js






const hashName = (algorithmOid, what) => {
    const hash = (0,oids/* hashAlgorithmByOid */.tE)(algorithmOid);
    if (!hash) {
        throw new tsa_error/* TsaError */.P('UNSUPPORTED_HASH_ALGORITHM', `unsupported ${what} hash algorithm ${algorithmOid}`);
    }
    return hash;
};
/** Checks that the token's messageImprint covers `input`. */
function verifyImprint(tstInfo, input) {
    const hash = hashName(tstInfo.hashAlgorithmOid, 'messageImprint');
    let expected;
    if ('data' in input) {
        expected = (0,external_node_crypto_.createHash)(hash).update(input.data).digest();
    }
    else {
        expected = Buffer.from(input.digest);
        if (expected.length !== oids/* HASH_ALGORITHMS */.UH[hash].length) {
            throw new tsa_error/* TsaError */.P('DIGEST_LENGTH_MISMATCH', `expected a ${hash} digest of ${oids/* HASH_ALGORITHMS */.UH[hash].length} bytes, got ${expected.length}`);
        }
    }
    if (!expected.equals(tstInfo.hashedMessage)) {
        throw new tsa_error/* TsaError */.P('IMPRINT_MISMATCH', 'the timestamp does not cover the given data (messageImprint differs)');
    }
}
function checkSignerIdentifier(token, signer) {
    const { sid } = token.signerInfo;
    let matches;
    let named;
    if ('issuer' in sid) {
        matches = sid.issuer.equals(signer.issuer) && sid.serial.equals(signer.serialBytes);
        named = `issuer "${(0,x509/* describeName */.T_)(sid.issuer)}", serial ${sid.serial.toString('hex')}`;
    }
    else {
        const skid = (0,x509/* findExtension */.bW)(signer, x509/* OID */.Vx.subjectKeyIdentifier);
        matches =
            skid !== undefined && (0,x509/* parseSubjectKeyIdentifier */.Av)(skid.value).equals(sid.subjectKeyIdentifier);
        named = `key identifier ${sid.subjectKeyIdentifier.toString('hex')}`;
    }
    if (!matches) {
        throw new tsa_error/* TsaError */.P('SIGNER_MISMATCH', `the timestamp was signed by the certificate with ${named}, not by the TSA certificate ${describeCertificate(signer)}`);
    }
}
function checkSigningCertificate(ess, signer) {
    const fail = (why) => new tsa_error/* TsaError */.P('SIGNING_CERTIFICATE_MISMATCH', `ESS signing-certificate attribute ${why}`);
    if (!ess)
        throw fail('is missing (RFC 3161 requires it)');
    // ESS v1 identifies certificates by SHA-1, which is still sound for naming a certificate.
    const hash = ess.hashAlgorithmOid === oids/* TSA_OID */.CO.sha1 ? 'sha1' : hashName(ess.hashAlgorithmOid, 'ESS');
    if (!(0,external_node_crypto_.createHash)(hash).update(signer.der).digest().equals(ess.certHash)) {
        throw fail(`names a different certificate than ${describeCertificate(signer)}`);
    }
    const issuerSerial = ess.issuerSerial;
    if (issuerSerial &&
        (!issuerSerial.serial.equals(signer.serialBytes) ||
            !issuerSerial.issuerNames.some((n) => n.equals(signer.issuer)))) {
        throw fail(`issuerSerial does not match ${describeCertificate(signer)}`);
    }
}
/**
 * Imported TSA keys by SPKI bytes. A verifier checks many tokens against the few TSA
 * certificates of its trusted root, and importing the key costs twice the signature check it
 * serves. Bounded: past the limit it starts over.
 */
const SIGNER_KEYS_LIMIT = 64;
const signerKeys = new Map();
function signerPublicKey(signer) {
    const id = signer.publicKey.toString('latin1');
    let key = signerKeys.get(id);
    if (key === undefined) {
        key = (0,x509/* certificatePublicKey */.Gm)(signer);
        if (signerKeys.size >= SIGNER_KEYS_LIMIT)
            signerKeys.clear();
        signerKeys.set(id, key);
    }
    return key;
}
function checkSignature(token, signer) {
    const info = token.signerInfo;
    const digest = hashName(info.digestAlgorithmOid, 'SignerInfo digest');
    if (!(0,external_node_crypto_.createHash)(digest).update(token.tstInfo.raw).digest().equals(info.messageDigest)) {
        throw new tsa_error/* TsaError */.P('MESSAGE_DIGEST_MISMATCH', 'the messageDigest attribute does not match the TSTInfo');
    }
    const bareKeyAlgorithm = info.signatureAlgorithmOid === x509/* OID */.Vx.rsaEncryption ||
        info.signatureAlgorithmOid === x509/* OID */.Vx.ecPublicKey;
    if (!(0,x509/* isVerifiableAlgorithm */.dK)(info.signatureAlgorithmOid) && !bareKeyAlgorithm) {
        throw new tsa_error/* TsaError */.P('UNSUPPORTED_SIGNATURE_ALGORITHM', `unsupported timestamp signature algorithm ${info.signatureAlgorithmOid}`);
    }
    // The signature covers the DER of signedAttrs as a SET OF, not with its [0] IMPLICIT tag.
    const signed = Buffer.from(info.signedAttrs);
    signed[0] = 0x31;
    if (!(0,x509/* verifySignature */.Od)(info.signatureAlgorithmOid, signerPublicKey(signer), signed, info.signature, digest)) {
        throw new tsa_error/* TsaError */.P('SIGNATURE_INVALID', `the timestamp signature does not verify with the key of ${describeCertificate(signer)}`);
    }
}
function grantedToken(response) {
    const granted = response.status === tsa_response/* PkiStatus */.tm.granted || response.status === tsa_response/* PkiStatus */.tm.grantedWithMods;
    if (!granted || !response.token) {
        const detail = response.statusString?.join('; ');
        throw new tsa_error/* TsaError */.P('NOT_GRANTED', `the timestamp response has status ${response.status}${detail ? ` (${detail})` : ''} and no token`);
    }
    return response.token;
}
const asResponse = (response) => response instanceof Uint8Array ? (0,tsa_response/* parseTimeStampResponse */.n_)(response) : response;
function verifyWithSigner(response, signer, opts) {
    const token = grantedToken(asResponse(response));
    const { tstInfo } = token;
    verifyImprint(tstInfo, opts);
    if (opts.nonce !== undefined && tstInfo.nonce !== opts.nonce) {
        throw new tsa_error/* TsaError */.P('NONCE_MISMATCH', `the timestamp nonce is ${tstInfo.nonce ?? 'absent'}, expected ${opts.nonce}`);
    }
    if (opts.policy !== undefined && tstInfo.policy !== opts.policy) {
        throw new tsa_error/* TsaError */.P('POLICY_MISMATCH', `the timestamp policy is ${tstInfo.policy}, expected ${opts.policy}`);
    }
    checkSignerIdentifier(token, signer);
    checkSignature(token, signer);
    checkSigningCertificate(token.signerInfo.signingCertificate, signer);
    checkCertificateValidAt(signer, tstInfo.genTime, 'TSA certificate');
    checkTsaCertificateProfile(signer);
    return { genTime: tstInfo.genTime, tstInfo, signer };
}
/**
 * Verifies a timestamp against a known TSA certificate, without judging whether that certificate
 * is trusted: imprint, expected nonce/policy, signer identifier, messageDigest, signature, ESS
 * signing-certificate, the certificate's validity at genTime and its TSA profile. Embedded
 * certificates are ignored: the signer is always the one passed in.
 */
function verifyTimestampToken(response, opts) {
    return certificate_withCertificateErrors('CHAIN_INVALID', 'signerCertificate', () => verifyWithSigner(response, (0,x509/* parseCertificate */.hB)(opts.signerCertificate), opts));
}
/**
 * Fully verifies a timestamp response against a trusted TSA chain (TSA certificate first, root
 * last, as trusted_root.json lists it): everything verifyTimestampToken checks, then the chain
 * at genTime. Strict and fail-closed; the error code names the first check that failed.
 */
function verifyTimestamp(response, opts) {
    const chain = opts.chain.map((der, i) => parseTsaCertificate(der, `chain[${i}]`, 'CHAIN_INVALID'));
    const [leaf] = chain;
    if (!leaf)
        throw new TsaError('CHAIN_INVALID', 'no trusted TSA certificate chain given');
    return withCertificateErrors('CHAIN_INVALID', 'TSA certificate chain', () => {
        const verified = verifyWithSigner(response, leaf, opts);
        verifyTsaChain(chain, verified.genTime);
        return verified;
    });
}
//# sourceMappingURL=verify.js.map
;// CONCATENATED MODULE: ./build/src/verify/timestamps.js







const CHECK = 'timestamp';
const invalid = (index, message, cause) => new verify_error/* VerifyError */.G('TIMESTAMP_INVALID', `timestamp ${index}: ${message}`, {
    check: CHECK,
    ...(cause === undefined ? {} : { cause }),
});
/** TSA chains are checked once (structure, signatures, EKU nesting); only validity is per time. */
const tsaChainProblems = new WeakMap();
function tsaChainProblem(tsa) {
    let cached = tsaChainProblems.get(tsa);
    if (cached === undefined) {
        try {
            certificate_verifyTsaChain(tsa.chain);
            cached = { problem: undefined };
        }
        catch (error) {
            if (!(error instanceof tsa_error/* TsaError */.P))
                throw error;
            cached = { problem: error.message };
        }
        tsaChainProblems.set(tsa, cached);
    }
    return cached.problem;
}
/** The trusted root parser refuses an authority without certificates, so `chain[0]` exists. */
function signerMatches(token, tsa) {
    const { sid } = token.signerInfo;
    const leaf = tsa.chain[0];
    // A key-identifier sid is left to verifyTimestampToken, which compares it with the SKID.
    return 'issuer' in sid
        ? sid.issuer.equals(leaf.issuer) && sid.serial.equals(leaf.serialBytes)
        : true;
}
function verifyOne(trust, der, signature, index) {
    let response;
    try {
        response = (0,tsa_response/* parseTimeStampResponse */.n_)(der);
    }
    catch (error) {
        if (!(error instanceof tsa_error/* TsaError */.P))
            throw error;
        throw invalid(index, error.message, error);
    }
    const { token } = response;
    if (!token) {
        throw invalid(index, `the response was not granted (status ${response.status}) and has no token`);
    }
    const { genTime } = token.tstInfo;
    const candidates = trust.timestampAuthorities.filter((tsa) => (0,verify_trust/* isWithin */.U)(tsa.validFor, genTime) && signerMatches(token, tsa));
    let lastProblem = 'it was not signed by a timestamp authority in the trusted root';
    for (const tsa of candidates) {
        const problem = tsaChainProblem(tsa);
        if (problem !== undefined) {
            lastProblem = `the trusted TSA chain of ${tsa.uri} is invalid: ${problem}`;
            continue;
        }
        try {
            verifyTimestampToken(response, {
                data: signature,
                signerCertificate: tsa.chain[0].der,
            });
        }
        catch (error) {
            if (!(error instanceof tsa_error/* TsaError */.P))
                throw error;
            lastProblem = error.message;
            continue;
        }
        const expired = tsa.chain.find((cert) => !(0,x509/* isValidAt */.Ub)(cert, genTime));
        if (expired) {
            lastProblem = `TSA chain certificate "${(0,x509/* describeName */.T_)(expired.subject)}" is not valid at ${genTime.toISOString()}`;
            continue;
        }
        return { genTime, tsa: tsa.uri };
    }
    throw invalid(index, lastProblem);
}
/** Verifies every RFC 3161 timestamp in the bundle; the first that fails is thrown. */
function verifyTimestamps(trust, timestamps, signature) {
    return timestamps.map((der, i) => verifyOne(trust, der, signature, i));
}
/**
 * TIMESTAMP_MISSING when fewer than `threshold` signing times were verified. RFC 3161
 * timestamps and Rekor v1 signed entry timestamps count alike, as in sigstore-js and
 * sigstore-go: both are a trusted party's signature over the time it saw the signature.
 */
function checkTimestampThreshold(rfc3161, promised, threshold) {
    if (rfc3161 + promised < threshold) {
        throw new verify_error/* VerifyError */.G('TIMESTAMP_MISSING', `timestamp: the bundle has ${rfc3161} verified RFC 3161 timestamps and ${promised} signed entry timestamps, at least ${threshold} required in all`, {
            check: CHECK,
            expected: `at least ${threshold}`,
            actual: String(rfc3161 + promised),
        });
    }
}
//# sourceMappingURL=timestamps.js.map
// EXTERNAL MODULE: ./build/src/core/canonical-json.js
var canonical_json = __webpack_require__(2462);
;// CONCATENATED MODULE: ./build/src/core/merkle.js


/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashing, proof generation from stored
 * complete subtrees, and proof verification.
 *
 * Indices and sizes are JS numbers. Every bit manipulation below is done with division
 * and remainder by powers of two instead of `>>`, `&` or `^`, because those truncate to
 * 32 bits and logs outgrow 2^32 entries long before they outgrow 2^53.
 */
class MerkleError extends core_error/* SignetError */.T {
}
const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
/** SHA-256(0x00 || entry): the domain-separated hash of one log entry. */
function leafHash(entry) {
    return (0,external_node_crypto_.createHash)('sha256').update(LEAF_PREFIX).update(entry).digest();
}
/** SHA-256(0x01 || left || right): the hash of an interior node. */
function nodeHash(left, right) {
    return (0,external_node_crypto_.createHash)('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}
/** The Merkle Tree Hash of the empty tree, SHA-256 of the empty string. */
const EMPTY_ROOT = (0,external_node_crypto_.createHash)('sha256').digest();
/** The Merkle Tree Hash of a whole list of leaf hashes (any count, including 0). */
function rootFromLeafHashes(hashes) {
    // A stack of perfect subtrees behaves like a binary counter: each push merges equal-height
    // neighbours, so this is O(n) hashing with O(log n) memory. Folding what remains from the
    // right gives exactly RFC 6962's split at the largest power of two.
    const stack = [];
    hashes.forEach((hash, i) => {
        requireHash(hash, `leaf hash ${i}`);
        let entry = { level: 0, hash: Buffer.from(hash) };
        for (let top = stack.at(-1); top !== undefined && top.level === entry.level; top = stack.at(-1)) {
            stack.pop();
            entry = { level: entry.level + 1, hash: nodeHash(top.hash, entry.hash) };
        }
        stack.push(entry);
    });
    return foldRight(stack.map((s) => s.hash)) ?? Buffer.from(EMPTY_ROOT);
}
/** The root hash of the tree of `size` leaves, from O(log size) stored subtrees. */
function rootHash(size, nodes) {
    requireCount(size, 'tree size');
    return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(0, size, nodes);
}
/** The RFC 9162 audit path for leaf `index` in the tree of `size` leaves, leaf to root. */
function inclusionProof(index, size, nodes) {
    return inclusionProofs([index], size, nodes)[0];
}
/**
 * `inclusionProof` for each of `indices`, in the same tree. Each node is looked up (and an
 * incomplete one along the tree's right border hashed) once for all of them, and proofs that
 * share a node share its Buffer: the proofs of a batch of recent leaves overlap in all but a
 * few levels, and building each one alone cost the log several µs per entry. The proofs are
 * for reading only.
 */
function inclusionProofs(indices, size, nodes) {
    for (const index of indices)
        requireIndex(index, size);
    const seen = new Map();
    return indices.map((index) => auditPath(0, index, size, nodes, seen));
}
/** The RFC 9162 consistency proof from the tree of `size1` leaves to the tree of `size2`. */
function consistencyProof(size1, size2, nodes) {
    requireConsistencySizes(size1, size2);
    if (size1 === size2)
        return [];
    // The proof is the audit path, inside the bigger tree, of the largest perfect subtree that
    // ends at size1, preceded by that subtree's hash unless it is the whole old tree (the
    // verifier already holds that one as root1).
    const level = trailingZeros(size1);
    const index = size1 / 2 ** level - 1;
    const path = auditPath(level, index, size2, nodes, new Map());
    return index === 0 ? path : [fetchNode(nodes, level, index), ...path];
}
/**
 * Recomputes the root from a leaf hash (`leaf` is `leafHash(entry)`, not the entry) and
 * its audit path. Throws MerkleError if the proof has the wrong shape for (index, size).
 */
function rootFromInclusionProof(index, size, leaf, proof) {
    requireIndex(index, size);
    requireHash(leaf, 'leaf hash');
    proof.forEach((hash, i) => requireHash(hash, `inclusion proof hash ${i}`));
    const { inner, border } = decompose(index, size - 1);
    if (proof.length !== inner + border) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `inclusion proof for index ${index} in a tree of size ${size} must have ${inner + border} hashes, got ${proof.length}`);
    }
    const seed = chainInner(Buffer.from(leaf), proof.slice(0, inner), index);
    return chainBorder(seed, proof.slice(inner));
}
/** Checks that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with `root`. */
function verifyInclusion(index, size, leaf, proof, root) {
    requireHash(root, 'root hash');
    const computed = rootFromInclusionProof(index, size, leaf, proof);
    if (!sameBytes(computed, root)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `inclusion proof for index ${index} does not lead to the root hash of the tree of size ${size}`);
    }
}
/**
 * Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` with `root1`.
 * Like transparency-dev/merkle, a proof from the empty tree is rejected (it proves nothing),
 * and for equal sizes the proof must be empty and the roots byte-identical.
 */
function verifyConsistency(size1, size2, root1, root2, proof) {
    requireConsistencySizes(size1, size2);
    if (size1 === size2) {
        verifySameTree(size1, root1, root2, proof);
        return;
    }
    requireHash(root1, 'root1');
    requireHash(root2, 'root2');
    proof.forEach((hash, i) => requireHash(hash, `consistency proof hash ${i}`));
    const level = trailingZeros(size1);
    const index = size1 / 2 ** level - 1;
    const { inner, border } = decompose(index, Math.floor((size2 - 1) / 2 ** level));
    // When size1 is a power of two the subtree the proof starts from is the old root itself,
    // which the verifier already has, so the proof omits it.
    const [seed, rest] = index === 0 ? [root1, proof] : [proof[0], proof.slice(1)];
    if (seed === undefined || rest.length !== inner + border) {
        const expected = inner + border + (index === 0 ? 0 : 1);
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof from size ${size1} to ${size2} must have ${expected} hashes, got ${proof.length}`);
    }
    const innerPart = rest.slice(0, inner);
    const borderPart = rest.slice(inner);
    const start = Buffer.from(seed);
    if (!sameBytes(chainBorder(chainInnerRight(start, innerPart, index), borderPart), root1)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof does not lead to root1 of the tree of size ${size1}`);
    }
    if (!sameBytes(chainBorder(chainInner(start, innerPart, index), borderPart), root2)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof does not lead to root2 of the tree of size ${size2}`);
    }
}
function verifySameTree(size, root1, root2, proof) {
    if (proof.length !== 0) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof between equal sizes (${size}) must be empty, got ${proof.length} hashes`);
    }
    if (!sameBytes(root1, root2)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `two different roots for the same size ${size}`);
    }
}
/**
 * The audit path of the complete node (level, index) inside the tree of `size` leaves.
 * Below the level where the path meets the tree's right border, every sibling exists; the
 * highest of them may be an incomplete (ephemeral) node, computed from complete ones. Above
 * it, the path runs along the border where only left siblings exist.
 */
function auditPath(level, index, size, nodes, seen) {
    const proof = [];
    let l = level;
    let i = index;
    for (; i !== Math.floor((size - 1) / 2 ** l); l++, i = Math.floor(i / 2)) {
        proof.push(subtreeHash(l, i % 2 === 0 ? i + 1 : i - 1, size, nodes, seen));
    }
    for (; i > 0; l++, i = Math.floor(i / 2)) {
        if (i % 2 === 1)
            proof.push(subtreeHash(l, i - 1, size, nodes, seen));
    }
    return proof;
}
/** The hash of node (level, index), which is complete unless it straddles the tree's end. */
function subtreeHash(level, index, size, nodes, seen) {
    const key = index * 64 + level;
    let hash = seen.get(key);
    if (hash === undefined) {
        const width = 2 ** level;
        const start = index * width;
        hash = start + width <= size ? fetchNode(nodes, level, index) : rangeHash(start, size, nodes);
        seen.set(key, hash);
    }
    return hash;
}
/**
 * MTH of leaves [start, end), where start is aligned to a power of two at least end-start:
 * the range splits into perfect subtrees of strictly decreasing size (the binary digits of
 * its length), and folding them from the right reproduces RFC 6962's recursive split.
 */
function rangeHash(start, end, nodes) {
    const parts = [];
    let offset = start;
    for (let level = bitLength(end - start) - 1; level >= 0; level--) {
        const width = 2 ** level;
        if (offset + width <= end) {
            parts.push(fetchNode(nodes, level, offset / width));
            offset += width;
        }
    }
    return foldRight(parts) ?? Buffer.from(EMPTY_ROOT);
}
function fetchNode(nodes, level, index) {
    const hash = nodes.node(level, index);
    requireHash(hash, `stored node (level ${level}, index ${index})`);
    return Buffer.from(hash);
}
function foldRight(hashes) {
    return hashes.reduceRight((acc, hash) => (acc === undefined ? hash : nodeHash(hash, acc)), undefined);
}
/**
 * Splits an audit path into its inner part (levels where the path and the last leaf are in
 * different subtrees, one sibling per level) and its border part (one left sibling per set
 * bit of what remains of the index). Equivalent to RFC 9162's bit_length(index XOR last)
 * and popcount, without 32-bit operators.
 */
function decompose(index, last) {
    let inner = 0;
    let i = index;
    for (let j = last; i !== j; i = Math.floor(i / 2), j = Math.floor(j / 2))
        inner++;
    let border = 0;
    for (; i > 0; i = Math.floor(i / 2))
        border += i % 2;
    return { inner, border };
}
/** Hashes up the inner part of a path, taking sides from the bits of `index`. */
function chainInner(seed, proof, index) {
    return proof.reduce((hash, sibling, level) => bit(index, level) === 0 ? nodeHash(hash, sibling) : nodeHash(sibling, hash), seed);
}
/** Like chainInner, but only through left siblings: how the old, smaller root was built. */
function chainInnerRight(seed, proof, index) {
    return proof.reduce((hash, sibling, level) => (bit(index, level) === 1 ? nodeHash(sibling, hash) : hash), seed);
}
/** Along the right border every sibling is on the left. */
function chainBorder(seed, proof) {
    return proof.reduce((hash, sibling) => nodeHash(sibling, hash), seed);
}
function bit(value, position) {
    return Math.floor(value / 2 ** position) % 2;
}
function bitLength(value) {
    let bits = 0;
    for (let v = value; v > 0; v = Math.floor(v / 2))
        bits++;
    return bits;
}
function trailingZeros(value) {
    let zeros = 0;
    for (let v = value; v % 2 === 0; v /= 2)
        zeros++;
    return zeros;
}
function sameBytes(a, b) {
    return a.length === b.length && Buffer.compare(a, b) === 0;
}
function requireHash(hash, what) {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
        const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
        throw new MerkleError('MERKLE_INPUT_INVALID', `${what} must be ${HASH_SIZE} bytes, got ${got}`);
    }
}
function requireCount(value, what) {
    if (!Number.isSafeInteger(value) || value < 0) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `${what} must be a non-negative safe integer, got ${value}`);
    }
}
function requireIndex(index, size) {
    requireCount(index, 'leaf index');
    requireCount(size, 'tree size');
    if (index >= size) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `leaf index ${index} is outside the tree of size ${size}`);
    }
}
function requireConsistencySizes(size1, size2) {
    requireCount(size1, 'size1');
    requireCount(size2, 'size2');
    if (size1 > size2) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `size1 (${size1}) is larger than size2 (${size2})`);
    }
    if (size1 === 0) {
        throw new MerkleError('MERKLE_INPUT_INVALID', 'a consistency proof from the empty tree proves nothing (size1 is 0)');
    }
}
//# sourceMappingURL=merkle.js.map
// EXTERNAL MODULE: ./build/src/core/pem.js
var pem = __webpack_require__(5887);
// EXTERNAL MODULE: ./build/src/tlog/error.js
var tlog_error = __webpack_require__(1802);
// EXTERNAL MODULE: ./build/src/core/note.js + 2 modules
var core_note = __webpack_require__(6512);
;// CONCATENATED MODULE: ./build/src/tlog/checkpoint.js



const ROOT_HASH_SIZE = 32;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f]/;
const NOTE_TO_TLOG = {
    NOTE_MALFORMED: 'CHECKPOINT_MALFORMED',
    NOTE_INVALID_SIGNATURE: 'CHECKPOINT_INVALID',
    NOTE_NO_VERIFIABLE_SIGNATURE: 'CHECKPOINT_UNVERIFIED',
    NOTE_KEY_INVALID: 'CHECKPOINT_UNVERIFIED',
};
/** The checkpoint's note text, "origin\nsize\nb64root\n[extension lines\n]". */
function formatCheckpoint(c) {
    requireLine(c.origin, 'origin');
    if (!Number.isSafeInteger(c.size) || c.size < 0) {
        throw checkpoint_malformed(`tree size must be a non-negative safe integer, got ${c.size}`);
    }
    if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== ROOT_HASH_SIZE) {
        throw checkpoint_malformed(`root hash must be ${ROOT_HASH_SIZE} bytes`);
    }
    c.extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
    const lines = [c.origin, String(c.size), toBase64(c.rootHash), ...c.extensions];
    return lines.map((line) => `${line}\n`).join('');
}
/** Parses checkpoint note text (already verified: the spec says to ignore unverified text). */
function parseCheckpointText(text) {
    if (typeof text !== 'string' || !text.endsWith('\n')) {
        throw checkpoint_malformed('checkpoint text must end with a newline');
    }
    const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
    if (sizeText === '' || rootText === '') {
        throw checkpoint_malformed('checkpoint text needs origin, tree size and root hash lines');
    }
    requireLine(origin, 'origin');
    extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
    return { origin, size: parseSize(sizeText), rootHash: parseRootHash(rootText), extensions };
}
/**
 * The tree size of a checkpoint note this log stored itself (already trusted: it signed it), or
 * 0 for a log that never published one.
 */
function storedCheckpointSize(note) {
    return note === undefined ? 0 : parseCheckpointText(parseNote(note).text).size;
}
function signCheckpoint(c, signers) {
    return signNote(formatCheckpoint(c), signers);
}
/**
 * Verifies a checkpoint note against trusted log keys and parses its text. Signatures by
 * unknown keys (witnesses, rotated keys) are ignored; any trusted signature that fails, or
 * no trusted signature at all, rejects the checkpoint. The origin is returned, not checked:
 * Rekor v1 origins differ from their key names, so matching is the caller's policy.
 */
function verifyCheckpoint(note, verifiers) {
    let text;
    try {
        ({ text } = (0,core_note/* openNote */.jN)(note, verifiers));
    }
    catch (err) {
        if (!(err instanceof core_note/* NoteError */.n1))
            throw err;
        throw new tlog_error/* TlogError */.v(NOTE_TO_TLOG[err.code], `checkpoint: ${err.message}`, { cause: err });
    }
    return parseCheckpointText(text);
}
function parseSize(text) {
    if (!DECIMAL.test(text)) {
        throw checkpoint_malformed(`tree size ${JSON.stringify(text)} is not a decimal without leading zeros`);
    }
    const size = Number(text);
    if (!Number.isSafeInteger(size))
        throw checkpoint_malformed(`tree size ${text} is too large`);
    return size;
}
function parseRootHash(text) {
    let root;
    try {
        root = (0,base64/* fromBase64 */.E)(text, 'root hash');
    }
    catch (err) {
        throw checkpoint_malformed(`root hash ${JSON.stringify(text)} is not base64`, err);
    }
    if ((0,base64/* toBase64 */.n)(root) !== text) {
        throw checkpoint_malformed(`root hash ${JSON.stringify(text)} is not canonical padded standard base64`);
    }
    if (root.length !== ROOT_HASH_SIZE) {
        throw checkpoint_malformed(`root hash is ${root.length} bytes, expected ${ROOT_HASH_SIZE}`);
    }
    return root;
}
function requireLine(line, what) {
    if (typeof line !== 'string' || line === '')
        throw checkpoint_malformed(`${what} is empty`);
    if (CONTROL.test(line))
        throw checkpoint_malformed(`${what} contains a newline or control character`);
}
function checkpoint_malformed(message, cause) {
    return new tlog_error/* TlogError */.v('CHECKPOINT_MALFORMED', message, cause === undefined ? undefined : { cause });
}
//# sourceMappingURL=checkpoint.js.map
;// CONCATENATED MODULE: ./build/src/verify/tlog.js











const fail = (code, message, extra = {}) => new verify_error/* VerifyError */.G(code, message, {
    check: code === 'CHECKPOINT' ? 'checkpoint' : 'transparency log',
    ...extra,
});
/** The entry types Rekor v1 logs that Sigstore bundles carry, by "kind version". */
const REKOR_V1_TYPES = new Set(['hashedrekord 0.0.1', 'dsse 0.0.1', 'intoto 0.0.2']);
const isRekorV1 = (entry) => REKOR_V1_TYPES.has(`${entry.kind} ${entry.version}`);
function trustedLog(trust, entry) {
    const log = trust.tlog(entry.logId);
    if (!log) {
        throw fail('TLOG_ENTRY', `transparency log: log ${(0,base64/* toBase64 */.n)(entry.logId)} is not in the trusted root`, {
            expected: trust.tlogs.map((l) => (0,base64/* toBase64 */.n)(l.logId)).join(', ') || '(no trusted logs)',
            actual: (0,base64/* toBase64 */.n)(entry.logId),
        });
    }
    return log;
}
/**
 * Verifies an entry's signed entry timestamp, if it has one, and returns the integratedTime
 * it vouches for. The SET is the log's signature over the JCS form of the body, time, hex log
 * ID and index; like sigstore-go, the log key must be valid at that time.
 */
function verifyPromise(trust, entry, logged) {
    if (entry.signedEntryTimestamp === undefined)
        return undefined;
    const log = trustedLog(trust, entry);
    checkBody(entry, logged);
    const payload = Buffer.from((0,canonical_json/* canonicalize */.d)({
        body: (0,base64/* toBase64 */.n)(entry.canonicalizedBody),
        integratedTime: entry.integratedTime,
        logID: entry.logId.toString('hex'),
        logIndex: entry.logIndex,
    }), 'utf8');
    // Rekor v1 signs SETs with SHA-256 whatever the key (sigstore-js and sigstore-go assume the
    // same); Ed25519 signs the message itself.
    const hash = log.publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    let valid;
    try {
        valid = (0,external_node_crypto_.verify)(hash, payload, log.publicKey, entry.signedEntryTimestamp);
    }
    catch {
        valid = false;
    }
    if (!valid) {
        throw fail('TLOG_PROMISE', `transparency log: the signed entry timestamp of entry ${entry.logIndex} does not verify with the key of ${log.baseUrl} (the body, integratedTime, logIndex or the signature itself were changed)`);
    }
    const integratedTime = new Date(entry.integratedTime * 1000);
    if (!(0,verify_trust/* isWithin */.U)(log.validFor, integratedTime)) {
        const end = log.validFor.end ? ` to ${log.validFor.end.toISOString()}` : '';
        throw fail('TLOG_ENTRY', `transparency log: the key of ${log.baseUrl} was not valid at the entry's integratedTime`, {
            expected: `${log.validFor.start.toISOString()}${end}`,
            actual: integratedTime.toISOString(),
        });
    }
    return integratedTime;
}
/**
 * Rekor v2's DSSE entry: rekor-tiles logged DSSE requests as this type until it dropped them
 * (June 2026) for a hashedrekord over the PAE; the entries it logged stay in the log.
 */
const DSSE_V002 = { kind: 'dsse', version: '0.0.2' };
const isV2Type = (type, v2) => type.kind === v2.kind && type.version === v2.version;
/**
 * The verifiers a Rekor v2 entry of this signature may log, in the order they are tried. A
 * public-key bundle's entry logs its key. A keyless bundle's entry logs the leaf certificate,
 * as sigstore-go, sigstore-python, sigstore-js and Signet's signer all request, or the leaf's
 * public key with the same keyDetails, as rekor-tiles documents for self-managed keys. The
 * latter binds the signature to the same key, which the certificate binds to the identity:
 * sigstore-js accepts it (it compares only the digest and the signature of a v2 entry), while
 * sigstore-go and sigstore-python rebuild the entry with the certificate and refuse it.
 */
function loggedVerifiers(logged) {
    const publicKey = {
        keyDetails: logged.key.keyDetails,
        publicKey: { rawBytes: (0,base64/* toBase64 */.n)(logged.key.spki) },
    };
    if (!logged.certificate)
        return [publicKey];
    const certificate = {
        keyDetails: logged.key.keyDetails,
        x509Certificate: { rawBytes: (0,base64/* toBase64 */.n)(logged.certificate) },
    };
    return [certificate, publicKey];
}
/**
 * The canonical Rekor v2 entry for this signature with one of its verifiers (protocols.md
 * §4.4): protojson field names (service-protos/rekor/v2 in protobuf-specs) in RFC 8785 form.
 * A dsse 0.0.2 entry records SHA-256 of the payload whatever the key, as rekor-tiles did.
 */
function v2Body(type, logged, verifier) {
    const signature = { content: (0,base64/* toBase64 */.n)(logged.signature), verifier };
    const spec = isV2Type(type, DSSE_V002)
        ? {
            dsseV002: {
                payloadHash: {
                    algorithm: 'SHA2_256',
                    digest: (0,base64/* toBase64 */.n)((0,external_node_crypto_.createHash)('sha256').update(envelopeOf(logged).payload).digest()),
                },
                signatures: [signature],
            },
        }
        : {
            hashedRekordV002: {
                data: { algorithm: logged.key.hashName, digest: (0,base64/* toBase64 */.n)(logged.digest) },
                signature,
            },
        };
    return Buffer.from((0,canonical_json/* canonicalize */.d)({ apiVersion: type.version, kind: type.kind, spec }), 'utf8');
}
const at = (value, ...path) => path.reduce((v, key) => (typeof v === 'object' && v !== null ? v[key] : undefined), value);
const show = (v) => (v === undefined ? '(absent)' : String(v));
const differs = (name, expected, actual) => fail('TLOG_ENTRY', `transparency log: the logged entry's ${name} is not the bundle's: expected ${show(expected)}, got ${show(actual)}`, { expected: show(expected), actual: show(actual) });
/** Where each compared field sits in a v2 entry of the type, for messages. */
function v2Layout(type) {
    const dsse = isV2Type(type, DSSE_V002);
    const spec = dsse ? ['spec', 'dsseV002'] : ['spec', 'hashedRekordV002'];
    const data = dsse ? [...spec, 'payloadHash'] : [...spec, 'data'];
    const verifier = [...(dsse ? [...spec, 'signatures', 0] : [...spec, 'signature']), 'verifier'];
    const hashed = dsse ? 'payload hash' : 'digest';
    const fields = [
        ['kind', ['kind']],
        ['apiVersion', ['apiVersion']],
        [hashed, [...data, 'digest']],
        [`${hashed} algorithm`, [...data, 'algorithm']],
        ...(dsse ? [['signature count', [...spec, 'signatures', 'length']]] : []),
        ['signature', [...verifier.slice(0, -1), 'content']],
        ['certificate', [...verifier, 'x509Certificate', 'rawBytes']],
        ['public key', [...verifier, 'publicKey', 'rawBytes']],
        ['keyDetails', [...verifier, 'keyDetails']],
    ];
    return { verifier, fields };
}
/**
 * Checks a Rekor v2 body against the entries the bundle implies, byte for byte. Otherwise it
 * names the first field that differs from the implied entry logging the same kind of verifier.
 */
function checkV2Body(entry, type, logged) {
    const verifiers = loggedVerifiers(logged);
    for (const verifier of verifiers) {
        if (entry.canonicalizedBody.equals(v2Body(type, logged, verifier)))
            return;
    }
    let actual;
    try {
        actual = JSON.parse(entry.canonicalizedBody.toString('utf8'));
    }
    catch {
        throw fail('TLOG_ENTRY', 'transparency log: canonicalizedBody is not JSON');
    }
    const layout = v2Layout(type);
    const logsKey = at(actual, ...layout.verifier, 'publicKey') !== undefined;
    const closest = verifiers.find((v) => 'publicKey' in v === logsKey) ?? verifiers[0];
    const wanted = JSON.parse(v2Body(type, logged, closest ?? {}).toString('utf8'));
    for (const [name, path] of layout.fields) {
        const e = at(wanted, ...path);
        const a = at(actual, ...path);
        if (e !== a)
            throw differs(name, e, a);
    }
    throw fail('TLOG_ENTRY', 'transparency log: the logged entry is not the canonical entry for this bundle');
}
/** The digest names Rekor v1 entries use. */
const REKOR_V1_HASH = {
    SHA2_256: 'sha256',
    SHA2_384: 'sha384',
    SHA2_512: 'sha512',
};
const sha256Hex = (data) => (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
/** Decodes base64 text from a logged body; undefined when it is not base64 text. */
function decoded(value) {
    if (typeof value !== 'string')
        return undefined;
    try {
        return (0,base64/* fromBase64 */.E)(value);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        return undefined;
    }
}
/**
 * The logged signer (base64 PEM text, a certificate or a public key) must be the bundle's:
 * compared as DER, because clients differ in PEM line endings and trailing newlines.
 */
function checkLoggedSigner(pemBase64, logged) {
    const label = logged.certificate ? 'CERTIFICATE' : 'PUBLIC KEY';
    const wanted = logged.certificate ?? logged.key.spki;
    let der;
    const text = decoded(pemBase64)?.toString('utf8');
    if (text !== undefined) {
        try {
            der = (0,pem/* parseSinglePem */.ub)(text, label);
        }
        catch (error) {
            if (!(error instanceof core_error/* CoreError */.a))
                throw error;
        }
    }
    if (der === undefined || !der.equals(wanted)) {
        throw differs(logged.certificate ? 'certificate' : 'public key', (0,base64/* toBase64 */.n)(wanted), der === undefined ? `(not a PEM ${label.toLowerCase()})` : (0,base64/* toBase64 */.n)(der));
    }
}
function checkLoggedSignature(actual, logged) {
    if (actual === undefined || !actual.equals(logged.signature)) {
        throw differs('signature', (0,base64/* toBase64 */.n)(logged.signature), actual === undefined ? undefined : (0,base64/* toBase64 */.n)(actual));
    }
}
/** A DSSE or intoto entry logs an envelope; a message signature was never logged as one. */
function envelopeOf(logged) {
    if (logged.content.kind !== 'dsseEnvelope') {
        throw differs('type', 'hashedrekord (a message signature)', 'an envelope entry');
    }
    return logged.content;
}
function checkPayloadHash(hash, logged) {
    const expected = `sha256 ${sha256Hex(envelopeOf(logged).payload)}`;
    const actual = `${show(at(hash, 'algorithm'))} ${show(at(hash, 'value'))}`;
    if (actual !== expected)
        throw differs('payload hash', expected, actual);
}
/** hashedrekord 0.0.1: data.hash, signature.content and signature.publicKey.content. */
function checkHashedRekordV001(spec, logged) {
    const { content } = logged;
    if (content.kind !== 'messageSignature') {
        throw differs('type', 'an envelope entry (dsse or intoto)', 'hashedrekord');
    }
    const hash = at(spec, 'data', 'hash');
    const expected = `${REKOR_V1_HASH[content.digest.algorithm]} ${content.digest.value.toString('hex')}`;
    const actual = `${show(at(hash, 'algorithm'))} ${show(at(hash, 'value'))}`;
    if (actual !== expected)
        throw differs('digest', expected, actual);
    checkLoggedSignature(decoded(at(spec, 'signature', 'content')), logged);
    checkLoggedSigner(at(spec, 'signature', 'publicKey', 'content'), logged);
}
/** The DSSE entries log exactly one signature; a second signer is not the bundle's. */
function onlySignature(signatures) {
    if (!Array.isArray(signatures) || signatures.length !== 1) {
        throw differs('signature count', 1, Array.isArray(signatures) ? signatures.length : undefined);
    }
    return signatures[0];
}
/**
 * dsse 0.0.1: payloadHash and the one signature with its verifier. The envelope hash is over
 * the envelope as submitted, which a bundle does not keep, so no client checks it.
 */
function checkDsseV001(spec, logged) {
    checkPayloadHash(at(spec, 'payloadHash'), logged);
    const signature = onlySignature(at(spec, 'signatures'));
    checkLoggedSignature(decoded(at(signature, 'signature')), logged);
    checkLoggedSigner(at(signature, 'verifier'), logged);
}
/** intoto 0.0.2: payloadHash and the envelope's one signature, base64 twice, with its key. */
function checkIntotoV002(spec, logged) {
    const content = at(spec, 'content');
    checkPayloadHash(at(content, 'payloadHash'), logged);
    const signature = onlySignature(at(content, 'envelope', 'signatures'));
    const sig = decoded(at(signature, 'sig'))?.toString('utf8');
    checkLoggedSignature(decoded(sig), logged);
    checkLoggedSigner(at(signature, 'publicKey'), logged);
}
const V1_CHECKS = {
    'hashedrekord 0.0.1': checkHashedRekordV001,
    'dsse 0.0.1': checkDsseV001,
    'intoto 0.0.2': checkIntotoV002,
};
function checkBody(entry, logged) {
    const type = `${entry.kind} ${entry.version}`;
    const v2 = [rekor/* HASHEDREKORD */.d6, DSSE_V002].find((t) => isV2Type(entry, t));
    if (v2 !== undefined)
        return checkV2Body(entry, v2, logged);
    const check = V1_CHECKS[type];
    if (check === undefined) {
        throw fail('TLOG_ENTRY', `transparency log: entry type ${type} is not supported`, {
            expected: [rekor/* HASHEDREKORD */.d6, DSSE_V002]
                .map((t) => `${t.kind} ${t.version}`)
                .concat([...REKOR_V1_TYPES])
                .join(', '),
            actual: type,
        });
    }
    let body;
    try {
        body = JSON.parse(entry.canonicalizedBody.toString('utf8'));
    }
    catch {
        throw fail('TLOG_ENTRY', 'transparency log: canonicalizedBody is not JSON');
    }
    // The bundle's kindVersion picks the comparison, so the body must be of that type itself.
    const bodyType = `${show(at(body, 'kind'))} ${show(at(body, 'apiVersion'))}`;
    if (bodyType !== type)
        throw differs('type', type, bodyType);
    check(at(body, 'spec'), logged);
}
function checkInclusion(entry, proof) {
    try {
        verifyInclusion(proof.logIndex, proof.treeSize, leafHash(entry.canonicalizedBody), proof.hashes, proof.rootHash);
    }
    catch (error) {
        if (!(error instanceof MerkleError))
            throw error;
        throw fail('TLOG_INCLUSION', `transparency log: ${error.message}`, { cause: error });
    }
}
/**
 * Checkpoints already verified, per log key, by note text. The entries of one log batch share
 * a checkpoint, so a verifier checking a release's bundles meets the same note many times, and
 * its signature check was a fifth of a verification. Only verified notes are kept, and the
 * text includes the signature, so a hit is exactly the note that verified.
 */
const CHECKPOINT_CACHE_SIZE = 256;
const checkpointCache = new WeakMap();
function verifiedCheckpoints(keys) {
    let cache = checkpointCache.get(keys);
    if (cache === undefined) {
        cache = new Map();
        checkpointCache.set(keys, cache);
    }
    return cache;
}
function rememberCheckpoint(keys, note, checkpoint) {
    const cache = verifiedCheckpoints(keys);
    if (cache.size >= CHECKPOINT_CACHE_SIZE)
        cache.clear();
    cache.set(note, checkpoint);
    return checkpoint;
}
/** A Rekor v1 tree is one shard of the log: its checkpoints name the host and the tree ID. */
const V1_ORIGIN = /^(.+) - ([0-9]+)$/;
/**
 * A Rekor v2 checkpoint is a C2SP note signed by the log key under the baseUrl's hostname,
 * which is its origin; a Rekor v1 checkpoint is signed in Rekor's note format under the
 * instance's hostname (`TrustedLog.rekorV1Checkpoint`), which starts its origin.
 */
function checkCheckpoint(log, proof, v1) {
    const note = proof.checkpoint;
    const verifiers = v1 ? log.rekorV1Checkpoint : log.rekorV2Checkpoint;
    if (verifiers.length === 0) {
        throw fail('CHECKPOINT', `checkpoint: the key of log ${log.baseUrl} cannot sign checkpoints (${log.keyDetails})`);
    }
    let checkpoint = verifiedCheckpoints(verifiers).get(note);
    try {
        checkpoint ??= rememberCheckpoint(verifiers, note, verifyCheckpoint(note, verifiers));
    }
    catch (error) {
        if (!(error instanceof tlog_error/* TlogError */.v))
            throw error;
        throw fail('CHECKPOINT', `checkpoint: ${error.message}`, { cause: error });
    }
    // The origin binds the checkpoint to this log: another log's head signed by a shared key is not it.
    const names = verifiers.map((v) => v.name);
    const host = v1 ? V1_ORIGIN.exec(checkpoint.origin)?.[1] : checkpoint.origin;
    if (host === undefined || !names.includes(host)) {
        const expected = names.map((name) => (v1 ? `${name} - <tree ID>` : name)).join(' or ');
        throw fail('CHECKPOINT', `checkpoint: origin is ${checkpoint.origin}, not the log's (${expected})`, { expected, actual: checkpoint.origin });
    }
    if (checkpoint.size !== proof.treeSize || !checkpoint.rootHash.equals(proof.rootHash)) {
        throw fail('CHECKPOINT', 'checkpoint: the signed tree head is not the one the inclusion proof leads to', {
            expected: `size ${proof.treeSize}, root ${(0,base64/* toBase64 */.n)(proof.rootHash)}`,
            actual: `size ${checkpoint.size}, root ${(0,base64/* toBase64 */.n)(checkpoint.rootHash)}`,
        });
    }
}
/**
 * Verifies one entry after its promise (`verifyPromise`, whose result is passed back in):
 * the logged body, the inclusion proof and its checkpoint, and the log key's retirement.
 * Throws the failing check's VerifyError.
 */
function verifyTlogEntry(trust, entry, logged, signingTimes, integratedTime) {
    const log = trustedLog(trust, entry);
    // verifyPromise has matched the body of an entry with a promise.
    if (integratedTime === undefined)
        checkBody(entry, logged);
    const v1 = isRekorV1(entry);
    const proof = entry.inclusionProof;
    if (!proof && integratedTime === undefined) {
        throw fail('TLOG_INCLUSION', 'transparency log: the entry has neither a promise nor a proof');
    }
    if (proof) {
        // Rekor v1 proofs index the entry within its shard, and the promise signs the log-wide
        // index; Rekor v2 has one tree, and sigstore-js reads the proof's index where
        // sigstore-go reads the entry's, so both must name one leaf.
        if (!v1 && proof.logIndex !== entry.logIndex) {
            throw fail('TLOG_INCLUSION', 'transparency log: the inclusion proof is for another index', {
                expected: String(entry.logIndex),
                actual: String(proof.logIndex),
            });
        }
        checkInclusion(entry, proof);
        checkCheckpoint(log, proof, v1);
    }
    // Only the end of the key's window is checked against RFC 3161 times: an entry is logged
    // after it is signed, so a signing time just before the key's start (timestamps have
    // one-second precision) is no sign of forgery, while a retired key must not vouch for
    // anything signed after retirement.
    const end = log.validFor.end;
    const late = end === undefined ? undefined : signingTimes.find((t) => t.getTime() > end.getTime());
    if (late && end) {
        throw fail('CHECKPOINT', `checkpoint: the key of log ${log.baseUrl} was retired before the signing time`, { expected: `before ${end.toISOString()}`, actual: late.toISOString() });
    }
    return {
        logIndex: entry.logIndex,
        baseUrl: log.baseUrl,
        ...(proof === undefined ? {} : { treeSize: proof.treeSize }),
        ...(integratedTime === undefined ? {} : { integratedTime }),
    };
}
//# sourceMappingURL=tlog.js.map
;// CONCATENATED MODULE: ./build/src/verify/verifier.js














/** sigstore-js's defaults: a missing SCT, log entry or timestamp fails verification. */
const DEFAULT_THRESHOLDS = { ctlog: 1, tlog: 1, timestamp: 1 };
const NODE_HASH = { SHA2_256: 'sha256', SHA2_384: 'sha384', SHA2_512: 'sha512' };
function readBundle(input) {
    if ((0,parse/* isParsedBundle */.eY)(input))
        return input;
    try {
        return (0,parse/* parseBundle */.QN)(input);
    }
    catch (error) {
        if (!(error instanceof parse/* BundleError */.rJ))
            throw error;
        throw new verify_error/* VerifyError */.G('BUNDLE_INVALID', error.message, { check: 'bundle', cause: error });
    }
}
function keyOf(publicKey) {
    try {
        const key = typeof publicKey === 'string'
            ? (0,external_node_crypto_.createPublicKey)(publicKey)
            : publicKey instanceof Uint8Array
                ? (0,external_node_crypto_.createPublicKey)({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
                : publicKey;
        return (0,x509/* spkiOf */.Bb)(key);
    }
    catch (error) {
        throw new verify_error/* VerifyError */.G('PUBLIC_KEY', 'public key: the given key is not a readable public key', {
            check: 'public key',
            cause: error,
        });
    }
}
const mismatch = (message, expected, actual) => new verify_error/* VerifyError */.G('ARTIFACT_MISMATCH', `artifact: ${message}`, {
    check: 'artifact',
    expected,
    actual,
});
function checkMessageArtifact(content, artifact) {
    const signed = content.digest.value.toString('hex');
    if (artifact.data !== undefined) {
        const actual = (0,external_node_crypto_.createHash)(NODE_HASH[content.digest.algorithm])
            .update(artifact.data)
            .digest('hex');
        if (actual !== signed) {
            throw mismatch(`the bundle signs ${content.digest.algorithm} ${signed}, the artifact's is ${actual}`, signed, actual);
        }
    }
    else if (artifact.digest !== undefined) {
        if (content.digest.algorithm !== 'SHA2_256') {
            throw mismatch(`the bundle signs a ${content.digest.algorithm} digest; give the artifact itself`, content.digest.algorithm, 'SHA2_256');
        }
        const actual = Buffer.from(artifact.digest.value).toString('hex');
        if (actual !== signed) {
            throw mismatch(`the bundle signs sha256 ${signed}, the given digest is ${actual}`, signed, actual);
        }
    }
    else {
        throw mismatch('a message-signature bundle needs the artifact or its digest', 'an artifact', 'none');
    }
}
/**
 * An in-toto statement must name the artifact among its subjects. Any other payload (e.g.
 * text/plain) is itself what was signed, so it must hash to the artifact's SHA-256 (of its
 * bytes, or the given digest). sigstore-js verifies the envelope without looking at an artifact;
 * sigstore-go and sigstore-python take only in-toto payloads with one.
 */
function checkDsseArtifact(content, artifact) {
    const sha256 = artifact.data !== undefined
        ? (0,external_node_crypto_.createHash)('sha256').update(artifact.data).digest('hex')
        : artifact.digest !== undefined
            ? Buffer.from(artifact.digest.value).toString('hex')
            : undefined;
    if (sha256 === undefined)
        return;
    if (content.payloadType !== intoto/* IN_TOTO_PAYLOAD_TYPE */.T4) {
        const payload = (0,external_node_crypto_.createHash)('sha256').update(content.payload).digest('hex');
        if (payload !== sha256) {
            throw mismatch(`the DSSE payload (${content.payloadType}) is not the artifact`, `sha256:${payload}`, `sha256:${sha256}`);
        }
        return;
    }
    let subjects;
    try {
        subjects = JSON.parse(content.payload.toString('utf8')).subject;
    }
    catch {
        throw mismatch('the in-toto statement is not JSON', 'an in-toto statement', 'unparseable payload');
    }
    // npm provenance names its tarball by sha512 only; other statements use sha256. With the
    // artifact's bytes either may match; with a given sha256 digest, only sha256 subjects can.
    const named = (Array.isArray(subjects) ? subjects : []).map((s) => (s?.digest ?? {}));
    const matches = (algorithm, ours) => named.some((d) => typeof d[algorithm] === 'string' && d[algorithm].toLowerCase() === ours);
    if (matches('sha256', sha256))
        return;
    if (artifact.data !== undefined &&
        matches('sha512', (0,external_node_crypto_.createHash)('sha512').update(artifact.data).digest('hex'))) {
        return;
    }
    const listed = named.flatMap((d) => ['sha256', 'sha512'].flatMap((a) => typeof d[a] === 'string' ? [`${a}:${d[a]}`] : []));
    throw mismatch('the artifact is not a subject of the in-toto statement', listed.join(', ') || '(no sha256 or sha512 subjects)', `sha256:${sha256}`);
}
/** What the signature covers, hashed with the signer key's hash. */
function signedDigest(content, key) {
    if (content.kind === 'messageSignature')
        return content.digest.value;
    return digestFor(key, (0,rekor/* pae */.Zg)(content.payloadType, content.payload));
}
const certificateError = (error) => new verify_error/* VerifyError */.G('CERTIFICATE_CHAIN', `certificate chain: the signing certificate is malformed: ${error.message}`, {
    check: 'certificate chain',
    cause: error,
});
class Verifier {
    trust;
    thresholds;
    #leaves;
    constructor(trust, thresholds = {}) {
        this.trust = trust;
        this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
        this.#leaves = new LeafVerifier(trust);
    }
    /**
     * Verifies a bundle (JSON as parsed, or `parseBundle`'s result) for an artifact. Keyless
     * bundles are checked against `policy` when it is an IdentityPolicy; public-key bundles need
     * a KeyPolicy naming the key. With `attestation`, the bundle must be an in-toto attestation
     * of that predicate type meeting its conditions.
     */
    verify(input, artifact, policy, attestation) {
        const bundle = readBundle(input);
        const { content } = bundle;
        // The signer's key: the leaf's, or the pinned one for a public-key bundle.
        let leaf;
        let spki;
        let hint = '';
        if (bundle.signer.kind === 'certificate') {
            try {
                leaf = (0,x509/* parseCertificate */.hB)(bundle.signer.chain[0]);
            }
            catch (error) {
                if (!(error instanceof core_error/* CoreError */.a))
                    throw error;
                throw certificateError(error);
            }
            if (policy && 'publicKey' in policy) {
                throw new verify_error/* VerifyError */.G('PUBLIC_KEY', 'public key: a public key is pinned but the bundle is signed with a certificate', {
                    check: 'public key',
                    expected: 'a public-key bundle',
                    actual: 'a keyless (certificate) bundle',
                });
            }
            spki = leaf.publicKey;
        }
        else {
            if (!policy || !('publicKey' in policy)) {
                throw new verify_error/* VerifyError */.G('PUBLIC_KEY', `public key: the bundle is signed with a public key (hint ${JSON.stringify(bundle.signer.hint)}); give the key to verify it`, {
                    check: 'public key',
                });
            }
            spki = keyOf(policy.publicKey);
            hint = bundle.signer.hint;
        }
        const key = signerKey(spki);
        if (content.kind === 'messageSignature')
            checkMessageArtifact(content, artifact);
        else
            checkDsseArtifact(content, artifact);
        const digest = signedDigest(content, key);
        if (!verifyDigest(key, digest, content.signature)) {
            throw new verify_error/* VerifyError */.G('SIGNATURE', content.kind === 'messageSignature'
                ? 'signature: the signature does not verify over the artifact digest with the signer key'
                : 'signature: the DSSE signature does not verify over the envelope with the signer key', { check: 'signature' });
        }
        const timestamps = verifyTimestamps(this.trust, bundle.timestamps, content.signature);
        if (bundle.tlogEntries.length < this.thresholds.tlog) {
            throw new verify_error/* VerifyError */.G('TLOG_MISSING', `transparency log: the bundle has ${bundle.tlogEntries.length} log entries, at least ${this.thresholds.tlog} required`, {
                check: 'transparency log',
                expected: `at least ${this.thresholds.tlog}`,
                actual: String(bundle.tlogEntries.length),
            });
        }
        const logged = {
            content,
            digest,
            signature: content.signature,
            key,
            ...(leaf ? { certificate: leaf.der } : {}),
        };
        const promised = bundle.tlogEntries.map((entry) => verifyPromise(this.trust, entry, logged));
        const integratedTimes = promised.filter((t) => t !== undefined);
        checkTimestampThreshold(timestamps.length, integratedTimes.length, this.thresholds.timestamp);
        const verifiedTimes = [...timestamps.map((t) => t.genTime), ...integratedTimes];
        // Without a verified time (threshold 0) the only time left to judge validity at is now.
        const signingTimes = verifiedTimes.length > 0 ? verifiedTimes : [new Date()];
        let signer;
        if (leaf) {
            let ca;
            let identity;
            try {
                ca = this.#leaves.verifyChain(leaf, signingTimes);
                identity = (0,extensions/* readIdentity */.xN)(leaf);
            }
            catch (error) {
                // Both decode the leaf's extensions. A Signet error that is not a verdict is a decoding
                // failure (malformed DER, not exactly one SAN), whichever module defines it.
                if (error instanceof verify_error/* VerifyError */.G || !(error instanceof core_error/* SignetError */.T))
                    throw error;
                throw certificateError(error);
            }
            if (this.thresholds.ctlog > 0)
                this.#leaves.verifyScts(leaf, this.thresholds.ctlog);
            signer = { kind: 'certificate', identity, certificate: leaf, ca: ca.uri };
        }
        else {
            signer = { kind: 'publicKey', hint, spki };
        }
        const tlogEntries = bundle.tlogEntries.map((entry, i) => verifyTlogEntry(this.trust, entry, logged, signingTimes, promised[i]));
        if (signer.kind === 'certificate' && policy && !('publicKey' in policy)) {
            (0,verify_policy/* checkPolicy */.hM)(signer.identity, policy);
        }
        if (attestation !== undefined)
            (0,verify_attestation/* checkAttestation */.Xe)(content, attestation);
        return { signer, timestamps, tlogEntries, bundle };
    }
}
//# sourceMappingURL=verifier.js.map

/***/ })

};
