export const id = 583;
export const ids = [583];
export const modules = {

/***/ 48050:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ field),
/* harmony export */   o: () => (/* binding */ jsonObject)
/* harmony export */ });
/**
 * Reading protojson (protocols.md §0) as Sigstore documents arrive: fields by their JSON
 * (camelCase) or proto (snake_case) name, null as unset. Shared by the bundle parser and the
 * trusted-root reader, which differ only in the error they raise.
 */
const snake = (camel) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A field by its JSON name or its proto name; null is unset, as protojson reads it. */
function field(from, camel) {
    const value = from[camel] ?? from[snake(camel)];
    return value === null ? undefined : value;
}
/** `value` as a JSON object, or the caller's error naming `path`. */
function jsonObject(value, path, invalid) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(`${path} must be a JSON object`);
    }
    return value;
}
//# sourceMappingURL=protojson.js.map

/***/ }),

/***/ 26024:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x1: () => (/* binding */ TRUSTED_ROOT_MEDIA_TYPE),
/* harmony export */   zD: () => (/* binding */ SIGNING_CONFIG_MEDIA_TYPE)
/* harmony export */ });
/* unused harmony exports logKeyDetails, buildTrustedRoot, buildSigningConfig */
/* harmony import */ var _core_base64_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(88554);

/**
 * trusted_root.json (v0.1) and signing_config.json (v0.2), generated from live key material so
 * that every entry is complete: no nulls, `validFor.start` always set, media types exactly as
 * sigstore-go, sigstore-js and sigstore-python require.
 */
const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const window = (validity) => ({
    start: validity.start.toISOString(),
    ...(validity.end ? { end: validity.end.toISOString() } : {}),
});
/** The protobuf-specs key details name for a log key. */
function logKeyDetails(key) {
    if (key.asymmetricKeyType === 'ed25519')
        return 'PKIX_ED25519';
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1')
        return 'PKIX_ECDSA_P256_SHA_256';
    if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1')
        return 'PKIX_ECDSA_P384_SHA_384';
    throw new TypeError(`unsupported log key type ${key.asymmetricKeyType} ${curve ?? ''}`.trim());
}
function logEntry(log) {
    return {
        baseUrl: log.baseUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
            rawBytes: toBase64(log.publicKey.export({ format: 'der', type: 'spki' })),
            keyDetails: logKeyDetails(log.publicKey),
            validFor: window(log.validFor),
        },
        logId: { keyId: toBase64(log.logId) },
    };
}
function authorityEntry(ca) {
    return {
        subject: ca.subject,
        uri: ca.uri,
        certChain: { certificates: ca.certChain.map((der) => ({ rawBytes: toBase64(der) })) },
        validFor: window(ca.validFor),
    };
}
function buildTrustedRoot(input) {
    return {
        mediaType: TRUSTED_ROOT_MEDIA_TYPE,
        tlogs: input.tlogs.map(logEntry),
        certificateAuthorities: input.certificateAuthorities.map(authorityEntry),
        ctlogs: input.ctlogs.map(logEntry),
        timestampAuthorities: input.timestampAuthorities.map(authorityEntry),
    };
}
const endpoint = (service) => ({
    url: service.url,
    majorApiVersion: service.majorApiVersion,
    validFor: window(service.validFor),
    operator: service.operator,
});
function buildSigningConfig(input) {
    return {
        mediaType: SIGNING_CONFIG_MEDIA_TYPE,
        caUrls: input.caUrls.map(endpoint),
        oidcUrls: input.oidcUrls.map(endpoint),
        rekorTlogUrls: input.rekorTlogUrls.map(endpoint),
        rekorTlogConfig: { selector: 'ANY' },
        tsaUrls: input.tsaUrls.map(endpoint),
        tsaConfig: { selector: 'ANY' },
    };
}
//# sourceMappingURL=trust.js.map

/***/ }),

/***/ 42711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Du: () => (/* binding */ parseCommandLine),
/* harmony export */   EB: () => (/* binding */ stringsOption),
/* harmony export */   Pp: () => (/* binding */ stringOption),
/* harmony export */   jC: () => (/* binding */ exclusive),
/* harmony export */   kY: () => (/* binding */ flagOption)
/* harmony export */ });
/* unused harmony export nearestName */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(63774);


/**
 * Parses `argv` for `command` of `program` (`signet sign`, `signet-server serve`). Every
 * option is checked before the strict parse, so that no parseArgs message reaches the user.
 */
function parseCommandLine(command, argv, options, program = 'signet') {
    const help = `(see: ${program} ${command} --help)`;
    const { tokens } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args: argv,
        options,
        allowPositionals: true,
        strict: false,
        tokens: true,
    });
    for (const token of tokens) {
        if (token.kind !== 'option')
            continue;
        const problem = optionProblem(token, options, help);
        if (problem !== undefined)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CliError */ .z('USAGE', problem);
    }
    try {
        return (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: argv, options, allowPositionals: true, strict: true });
    }
    catch (error) {
        // Only a case optionProblem does not foresee gets here; its message is still a usage error.
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .CliError */ .z('USAGE', `${error.message} ${help}`, { cause: error });
    }
}
/**
 * What is wrong with one option as given, in the words of the command line, ending with a
 * likely meant option or else `help`.
 */
function optionProblem(token, options, help) {
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) {
        const near = token.rawName.startsWith('--')
            ? nearestName(token.name, Object.keys(options))
            : undefined;
        return `unknown option ${token.rawName} ${near === undefined ? help : `(did you mean --${near}?)`}`;
    }
    const shown = token.rawName.startsWith('--')
        ? token.rawName
        : `${token.rawName} (--${token.name})`;
    if (spec.type === 'boolean') {
        return token.value === undefined ? undefined : `option ${shown} takes no value ${help}`;
    }
    if (token.value === undefined)
        return `option ${shown} needs a value ${help}`;
    // As parseArgs: "--server --json" is a forgotten value, not a server called "--json".
    if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        return `option ${shown} needs a value, but is followed by ${token.value}; for a value that starts with "-", write ${token.rawName}=VALUE`;
    }
    return undefined;
}
/**
 * The known name closest to `given` by edit distance (adjacent swaps count as one edit), when it
 * is close enough to be a typo: at most two edits, and fewer than half the name's letters.
 */
function nearestName(given, names) {
    let best;
    for (const name of names) {
        const distance = editDistance(given.toLowerCase(), name);
        if (best === undefined || distance < best.distance)
            best = { name, distance };
    }
    if (best === undefined || best.distance > 2 || best.distance * 2 >= given.length) {
        return undefined;
    }
    return best.name;
}
/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a, b) {
    const width = b.length + 1;
    const d = new Array((a.length + 1) * width).fill(0);
    const at = (i, j) => d[i * width + j];
    for (let i = 0; i <= a.length; i++)
        d[i * width] = i;
    for (let j = 0; j <= b.length; j++)
        d[j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, at(i - 2, j - 2) + 1);
            }
            d[i * width + j] = best;
        }
    }
    return at(a.length, b.length);
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

/***/ 88554:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ fromBase64),
/* harmony export */   n: () => (/* binding */ toBase64)
/* harmony export */ });
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;
/** Standard base64 with padding (RFC 4648 §4), the form protojson emits for `bytes`. */
function toBase64(data) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
/**
 * Decodes standard or URL-safe base64 (protojson parsers accept both), rejecting anything
 * else: Node's own decoder silently skips invalid characters, which would let garbage through.
 * `what` names the field in the error message.
 */
function fromBase64(text, what = 'value') {
    if (typeof text !== 'string') {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('BASE64_INVALID', `${what} must be a base64 string`);
    }
    // Each test scans the whole text, and verifiers decode kilobytes per bundle: scan once.
    const standard = STANDARD.test(text);
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if ((!standard && !URL_SAFE.test(text)) || (text.length - padding) % 4 === 1) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('BASE64_INVALID', `${what} is not valid base64`);
    }
    if (padding > 0 && text.length % 4 !== 0) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('BASE64_INVALID', `${what} has malformed base64 padding`);
    }
    return Buffer.from(text, standard ? 'base64' : 'base64url');
}
//# sourceMappingURL=base64.js.map

/***/ }),

/***/ 26512:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n1: () => (/* binding */ NoteError),
  P8: () => (/* binding */ noteVerifier),
  jN: () => (/* binding */ openNote)
});

// UNUSED EXPORTS: MAX_SIGNATURES, ecdsaNoteKeyId, ed25519NoteKeyId, noteSigner, parseNote, signNote, verifierFromVkey

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/src/core/base64.js
var base64 = __webpack_require__(88554);
// EXTERNAL MODULE: ./build/src/core/error.js
var error = __webpack_require__(50279);
// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(93218);
;// CONCATENATED MODULE: ./build/src/core/spki.js


/** The facts of an imported key (asymmetricKeyDetails exports the key: read it once). */
function keyFacts(key) {
    const details = key.asymmetricKeyDetails ?? {};
    return {
        key,
        keyType: key.asymmetricKeyType ?? 'unknown',
        ...(details.namedCurve !== undefined && { namedCurve: details.namedCurve }),
        ...(details.modulusLength !== undefined && { modulusLength: details.modulusLength }),
        ...(details.publicExponent !== undefined && { publicExponent: details.publicExponent }),
    };
}
/** An SPKI prefix up to the uncompressed point (04 || X || Y), per named curve. */
const EC_SPKI = [
    {
        prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
        point: 65,
        webName: 'P-256',
        namedCurve: 'prime256v1',
    },
    {
        prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
        point: 97,
        webName: 'P-384',
        namedCurve: 'secp384r1',
    },
    {
        prefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
        point: 133,
        webName: 'P-521',
        namedCurve: 'secp521r1',
    },
];
const UNCOMPRESSED = 0x04;
/** An Ed25519 SubjectPublicKeyInfo up to its 32-byte key (RFC 8410 §4): one encoding only. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_RAW_BYTES = 32;
/** The 32 raw bytes of an Ed25519 SPKI, or undefined when `spki` is not one. */
function ed25519RawFromSpki(spki) {
    return spki.length === ED25519_SPKI_PREFIX.length + ED25519_RAW_BYTES &&
        spki.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)
        ? spki.subarray(ED25519_SPKI_PREFIX.length)
        : undefined;
}
/**
 * The Ed25519 public key whose 32 raw bytes are `raw` (RFC 8032 §5.1.5 encoding), imported as
 * a JWK: about 11 µs against 80 for its SPKI. Neither import checks the point: OpenSSL decodes
 * it when verifying.
 */
function spki_ed25519PublicKey(raw) {
    if (raw.length !== ED25519_RAW_BYTES) {
        throw new CoreError('KEY_UNSUPPORTED', `an Ed25519 public key is ${ED25519_RAW_BYTES} bytes, got ${raw.length}`);
    }
    return createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
        format: 'jwk',
    });
}
/**
 * Imports a public key from SPKI DER. Rejects (with node:crypto's error) what node:crypto
 * cannot import: malformed DER, an unknown algorithm, a point not on its curve.
 */
async function importSpki(spki) {
    for (const ec of EC_SPKI) {
        if (spki.length === ec.prefix.length + ec.point &&
            spki[ec.prefix.length] === UNCOMPRESSED &&
            spki.subarray(0, ec.prefix.length).equals(ec.prefix)) {
            const cryptoKey = await webcrypto.subtle.importKey('raw', spki.subarray(ec.prefix.length), { name: 'ECDSA', namedCurve: ec.webName }, false, ['verify']);
            return { key: KeyObject.from(cryptoKey), keyType: 'ec', namedCurve: ec.namedCurve };
        }
    }
    const ed25519 = ed25519RawFromSpki(spki);
    if (ed25519 !== undefined)
        return { key: spki_ed25519PublicKey(ed25519), keyType: 'ed25519' };
    return keyFacts(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
}
//# sourceMappingURL=spki.js.map
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(63317);
;// CONCATENATED MODULE: ./build/src/core/jwk.js





/**
 * Public JWKs (RFC 7518 §6, RFC 8037) and raw Ed25519 keys, read from the DER
 * SubjectPublicKeyInfo. Never `key.export({ format: 'jwk' })`: on Node 20 that export holds
 * the key's mutex while it allocates JS strings, and a garbage collection in that window that
 * finalizes the job which generated the key (it shares the mutex) deadlocks the thread. The
 * DER export allocates without the lock (see prehash.ts).
 */
/** JWK curve names and coordinate sizes by named-curve OID (RFC 7518 §6.2.1.1). */
const EC_CURVES = new Map([
    ['1.2.840.10045.3.1.7', { crv: 'P-256', opensslName: 'prime256v1', size: 32 }],
    ['1.3.132.0.34', { crv: 'P-384', opensslName: 'secp384r1', size: 48 }],
    ['1.3.132.0.35', { crv: 'P-521', opensslName: 'secp521r1', size: 66 }],
]);
/**
 * The public JWK (kty, crv/x/y or n/e) of an EC P-256/P-384/P-521, RSA or Ed25519 key, public
 * or private. Throws CoreError KEY_UNSUPPORTED for any other key.
 */
function publicJwk(key) {
    // Node encodes the SPKI itself, so its shape is not in doubt, only the algorithm.
    const [algorithm, bits] = parseDer(spkiOf(key))
        .expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo')
        .children();
    const [id, parameters] = algorithm.expect(Tag.SEQUENCE, 'algorithm').children();
    const oid = id.toOid('algorithm');
    const subjectPublicKey = bitStringBytes(bits, 'subjectPublicKey');
    if (oid === OID.ed25519) {
        return { kty: 'OKP', crv: 'Ed25519', x: subjectPublicKey.toString('base64url') };
    }
    if (oid === OID.rsaEncryption) {
        const [n, e] = parseDer(subjectPublicKey).expect(Tag.SEQUENCE, 'RSAPublicKey').children();
        return { kty: 'RSA', n: unsignedBytes(n.value), e: unsignedBytes(e.value) };
    }
    const curve = oid === OID.ecPublicKey && parameters?.tag === Tag.OID
        ? EC_CURVES.get(parameters.toOid('namedCurve'))
        : undefined;
    if (curve === undefined) {
        throw new CoreError('KEY_UNSUPPORTED', `a JWK is only built for EC P-256/P-384/P-521, RSA and Ed25519 keys, not algorithm ${oid}`);
    }
    // SEC 1 §2.3.3: 04 || X || Y; a key imported compressed keeps that form in its SPKI.
    const point = subjectPublicKey[0] === 0x04
        ? subjectPublicKey
        : ECDH.convertKey(subjectPublicKey, curve.opensslName, undefined, undefined, 'uncompressed');
    return {
        kty: 'EC',
        crv: curve.crv,
        x: point.subarray(1, 1 + curve.size).toString('base64url'),
        y: point.subarray(1 + curve.size).toString('base64url'),
    };
}
/** The 32-byte public key of an Ed25519 key (public or private). */
function rawEd25519PublicKey(key) {
    const raw = ed25519RawFromSpki((0,x509/* spkiOf */.Bb)(key));
    if (raw === undefined)
        throw new error/* CoreError */.a('KEY_UNSUPPORTED', 'expected an Ed25519 key');
    return raw;
}
/** An INTEGER's magnitude as base64url without the DER sign byte (RFC 7518 §2 Base64urlUInt). */
const unsignedBytes = (value) => (value.length > 1 && value[0] === 0 ? value.subarray(1) : value).toString('base64url');
//# sourceMappingURL=jwk.js.map
;// CONCATENATED MODULE: ./build/src/core/note.js





/**
 * C2SP signed notes (c2sp.org/signed-note): text, a blank line, then one line per signature
 * of the form "— <key name> <base64(4-byte key hint || signature)>".
 *
 * Supported keys: Ed25519 (type 0x01, key ID = SHA-256(name || 0x0A || 0x01 || raw key)) and
 * ECDSA P-256 with DER signatures over SHA-256, whose key ID follows rekor-tiles and C2SP
 * type 0x02: SHA-256(SPKI DER), without name or type byte.
 */
class NoteError extends error/* SignetError */.T {
}
const SIGNATURE_PREFIX = '\u2014 ';
const ED25519_TYPE = 0x01;
const KEY_ID_SIZE = 32;
const HINT_SIZE = 4;
/** The spec asks verifiers to cap signatures and accept at least 16; Go's sumdb caps at 100. */
const MAX_SIGNATURES = 100;
/** Go's unicode.IsSpace, which is what "Unicode spaces" means for the reference implementation. */
const SPACE = /[\p{Z}\t\n\v\f\r\u0085]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Cs}/u;
// ignoreBOM keeps a leading U+FEFF as text instead of silently dropping signed bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 public key), the signed-note key ID. */
function ed25519NoteKeyId(name, publicKey) {
    requireKeyName(name);
    requireKind(publicKey, 'public', 'ed25519');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(name, 'utf8')
        .update(Buffer.from([0x0a, ED25519_TYPE]))
        .update(rawEd25519PublicKey(publicKey))
        .digest();
}
/** SHA-256(SPKI DER): the ECDSA key ID of rekor-tiles (equal to the classic RFC 6962 log ID). */
function ecdsaNoteKeyId(publicKey) {
    requireKind(publicKey, 'public', 'p256');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest();
}
/** A signer for an Ed25519 or ECDSA P-256 private key. */
function noteSigner(name, privateKey) {
    requireKeyName(name);
    const kind = requireKind(privateKey, 'private');
    const publicKey = createPublicKey(privateKey);
    if (kind === 'ed25519') {
        return {
            name,
            keyId: ed25519NoteKeyId(name, publicKey),
            sign: (message) => sign(null, message, privateKey),
        };
    }
    return {
        name,
        keyId: ecdsaNoteKeyId(publicKey),
        sign: (message) => sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }),
    };
}
/** A verifier for an Ed25519 or ECDSA P-256 public key. */
function noteVerifier(name, publicKey) {
    requireKeyName(name);
    const kind = requireKind(publicKey, 'public');
    if (kind === 'ed25519') {
        return {
            name,
            keyId: ed25519NoteKeyId(name, publicKey),
            verify: (message, signature) => signature.length === 64 && safeVerify(() => (0,external_node_crypto_.verify)(null, message, publicKey, signature)),
        };
    }
    return {
        name,
        keyId: ecdsaNoteKeyId(publicKey),
        verify: (message, signature) => safeVerify(() => (0,external_node_crypto_.verify)('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)),
    };
}
/** A verifier from the text form "<name>+<8 hex key hint>+<base64(0x01 || 32-byte key)>". */
function verifierFromVkey(vkey) {
    const first = vkey.indexOf('+');
    const second = vkey.indexOf('+', first + 1);
    if (first < 0 || second < 0) {
        throw new NoteError('NOTE_KEY_INVALID', 'verifier key must be <name>+<hex key ID>+<base64 key>');
    }
    const name = vkey.slice(0, first);
    const hint = vkey.slice(first + 1, second);
    const key = decodeStrictBase64(vkey.slice(second + 1));
    if (!/^[0-9a-fA-F]{8}$/.test(hint)) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key ID "${hint}" is not 8 hex digits`);
    }
    if (key === undefined || key.length !== 33 || key[0] !== ED25519_TYPE) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key for ${name} is not base64 of 0x01 followed by a 32-byte Ed25519 key`);
    }
    const publicKey = ed25519PublicKey(key.subarray(1));
    const verifier = noteVerifier(name, publicKey);
    if (!verifier.keyId.subarray(0, HINT_SIZE).equals(Buffer.from(hint, 'hex'))) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key ID ${hint} does not match the key for ${name}`);
    }
    return verifier;
}
/** Signs `text` (which must end with a newline) with every signer, in order. */
function signNote(text, signers) {
    requireNoteText(text);
    if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
        throw new NoteError('NOTE_KEY_INVALID', `a note needs 1 to ${MAX_SIGNATURES} signers, got ${signers.length}`);
    }
    const message = Buffer.from(text, 'utf8');
    const lines = signers.map((signer) => {
        requireKeyName(signer.name);
        requireKeyId(signer.keyId, signer.name);
        const signature = Buffer.concat([signer.keyId.subarray(0, HINT_SIZE), signer.sign(message)]);
        return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(signature)}\n`;
    });
    return `${text}\n${lines.join('')}`;
}
/**
 * Splits a note into its text and signature lines without verifying anything. Bytes are
 * accepted as well as strings so that invalid UTF-8 is rejected rather than replaced.
 */
function parseNote(note) {
    const message = decodeNote(note);
    requireCharacters(message, 'note');
    // Text may itself contain blank lines; the signature block starts after the last one.
    const split = message.lastIndexOf('\n\n');
    if (split < 0)
        throw malformed('note has no blank line before its signatures');
    const block = message.slice(split + 2);
    if (block === '')
        throw malformed('note has no signature lines');
    if (!block.endsWith('\n'))
        throw malformed('last signature line does not end with a newline');
    const lines = block.slice(0, -1).split('\n');
    if (lines.length > MAX_SIGNATURES) {
        throw malformed(`note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);
    }
    return { text: message.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}
/**
 * Verifies a note against trusted keys. A signature line is checked by every verifier with
 * the same name and key hint; if none of them accepts it the whole note is rejected. Lines
 * from unknown keys (e.g. witness cosignatures) are ignored and listed as `unverified`, one
 * entry per distinct line. At least one trusted signature is required.
 */
function openNote(note, verifiers) {
    verifiers.forEach((v) => {
        requireKeyName(v.name);
        requireKeyId(v.keyId, v.name);
    });
    const { text, signatures } = parseNote(note);
    const message = Buffer.from(text, 'utf8');
    const verified = new Map();
    const unverified = new Map();
    for (const { name, keyHint, signature } of signatures) {
        const key = `${name}+${keyHint.toString('hex')}`;
        const candidates = verifiers.filter((v) => v.name === name && v.keyId.subarray(0, HINT_SIZE).equals(keyHint));
        if (candidates.length === 0) {
            unverified.set(`${key}+${signature.toString('base64')}`, name);
        }
        else if (candidates.some((v) => v.verify(message, signature))) {
            verified.set(key, name);
        }
        else {
            throw new NoteError('NOTE_INVALID_SIGNATURE', `signature by trusted key ${key} does not verify`);
        }
    }
    if (verified.size === 0) {
        const signers = signatures.map((s) => `${s.name}+${s.keyHint.toString('hex')}`).join(', ');
        throw new NoteError('NOTE_NO_VERIFIABLE_SIGNATURE', `note has no signature from a trusted key (signed by: ${signers})`);
    }
    return { text, verified: [...verified.values()], unverified: [...unverified.values()] };
}
function parseSignatureLine(line, i) {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw malformed(`${where} does not start with an em dash and a space`);
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    if (!isKeyName(name))
        throw malformed(`${where} has an invalid key name`);
    const bytes = space < 0 ? undefined : decodeStrictBase64(rest.slice(space + 1));
    if (bytes === undefined || bytes.length <= HINT_SIZE) {
        throw malformed(`${where} (${name}) does not end with base64 of a key hint and a signature`);
    }
    return {
        name,
        keyHint: bytes.subarray(0, HINT_SIZE),
        signature: bytes.subarray(HINT_SIZE),
    };
}
function decodeNote(note) {
    if (typeof note === 'string')
        return note;
    try {
        return UTF8.decode(note);
    }
    catch {
        throw malformed('note is not valid UTF-8');
    }
}
/** Only canonical, padded standard base64: one spelling per value, as Go's decoder requires. */
function decodeStrictBase64(text) {
    try {
        const bytes = (0,base64/* fromBase64 */.E)(text);
        return (0,base64/* toBase64 */.n)(bytes) === text ? bytes : undefined;
    }
    catch {
        return undefined;
    }
}
function requireNoteText(text) {
    if (typeof text !== 'string' || !text.endsWith('\n')) {
        throw malformed('note text must end with a newline');
    }
    requireCharacters(text, 'note text');
}
function requireCharacters(text, what) {
    if (FORBIDDEN_CONTROL.test(text)) {
        throw malformed(`${what} contains a control character other than newline`);
    }
    if (LONE_SURROGATE.test(text))
        throw malformed(`${what} is not valid Unicode`);
}
function isKeyName(name) {
    return (name !== '' &&
        !name.includes('+') &&
        !SPACE.test(name) &&
        !FORBIDDEN_CONTROL.test(name) &&
        !LONE_SURROGATE.test(name));
}
function requireKeyName(name) {
    if (typeof name !== 'string' || !isKeyName(name)) {
        throw new NoteError('NOTE_KEY_INVALID', `key name ${JSON.stringify(name)} must be non-empty, without spaces, "+" or control characters`);
    }
}
function requireKeyId(keyId, name) {
    if (!Buffer.isBuffer(keyId) || keyId.length !== KEY_ID_SIZE) {
        throw new NoteError('NOTE_KEY_INVALID', `key ID for ${name} must be ${KEY_ID_SIZE} bytes`);
    }
}
function requireKind(key, type, only) {
    const kind = key.asymmetricKeyType === 'ed25519'
        ? 'ed25519'
        : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
            ? 'p256'
            : undefined;
    if (key.type !== type || kind === undefined || (only !== undefined && kind !== only)) {
        const wanted = only === 'ed25519' ? 'Ed25519' : only === 'p256' ? 'ECDSA P-256' : 'Ed25519 or ECDSA P-256';
        const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
        throw new NoteError('NOTE_KEY_INVALID', `expected an ${wanted} ${type} key, got a ${got.trim()} key`);
    }
    return kind;
}
/** OpenSSL throws on some malformed signatures (e.g. bad DER); that is a failed check too. */
function safeVerify(check) {
    try {
        return check();
    }
    catch {
        return false;
    }
}
function malformed(message) {
    return new NoteError('NOTE_MALFORMED', message);
}
//# sourceMappingURL=note.js.map

/***/ }),

/***/ 43889:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ TrustMaterial),
/* harmony export */   U: () => (/* binding */ isWithin)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _core_base64_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88554);
/* harmony import */ var _core_note_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26512);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(63317);
/* harmony import */ var _bundle_trust_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(26024);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(44005);
/* harmony import */ var _bundle_protojson_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(48050);







/** The protobuf-specs key types of log keys, all of which Node.js imports. */
const KNOWN_KEY_DETAILS = new Set([
    'PKIX_ECDSA_P256_SHA_256',
    'PKIX_ECDSA_P384_SHA_384',
    'PKIX_ECDSA_P521_SHA_512',
    'PKIX_ED25519',
    'PKIX_RSA_PKCS1V15_2048_SHA256',
    'PKIX_RSA_PKCS1V15_3072_SHA256',
    'PKIX_RSA_PKCS1V15_4096_SHA256',
    'PKIX_RSA_PKCS1V5',
    'PKCS1_RSA_PKCS1V5',
]);
const isSkipped = (entry) => 'reason' in entry;
/**
 * Rekor v1 signs its checkpoints in its own note format (rekor pkg/util/signed_note.go): the
 * key name is the instance's configured hostname, which is also the origin's "<name> - <tree
 * ID>" prefix; the key hint is SHA-256 of the log key's SPKI (its log ID) for every key type;
 * ECDSA and RSA sign SHA-256 of the note text, Ed25519 the text itself. The name is the
 * baseUrl's host, with its port when the instance runs on one ("localhost:8000" for
 * http://localhost:8000), or its bare hostname. sigstore-js takes any signature whose hint is
 * the log ID's and whose name occurs in the baseUrl; sigstore-go ignores the name.
 */
function rekorV1CheckpointVerifiers(url, spki, publicKey) {
    const keyId = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(spki).digest();
    const hash = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    const check = (message, signature) => {
        try {
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(hash, message, publicKey, signature);
        }
        catch {
            return false;
        }
    };
    return [...new Set([url.host, url.hostname])].map((name) => ({ name, keyId, verify: check }));
}
/** Whether `at` lies in the window (both ends inclusive). */
const isWithin = (window, at) => window.start.getTime() <= at.getTime() &&
    (window.end === undefined || at.getTime() <= window.end.getTime());
const CHECK = 'trusted root';
const invalid = (message, cause) => new _error_js__WEBPACK_IMPORTED_MODULE_5__/* .VerifyError */ .G('TRUST_ROOT_INVALID', `trusted root: ${message}`, { check: CHECK, cause });
const get = _bundle_protojson_js__WEBPACK_IMPORTED_MODULE_6__/* .field */ .Z;
const object = (value, path) => (0,_bundle_protojson_js__WEBPACK_IMPORTED_MODULE_6__/* .jsonObject */ .o)(value, path, invalid);
function list(from, camel, path) {
    const value = get(from, camel) ?? [];
    if (!Array.isArray(value))
        throw invalid(`${path}.${camel} must be an array`);
    return value;
}
function text(from, camel, path) {
    const value = get(from, camel);
    if (typeof value !== 'string' || value === '') {
        throw invalid(`${path}.${camel} must be a non-empty string`);
    }
    return value;
}
function bytes(from, camel, path) {
    const value = text(from, camel, path);
    try {
        return (0,_core_base64_js__WEBPACK_IMPORTED_MODULE_1__/* .fromBase64 */ .E)(value, `${path}.${camel}`);
    }
    catch (error) {
        throw invalid(`${path}.${camel} is not valid base64`, error);
    }
}
function time(value, path) {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
        throw invalid(`${path} must be an RFC 3339 time`);
    }
    return date;
}
/**
 * sigstore-go requires `validFor.start` on log keys; authorities may omit the window. A null
 * window is already unset here (`field` reads null as protojson does).
 */
function validFor(value, path, required) {
    if (value === undefined) {
        if (required)
            throw invalid(`${path} is missing`);
        return { start: new Date(0) };
    }
    const window = object(value, path);
    const start = get(window, 'start');
    if (start === undefined && required)
        throw invalid(`${path}.start is missing`);
    const parsed = {
        start: start === undefined ? new Date(0) : time(start, `${path}.start`),
    };
    const end = get(window, 'end');
    if (end !== undefined)
        parsed.end = time(end, `${path}.end`);
    return parsed;
}
function parseLog(value, path) {
    const log = object(value, path);
    const baseUrl = text(log, 'baseUrl', path);
    let url;
    try {
        url = new URL(baseUrl);
    }
    catch (error) {
        throw invalid(`${path}.baseUrl ${JSON.stringify(baseUrl)} is not a URL`, error);
    }
    const origin = url.hostname;
    const hashAlgorithm = get(log, 'hashAlgorithm');
    if (hashAlgorithm !== undefined && hashAlgorithm !== 'SHA2_256') {
        throw invalid(`${path}.hashAlgorithm must be SHA2_256, got ${JSON.stringify(hashAlgorithm)}`);
    }
    const keyPath = `${path}.publicKey`;
    const key = object(get(log, 'publicKey'), keyPath);
    const raw = bytes(key, 'rawBytes', keyPath);
    const keyDetails = typeof get(key, 'keyDetails') === 'string' ? get(key, 'keyDetails') : '';
    // Early roots give RSA CT keys as a PKCS#1 RSAPublicKey (keyDetails PKCS1_RSA_*), not as
    // SPKI; the log ID is still SHA-256 of the SPKI form, so the SPKI is what is kept.
    const pkcs1 = keyDetails.startsWith('PKCS1_');
    let publicKey;
    try {
        publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: raw, format: 'der', type: pkcs1 ? 'pkcs1' : 'spki' });
    }
    catch (error) {
        // A key type this verifier has never heard of (a newer root) costs that one log, not the
        // whole root: bundles from the other logs still verify, and these fail as untrusted.
        if (keyDetails !== '' && !KNOWN_KEY_DETAILS.has(keyDetails)) {
            return { path, reason: `key type ${keyDetails} cannot be imported by Node.js` };
        }
        throw invalid(`${keyPath}.rawBytes is not a DER ${pkcs1 ? 'PKCS#1 RSA public key' : 'SubjectPublicKeyInfo'}`, error);
    }
    const spki = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .spkiOf */ .Bb)(publicKey);
    // sjs prefers checkpointKeyId over logId; when both are set they must agree (§4.8).
    const logId = bytes(object(get(log, 'logId'), `${path}.logId`), 'keyId', `${path}.logId`);
    const checkpointKeyId = get(log, 'checkpointKeyId');
    if (checkpointKeyId !== undefined) {
        const id = bytes(object(checkpointKeyId, `${path}.checkpointKeyId`), 'keyId', path);
        if (!id.equals(logId))
            throw invalid(`${path}.checkpointKeyId differs from its logId`);
    }
    let rekorV2Checkpoint = [];
    try {
        rekorV2Checkpoint = [(0,_core_note_js__WEBPACK_IMPORTED_MODULE_2__/* .noteVerifier */ .P8)(origin, publicKey)];
    }
    catch {
        // A key type that signs no C2SP notes (RSA, P-384): a Rekor v1 or CT key.
    }
    return {
        baseUrl,
        origin,
        logId,
        spki,
        publicKey,
        keyDetails,
        validFor: validFor(get(key, 'validFor'), `${keyPath}.validFor`, true),
        rekorV2Checkpoint,
        rekorV1Checkpoint: rekorV1CheckpointVerifiers(url, spki, publicKey),
    };
}
function parseAuthority(value, path) {
    const authority = object(value, path);
    const chainPath = `${path}.certChain`;
    const certificates = list(object(get(authority, 'certChain'), chainPath), 'certificates', chainPath);
    if (certificates.length === 0)
        throw invalid(`${chainPath}.certificates is empty`);
    const chain = certificates.map((c, i) => {
        const der = bytes(object(c, `${chainPath}.certificates[${i}]`), 'rawBytes', chainPath);
        try {
            return (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .parseCertificate */ .hB)(der);
        }
        catch (error) {
            throw invalid(`${chainPath}.certificates[${i}] is not a DER certificate`, error);
        }
    });
    let keys;
    try {
        keys = chain.map(_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .certificatePublicKey */ .Gm);
    }
    catch (error) {
        throw invalid(`${chainPath} has a certificate with an unsupported key`, error);
    }
    return {
        uri: typeof get(authority, 'uri') === 'string' ? get(authority, 'uri') : '',
        chain,
        keys,
        validFor: validFor(get(authority, 'validFor'), `${path}.validFor`, false),
    };
}
/**
 * Checks each link of a trusted chain once (certificate i signed by i+1, issuers CAs allowed
 * to sign certificates). The last certificate is the anchor and is taken as given. The result
 * is cached per authority, so a broken entry fails every bundle that would rely on it but
 * costs nothing for the others.
 */
function verifyLinks(authority) {
    for (let i = 0; i + 1 < authority.chain.length; i++) {
        const cert = authority.chain[i];
        const issuer = authority.chain[i + 1];
        const where = `certificate "${(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .describeName */ .T_)(cert.subject)}"`;
        if (!cert.issuer.equals(issuer.subject)) {
            return `${where} is not issued by the next certificate in the chain`;
        }
        if (!(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .verifyCertificateSignature */ .XA)(cert, authority.keys[i + 1])) {
            return `${where}: signature does not verify with the key of "${(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .describeName */ .T_)(issuer.subject)}"`;
        }
        const bc = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .findExtension */ .bW)(issuer, _core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .OID */ .Vx.basicConstraints);
        if (!bc || !(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .parseBasicConstraints */ ._P)(bc.value).ca) {
            return `"${(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .describeName */ .T_)(issuer.subject)}" is not a CA`;
        }
        const ku = (0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .findExtension */ .bW)(issuer, _core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .OID */ .Vx.keyUsage);
        if (ku && !(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .parseKeyUsage */ .UG)(ku.value).has('keyCertSign')) {
            return `"${(0,_core_x509_js__WEBPACK_IMPORTED_MODULE_3__/* .describeName */ .T_)(issuer.subject)}" may not sign certificates`;
        }
    }
    return undefined;
}
class TrustMaterial {
    tlogs;
    ctlogs;
    certificateAuthorities;
    timestampAuthorities;
    /** Log entries left out because their key type is unknown here (see SkippedEntry). */
    skipped;
    #tlogById;
    #ctlogsById;
    /** Per authority: undefined when its chain links verify, else why not. */
    #links = new WeakMap();
    constructor(parts) {
        this.tlogs = parts.tlogs;
        this.skipped = parts.skipped;
        this.ctlogs = parts.ctlogs;
        this.certificateAuthorities = parts.certificateAuthorities;
        this.timestampAuthorities = parts.timestampAuthorities;
        this.#tlogById = new Map(parts.tlogs.map((log) => [log.logId.toString('hex'), log]));
        this.#ctlogsById = new Map();
        for (const log of parts.ctlogs) {
            const id = log.logId.toString('hex');
            this.#ctlogsById.set(id, [...(this.#ctlogsById.get(id) ?? []), log]);
        }
    }
    /** Reads trusted_root.json (already JSON-parsed); TRUST_ROOT_INVALID naming the field otherwise. */
    static fromTrustedRoot(json) {
        const root = object(json, 'trusted root');
        const mediaType = get(root, 'mediaType');
        // sigstore-go accepts only this exact string; a look-alike is refused rather than guessed at.
        if (mediaType !== _bundle_trust_js__WEBPACK_IMPORTED_MODULE_4__/* .TRUSTED_ROOT_MEDIA_TYPE */ .x1) {
            throw invalid(`mediaType must be ${JSON.stringify(_bundle_trust_js__WEBPACK_IMPORTED_MODULE_4__/* .TRUSTED_ROOT_MEDIA_TYPE */ .x1)}, got ${JSON.stringify(mediaType)}`);
        }
        const tlogs = list(root, 'tlogs', 'trusted root').map((l, i) => parseLog(l, `tlogs[${i}]`));
        const ctlogs = list(root, 'ctlogs', 'trusted root').map((l, i) => parseLog(l, `ctlogs[${i}]`));
        const usable = (logs) => logs.filter((log) => !isSkipped(log));
        return new TrustMaterial({
            tlogs: usable(tlogs),
            ctlogs: usable(ctlogs),
            skipped: [...tlogs, ...ctlogs].filter(isSkipped),
            certificateAuthorities: list(root, 'certificateAuthorities', 'trusted root').map((a, i) => parseAuthority(a, `certificateAuthorities[${i}]`)),
            timestampAuthorities: list(root, 'timestampAuthorities', 'trusted root').map((a, i) => parseAuthority(a, `timestampAuthorities[${i}]`)),
        });
    }
    /** The transparency log with this log ID, if trusted. */
    tlog(logId) {
        return this.#tlogById.get(logId.toString('hex'));
    }
    /** The CT log keys with this log ID (a rotated key may appear with several windows). */
    ctlogsById(logId) {
        return this.#ctlogsById.get(logId.toString('hex')) ?? [];
    }
    /** Why the authority's own chain is broken, or undefined when every link verifies (cached). */
    chainProblem(authority) {
        let cached = this.#links.get(authority);
        if (cached === undefined) {
            cached = { problem: verifyLinks(authority) };
            this.#links.set(authority, cached);
        }
        return cached.problem;
    }
}
//# sourceMappingURL=trust.js.map

/***/ })

};
