export const id = 879;
export const ids = [879];
export const modules = {

/***/ 27879:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fetchTufTarget: () => (/* binding */ fetchTufTarget),
  fetchTufTargets: () => (/* binding */ fetchTufTargets)
});

// UNUSED EXPORTS: DEFAULT_TUF_RETRIES, DEFAULT_TUF_TIMEOUT_MS, MAX_TUF_ROOT_BYTES

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@tufjs/models/dist/index.js
var dist = __webpack_require__(68908);
// EXTERNAL MODULE: ./node_modules/tuf-js/dist/index.js
var tuf_js_dist = __webpack_require__(84706);
// EXTERNAL MODULE: ./node_modules/tuf-js/dist/error.js
var dist_error = __webpack_require__(86376);
// EXTERNAL MODULE: ./build/src/core/document.js
var core_document = __webpack_require__(59096);
// EXTERNAL MODULE: ./build/src/core/http.js
var http = __webpack_require__(29001);
// EXTERNAL MODULE: ./build/src/tuf-client/cache.js
var cache = __webpack_require__(64121);
// EXTERNAL MODULE: ./build/src/core/error.js
var error = __webpack_require__(50279);
;// CONCATENATED MODULE: ./build/src/tuf-client/error.js

class TufClientError extends error/* SignetError */.T {
    /** The TUF role whose metadata was refused (root, timestamp, snapshot, targets). */
    role;
    constructor(code, message, options) {
        super(code, message, options);
        if (options?.role !== undefined)
            this.role = options.role;
    }
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/tuf-client/public-good.js
/**
 * The first root of the Sigstore public-good TUF repository (MIRROR below), so that
 * `--tuf-url https://tuf-repo-cdn.sigstore.dev` needs no --tuf-root: a client walks from it to
 * the current root version by version, each signed by the threshold of the one before.
 *
 * Source: the seed sigstore-js ships for this mirror, `@sigstore/tuf` 4.0.2, seeds.json,
 * key "https://tuf-repo-cdn.sigstore.dev", field "root.json" (base64), decoded verbatim. An
 * expired starting root is fine: TUF only requires the final root of the walk to be current.
 */
const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
const publicGoodTufRoot = () => Buffer.from(JSON.stringify(ROOT));
const ROOT = {
    signatures: [
        {
            keyid: 'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
            sig: '3046022100e04c9706299be5d8c2b14fb50bcd5b9c241f10597153dfe22f943efe896b5150022100cfd7b9f06a5900784e312d02b8e336edbb3b2fab61ac14550b3112b4f9e33df4',
        },
        {
            keyid: '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
            sig: '',
        },
        {
            keyid: '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
            sig: '3045022100cc308ae7d390fa782ee3376ddfaa929835016e86dad81f69e2de7ec1e174432e02205fb19906a31cce146c29624443c0d0c2f33ee80dac39d72114f939607cc22937',
        },
        {
            keyid: 'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
            sig: '304502203f8aff7a30e05a8c3d904b671ab1a6e4e8a6f508b7cfa0c780e72976bee7a227022100f64c9b765526f34d9ea16339cf238893e1c3368b4f0910a61a1af27dda01ebb9',
        },
        {
            keyid: '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
            sig: '304502202363ca249aefa6d5f61c408a32cdd079b034a7888ddf2136dc4515ed4a728418022100b04eca42bc510ccbbf5d30783aaa936b1f137ca7a017ee9d90d3710432da0427',
        },
    ],
    signed: {
        _type: 'root',
        consistent_snapshot: true,
        expires: '2026-06-22T13:27:01Z',
        keys: {
            '0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5': {
                keyid_hash_algorithms: ['sha256', 'sha512'],
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWRiGr5+j+3J5SsH+Ztr5nE2H2wO7\nBV+nO3s93gLca18qTOzHY1oWyAGDykMSsGTUBSt9D+An0KfKsD2mfSM42Q==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-online-uri': 'gcpkms:projects/sigstore-root-signing/locations/global/keyRings/root/cryptoKeys/timestamp/cryptoKeyVersions/1',
            },
            '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632': {
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMxpPOJCIZ5otG4106fGJseEQi3V9\npkMYQ4uyV9Tj1M7WHXIyLG+jkfvuG0glQ1JZbRZZBV3gAR4sojdGHISeow==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-keyowner': '@lance',
            },
            '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06': {
                keyid_hash_algorithms: ['sha256', 'sha512'],
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzBzVOmHCPojMVLSI364WiiV8NPrD\n6IgRxVliskz/v+y3JER5mcVGcONliDcWMC5J2lfHmjPNPhb4H7xm8LzfSA==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-keyowner': '@santiagotorres',
            },
            '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222': {
                keyid_hash_algorithms: ['sha256', 'sha512'],
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEinikSsAQmYkNeH5eYq/CnIzLaacO\nxlSaawQDOwqKy/tCqxq5xxPSJc21K4WIhs9GyOkKfzueY3GILzcMJZ4cWw==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-keyowner': '@bobcallaway',
            },
            a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70: {
                keyid_hash_algorithms: ['sha256', 'sha512'],
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0ghrh92Lw1Yr3idGV5WqCtMDB8Cx\n+D8hdC4w2ZLNIplVRoVGLskYa3gheMyOjiJ8kPi15aQ2//7P+oj7UvJPGw==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-keyowner': '@joshuagl',
            },
            e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2: {
                keyid_hash_algorithms: ['sha256', 'sha512'],
                keytype: 'ecdsa',
                keyval: {
                    public: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEXsz3SZXFb8jMV42j6pJlyjbjR8K\nN3Bwocexq6LMIb5qsWKOQvLN16NUefLc4HswOoumRsVVaajSpQS6fobkRw==\n-----END PUBLIC KEY-----\n',
                },
                scheme: 'ecdsa-sha2-nistp256',
                'x-tuf-on-ci-keyowner': '@mnm678',
            },
        },
        roles: {
            root: {
                keyids: [
                    'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
                    '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
                    '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
                    'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
                    '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
                ],
                threshold: 3,
            },
            snapshot: {
                keyids: ['0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5'],
                threshold: 1,
                'x-tuf-on-ci-expiry-period': 3650,
                'x-tuf-on-ci-signing-period': 365,
            },
            targets: {
                keyids: [
                    'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
                    '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
                    '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
                    'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
                    '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
                ],
                threshold: 3,
            },
            timestamp: {
                keyids: ['0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5'],
                threshold: 1,
                'x-tuf-on-ci-expiry-period': 7,
                'x-tuf-on-ci-signing-period': 6,
            },
        },
        spec_version: '1.0',
        version: 14,
        'x-tuf-on-ci-expiry-period': 197,
        'x-tuf-on-ci-signing-period': 46,
    },
};
//# sourceMappingURL=public-good.js.map
;// CONCATENATED MODULE: ./build/src/tuf-client/client.js











/**
 * Trust material from a TUF repository (theupdateframework.io), the way Sigstore clients get
 * theirs: from a pinned first root, `tuf-js`'s Updater walks the root versions, then the
 * timestamp, snapshot and targets, each checked against the keys and thresholds the root
 * names, and downloads one target whose hashes the signed targets give. Everything verified
 * is kept in a cache directory, so that later runs need no root file, and a run that cannot
 * reach the mirror still works from the cache for as long as the cached metadata has not
 * expired (TUF's own bound on staleness: the timestamp role's expiry).
 *
 * Requests go through Signet's HTTP client (https, or plain http to loopback only; bounded
 * sizes; retries), not tuf-js's own.
 */
/**
 * A root is a few KiB (public-good's, with six keys, about 5 KiB); tuf-js allows 512000 bytes
 * for later root versions, and a first root is held to the same.
 */
const MAX_TUF_ROOT_BYTES = 512_000;
/** Per request to a TUF mirror: metadata is small, and a CDN answers at once or not at all. */
const DEFAULT_TUF_TIMEOUT_MS = 10_000;
/** Retries after the first attempt, as sigstore-js's TUF client. */
const DEFAULT_TUF_RETRIES = 2;
/** The digest of the starting root a cache grew from, so another one given starts it over. */
const SEED_FILE = 'seed.sha256';
const ROOT_FILE = 'root.json';
const TARGETS_DIR = 'targets';
/** What the cache holds besides SEED_FILE: tuf-js's metadata files and the targets folder. */
const CACHED = [ROOT_FILE, 'timestamp.json', 'snapshot.json', 'targets.json', TARGETS_DIR];
/** The verified bytes of target `name` of the repository at `options.url`. */
async function fetchTufTarget(name, options) {
    return (await fetchTufTargets([name], options))[0];
}
/**
 * The verified bytes of each of `names`, in order, from one refresh of the metadata: all from
 * the mirror, or (when it is unreachable) all from the cache.
 */
async function fetchTufTargets(names, options) {
    const url = (0,cache/* normalizedUrl */.Z)(options.url);
    await seedCache(url, options);
    const online = new MirrorFetcher(options, false);
    const updater = openUpdater(url, options, online, false);
    const infos = [];
    try {
        for (const name of names)
            infos.push((await updater.getTargetInfo(name)) ?? missing(name, url));
    }
    catch (error) {
        if (online.unreachable === undefined)
            throw refusal(error, online.lastRole, url);
        return fromCache(names, url, options, online.unreachable);
    }
    const targets = [];
    for (const info of infos) {
        let path = await updater.findCachedTarget(info);
        if (path === undefined) {
            try {
                path = await updater.downloadTarget(info);
            }
            catch (error) {
                if (online.unreachable !== undefined) {
                    throw new TufClientError('MIRROR_UNREACHABLE', `the TUF mirror ${url} is unavailable (${online.unreachable.detail}) for its target ${info.path}`, { cause: online.unreachable });
                }
                throw new TufClientError('TARGET_INVALID', `the TUF repository ${url} serves a target ${info.path} that does not match its signed targets: ${reason(error)}`, { cause: error });
            }
        }
        targets.push({ bytes: await (0,promises_.readFile)(path), source: `${url}#${info.path}` });
    }
    return targets;
}
/** The targets from the cached metadata alone, while it has not expired; with a warning. */
async function fromCache(names, url, options, unreachable) {
    const why = `the TUF mirror ${url} is unavailable (${unreachable.detail})`;
    const updater = openUpdater(url, options, new MirrorFetcher(options, true), true);
    const targets = [];
    for (const name of names) {
        let info;
        try {
            info = await updater.getTargetInfo(name);
        }
        catch (error) {
            throw new TufClientError('MIRROR_UNREACHABLE', `${why}, and ${await cacheProblem(options.cacheDir, error)}`, { cause: unreachable });
        }
        const path = await updater.findCachedTarget(info ?? missing(name, url));
        if (path === undefined) {
            throw new TufClientError('MIRROR_UNREACHABLE', `${why}, and its target ${name} is not in the cache ${options.cacheDir}`, { cause: unreachable });
        }
        targets.push({ bytes: await (0,promises_.readFile)(path), source: `${url}#${name}` });
    }
    options.warn?.(`${why}; using the metadata cached in ${options.cacheDir}`);
    return targets;
}
function missing(name, url) {
    throw new TufClientError('TARGET_MISSING', `the TUF repository ${url} has no target ${name} in its signed targets`);
}
/**
 * Gives the cache a starting root: the one named (a different one than the cache grew from
 * discards what was cached), else the cached one, else public-good's own when that is the
 * mirror. The root is checked (JSON, TUF root, signed by its own threshold) before anything
 * is written, and written whole or not at all.
 */
async function seedCache(url, options) {
    const { cacheDir, rootPath } = options;
    let seed;
    if (rootPath !== undefined) {
        seed = await (0,core_document/* readFileLimited */.lB)(rootPath, 'TUF root', MAX_TUF_ROOT_BYTES).catch((error) => {
            throw new TufClientError('ROOT_INVALID', error.message, { cause: error });
        });
        checkRoot(seed, `the TUF root ${rootPath}`);
    }
    const cachedRoot = await (0,promises_.readFile)((0,external_node_path_.join)(cacheDir, ROOT_FILE)).catch(() => undefined);
    const recorded = await (0,promises_.readFile)((0,external_node_path_.join)(cacheDir, SEED_FILE), 'utf8').catch(() => undefined);
    if (seed === undefined) {
        if (cachedRoot !== undefined)
            return;
        if (url !== PUBLIC_GOOD_TUF_URL) {
            throw new TufClientError('ROOT_MISSING', `nothing is cached for the TUF repository ${url} (in ${cacheDir}): give its first root, --tuf-root FILE (the repository's 1.root.json), once`);
        }
        seed = publicGoodTufRoot();
    }
    const digest = (0,external_node_crypto_.createHash)('sha256').update(seed).digest('hex');
    if (cachedRoot !== undefined && recorded?.trim() === digest)
        return;
    try {
        await (0,promises_.mkdir)(cacheDir, { recursive: true, mode: 0o700 });
        await Promise.all(CACHED.map((file) => (0,promises_.rm)((0,external_node_path_.join)(cacheDir, file), { recursive: true, force: true })));
        await (0,promises_.mkdir)((0,external_node_path_.join)(cacheDir, TARGETS_DIR));
        await writeWhole((0,external_node_path_.join)(cacheDir, SEED_FILE), `${digest}\n`);
        await writeWhole((0,external_node_path_.join)(cacheDir, ROOT_FILE), seed);
    }
    catch (error) {
        throw new TufClientError('CACHE_UNWRITABLE', `cannot write the TUF cache ${cacheDir}: ${error.message}`, { cause: error });
    }
}
/** Refuses bytes that are not a TUF root signed by its own root threshold. */
function checkRoot(bytes, what) {
    try {
        const root = dist.Metadata.fromJSON(dist.MetadataKind.Root, JSON.parse(bytes.toString('utf8')));
        root.verifyDelegate(dist.MetadataKind.Root, root);
    }
    catch (error) {
        throw new TufClientError('ROOT_INVALID', `${what} is not a valid TUF root: ${reason(error)}`, {
            cause: error,
        });
    }
}
async function writeWhole(path, data) {
    const temporary = `${path}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`;
    await (0,promises_.writeFile)(temporary, data, { mode: 0o600 });
    await (0,promises_.rename)(temporary, path);
}
function openUpdater(url, options, fetcher, forceCache) {
    try {
        return new tuf_js_dist/* Updater */.Sx({
            metadataDir: options.cacheDir,
            metadataBaseUrl: url,
            targetDir: (0,external_node_path_.join)(options.cacheDir, TARGETS_DIR),
            targetBaseUrl: `${url}/${TARGETS_DIR}`,
            fetcher,
            forceCache,
        });
    }
    catch (error) {
        // Only the cached root is read here; it was checked when it was written, so it was changed.
        throw new TufClientError('ROOT_INVALID', `the cached TUF root ${(0,external_node_path_.join)(options.cacheDir, ROOT_FILE)} cannot be used (${reason(error)}): give --tuf-root FILE again, or remove ${options.cacheDir}`, { cause: error });
    }
}
/**
 * tuf-js's fetcher, on Signet's HTTP client. It remembers the role of the file it last asked
 * for (tuf-js's errors rarely say) and whether the mirror was unreachable; offline, it refuses
 * every request at once, so that only the cache is used.
 */
class MirrorFetcher {
    options;
    offline;
    lastRole;
    unreachable;
    constructor(options, offline) {
        this.options = options;
        this.offline = offline;
    }
    async downloadBytes(url, maxLength) {
        this.lastRole = roleOf(url);
        if (this.offline)
            throw new Error(`no usable cached ${this.lastRole} metadata`);
        try {
            const response = await (0,http/* request */.Em)({ method: 'GET', url, what: 'TUF repository' }, {
                timeoutMs: DEFAULT_TUF_TIMEOUT_MS,
                retries: DEFAULT_TUF_RETRIES,
                ...this.options.http,
                maxResponseBytes: maxLength,
            });
            return response.body;
        }
        catch (error) {
            if (!(error instanceof http/* HttpError */.j$))
                throw error;
            if (error.code === 'SERVICE_UNAVAILABLE')
                this.unreachable = error;
            // tuf-js reads a 403 or 404 for the next root version as "no newer root".
            if (error.status !== undefined)
                throw new dist_error.DownloadHTTPError(error.message, error.status);
            throw new Error(error.detail, { cause: error });
        }
    }
    async downloadFile(url, maxLength, handler) {
        const bytes = await this.downloadBytes(url, maxLength);
        const temporary = (0,external_node_path_.join)(this.options.cacheDir, `download.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
        await (0,promises_.writeFile)(temporary, bytes, { mode: 0o600 });
        try {
            return await handler(temporary);
        }
        finally {
            await (0,promises_.rm)(temporary, { force: true });
        }
    }
}
/** The role a metadata URL is for (N.root.json, timestamp.json, N.snapshot.json...). */
function roleOf(url) {
    const file = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
    if (new URL(url).pathname.includes(`/${TARGETS_DIR}/`))
        return 'target';
    return /^(?:\d+\.)?(.+)\.json$/.exec(file)?.[1] ?? file;
}
/**
 * tuf-js's reason, without the wrappers it adds ("Unable to load snapshot metadata error
 * Error: ...") and without class names.
 */
function reason(error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^Unable to load [\w ]+? error (?:\w*Error: )?/, '');
}
/** A refused update, naming the role: an expiry names its own role, anything else the file. */
function refusal(error, lastRole, url) {
    if (error instanceof TufClientError)
        return error;
    const why = reason(error);
    const role = /\b(\w+)\.json is expired/.exec(why)?.[1] ?? lastRole ?? 'root';
    return new TufClientError('METADATA_REFUSED', `the TUF repository ${url} serves ${role} metadata the client refuses: ${why}`, { cause: error, role });
}
/** Why the cache cannot stand in for the mirror: nothing cached, or it has expired. */
async function cacheProblem(cacheDir, error) {
    const timestamp = await (0,promises_.readFile)((0,external_node_path_.join)(cacheDir, 'timestamp.json'), 'utf8').catch(() => undefined);
    if (timestamp === undefined)
        return `nothing is cached in ${cacheDir} yet`;
    let expires;
    try {
        expires = JSON.parse(timestamp).signed?.expires;
    }
    catch {
        expires = undefined;
    }
    if (typeof expires === 'string' && Date.parse(expires) <= Date.now()) {
        return `the metadata cached in ${cacheDir} expired at ${expires}`;
    }
    return `the metadata cached in ${cacheDir} cannot be used: ${reason(error)}`;
}
//# sourceMappingURL=client.js.map

/***/ })

};
