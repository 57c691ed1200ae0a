export const id = 347;
export const ids = [347];
export const modules = {

/***/ 44814:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dG: () => (/* binding */ signRun)
});

// UNUSED EXPORTS: DEFAULT_CONCURRENCY, buildBundle, publicKeyHint

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/src/bundle/bundle.js
var bundle = __webpack_require__(44284);
// EXTERNAL MODULE: ./build/src/bundle/signing-config.js
var signing_config = __webpack_require__(25904);
// EXTERNAL MODULE: ./build/src/core/base64.js
var base64 = __webpack_require__(88554);
// EXTERNAL MODULE: ./build/src/core/pem.js
var core_pem = __webpack_require__(55887);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(63317);
// EXTERNAL MODULE: ./build/src/oidc/error.js
var error = __webpack_require__(93);
// EXTERNAL MODULE: ./build/src/core/http.js
var core_http = __webpack_require__(29001);
;// CONCATENATED MODULE: ./build/src/ca/client.js





/**
 * Fulcio v2 client (protocols.md §1.2-1.4): a short-lived certificate for a signer's key,
 * proven by signing the identity the CA will certify.
 */
const SIGNING_CERT_PATH = '/api/v2/signingCert';
/**
 * The identity the CA checks the proof of possession against, read from the unverified token
 * as sigstore-js and sigstore-go read it: `email` when the token has one, else `sub`. (The CA
 * verifies the token; nothing here trusts its contents.) Unlike sigstore-js, an `email` with
 * `email_verified` not true is not refused here: the CA decides, and says why.
 */
function proofSubject(token) {
    const parts = token.split('.');
    const fail = (why) => new error/* OidcError */.u('TOKEN_MALFORMED', `the identity token cannot be used: ${why}`);
    if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') {
        throw fail(`it is not a compact JWT (header.payload.signature)`);
    }
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        throw fail('its payload is not base64url JSON');
    }
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw fail('its payload is not a JSON object');
    }
    const { email, sub } = claims;
    if (email !== undefined) {
        if (typeof email !== 'string' || email === '')
            throw fail('its email claim is not a string');
        return email;
    }
    if (typeof sub !== 'string' || sub === '')
        throw fail('it has neither an email nor a sub claim');
    return sub;
}
/** Requests a signing certificate for `signer`'s key. */
async function requestCertificate(req) {
    const subject = proofSubject(req.token);
    const proof = await req.signer.sign(Buffer.from(subject, 'utf8'));
    const url = `${req.url.replace(/\/+$/, '')}${SIGNING_CERT_PATH}`;
    const { json } = await (0,core_http/* postJson */.B2)({
        url,
        what: 'certificate authority',
        // The header rather than the body, as sigstore-go sends it: one place to keep out of logs.
        headers: { authorization: `Bearer ${req.token}` },
        body: {
            publicKeyRequest: {
                publicKey: { algorithm: 'ECDSA', content: (0,core_pem/* toPem */.sg)('PUBLIC KEY', req.signer.publicKey) },
                proofOfPossession: (0,base64/* toBase64 */.n)(proof),
            },
        },
    }, req.http);
    const issued = parseSigningCertificate(json, url);
    let leafKey;
    try {
        leafKey = (0,x509/* parseCertificate */.hB)(issued.chain[0]).publicKey;
    }
    catch (error) {
        throw new core_http/* HttpError */.j$('RESPONSE_INVALID', `the certificate authority at ${url} sent a leaf that is not a valid certificate: ${error.message}`, { cause: error });
    }
    if (!leafKey.equals(req.signer.publicKey)) {
        throw new core_http/* HttpError */.j$('RESPONSE_INVALID', `the certificate authority at ${url} certified a different key than ${req.signer.ref}`);
    }
    return issued;
}
/** Reads a `SigningCertificate` answer (embedded SCT preferred, detached accepted). */
function parseSigningCertificate(json, url) {
    const fail = (why) => new core_http/* HttpError */.j$('RESPONSE_INVALID', `the certificate authority at ${url} answered ${why}`);
    if (typeof json !== 'object' || json === null)
        throw fail('with something that is not an object');
    const answer = json;
    const embedded = answer.signedCertificateEmbeddedSct;
    const detached = answer.signedCertificateDetachedSct;
    const chosen = embedded ?? detached;
    if (typeof chosen !== 'object' || chosen === null) {
        throw fail('with neither signedCertificateEmbeddedSct nor signedCertificateDetachedSct');
    }
    const pems = chosen.chain?.certificates;
    if (!Array.isArray(pems) || pems.length === 0)
        throw fail('with an empty certificate chain');
    const chain = pems.map((pem, i) => {
        const blocks = typeof pem === 'string' ? (0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE') : [];
        if (blocks.length !== 1 || blocks[0] === undefined) {
            throw fail(`with chain element ${i} that is not one PEM certificate`);
        }
        return blocks[0].der;
    });
    if (embedded !== undefined)
        return { chain };
    const sct = chosen.signedCertificateTimestamp;
    if (typeof sct !== 'string')
        throw fail('a detached SCT without signedCertificateTimestamp');
    try {
        return { chain, detachedSct: (0,base64/* fromBase64 */.E)(sct, 'signedCertificateTimestamp') };
    }
    catch {
        throw fail('a detached SCT that is not base64');
    }
}
//# sourceMappingURL=client.js.map
// EXTERNAL MODULE: ./build/src/core/prehash.js + 1 modules
var prehash = __webpack_require__(89361);
// EXTERNAL MODULE: ./build/src/kms/signer.js
var kms_signer = __webpack_require__(70081);
// EXTERNAL MODULE: ./build/src/core/canonical-json.js
var canonical_json = __webpack_require__(72462);
// EXTERNAL MODULE: ./build/src/tlog/error.js
var tlog_error = __webpack_require__(21802);
// EXTERNAL MODULE: ./build/src/tlog/rekor.js
var rekor = __webpack_require__(15111);
;// CONCATENATED MODULE: ./build/src/tlog/client.js







/**
 * Rekor v2 client (protocols.md §4.2-4.5): logs a hashedrekord v0.0.2 entry and returns the
 * TransparencyLogEntry that goes into a bundle as is.
 */
const LOG_ENTRIES_PATH = '/api/v2/log/entries';
/** keyDetails and digest algorithm by curve: the defaults sigstore-go reconstructs entries with. */
const EC_KEY_DETAILS = {
    prime256v1: { keyDetails: 'PKIX_ECDSA_P256_SHA_256', hash: 'SHA2_256' },
    secp384r1: { keyDetails: 'PKIX_ECDSA_P384_SHA_384', hash: 'SHA2_384' },
    secp521r1: { keyDetails: 'PKIX_ECDSA_P521_SHA_512', hash: 'SHA2_512' },
};
/** Builds a `hashedRekordRequestV002` and the canonical entry it should produce. */
function hashedRekordRequest(input) {
    if ((input.certificate === undefined) === (input.publicKey === undefined)) {
        throw new TypeError('hashedRekordRequest needs exactly one of certificate or publicKey');
    }
    const spki = input.certificate !== undefined
        ? (0,x509/* parseCertificate */.hB)(input.certificate).publicKey
        : Buffer.from(input.publicKey);
    let profile;
    try {
        const key = (0,prehash/* parseSpki */.FP)(spki);
        if (key.kind === 'ec')
            profile = EC_KEY_DETAILS[key.curve];
    }
    catch (error) {
        if (!(error instanceof prehash/* PrehashError */.e4))
            throw error;
    }
    if (profile === undefined) {
        throw new tlog_error/* TlogError */.v('ENTRY_UNSUPPORTED', 'only ECDSA P-256, P-384 and P-521 keys can be logged as hashedrekord entries here');
    }
    const verifier = input.certificate !== undefined
        ? {
            keyDetails: profile.keyDetails,
            x509Certificate: { rawBytes: (0,base64/* toBase64 */.n)(input.certificate) },
        }
        : { keyDetails: profile.keyDetails, publicKey: { rawBytes: (0,base64/* toBase64 */.n)(spki) } };
    const signature = { content: (0,base64/* toBase64 */.n)(input.signature), verifier };
    const digest = (0,base64/* toBase64 */.n)(input.digest);
    const expectedBody = (0,canonical_json/* canonicalize */.d)({
        apiVersion: rekor/* HASHEDREKORD */.d6.version,
        kind: rekor/* HASHEDREKORD */.d6.kind,
        spec: { hashedRekordV002: { data: { algorithm: profile.hash, digest }, signature } },
    });
    return { request: { hashedRekordRequestV002: { digest, signature } }, expectedBody };
}
/**
 * Logs the entry. Only 201 is success (rekor-tiles' own client requires exactly that). A 409
 * means an identical entry is already logged, which a fresh ECDSA signature never is, unless
 * a retried request was in fact accepted the first time; the message says so.
 */
async function createEntry(options) {
    const url = `${options.url.replace(/\/+$/, '')}${LOG_ENTRIES_PATH}`;
    let json;
    try {
        ({ json } = await (0,core_http/* postJson */.B2)({ url, what: 'transparency log', body: options.request.request, expect: [201] }, options.http));
    }
    catch (error) {
        if (error instanceof core_http/* HttpError */.j$ && error.status === 409) {
            throw new core_http/* HttpError */.j$('SERVICE_REFUSED', `${error.message} (the same entry is already in the log, perhaps from an earlier attempt whose answer was lost; sign again)`, { cause: error });
        }
        throw error;
    }
    return checkEntry(json, options.request.expectedBody, url);
}
/** The shape checks a bundle needs, and that the log logged exactly what was asked. */
function checkEntry(json, expectedBody, url) {
    const fail = (why) => new core_http/* HttpError */.j$('RESPONSE_INVALID', `the transparency log at ${url} answered ${why}`);
    if (typeof json !== 'object' || json === null)
        throw fail('with something that is not an object');
    const entry = json;
    const decimal = (value) => (typeof value === 'string' && /^\d+$/.test(value)) ||
        (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
    if (!decimal(entry.logIndex))
        throw fail('without a logIndex');
    const logId = entry.logId;
    if (typeof logId?.keyId !== 'string')
        throw fail('without logId.keyId');
    const kindVersion = entry.kindVersion;
    if (kindVersion?.kind !== rekor/* HASHEDREKORD */.d6.kind || kindVersion.version !== rekor/* HASHEDREKORD */.d6.version) {
        throw fail(`kindVersion ${JSON.stringify(kindVersion)} instead of hashedrekord 0.0.2`);
    }
    const proof = entry.inclusionProof;
    const checkpoint = proof?.checkpoint;
    if (!proof ||
        !decimal(proof.logIndex) ||
        !decimal(proof.treeSize) ||
        typeof proof.rootHash !== 'string' ||
        !Array.isArray(proof.hashes) ||
        typeof checkpoint?.envelope !== 'string') {
        throw fail('without a complete inclusion proof and checkpoint');
    }
    if (typeof entry.canonicalizedBody !== 'string')
        throw fail('without canonicalizedBody');
    let body;
    try {
        body = (0,base64/* fromBase64 */.E)(entry.canonicalizedBody, 'canonicalizedBody').toString('utf8');
    }
    catch {
        throw fail('with a canonicalizedBody that is not base64');
    }
    // Verifiers rebuild this body from the bundle (sigstore-go does), so a log that recorded
    // anything else would make a bundle that cannot verify.
    if (body !== expectedBody)
        throw fail('with an entry other than the one requested');
    const result = {
        logIndex: String(entry.logIndex),
        logId: { keyId: logId.keyId },
        kindVersion: { kind: rekor/* HASHEDREKORD */.d6.kind, version: rekor/* HASHEDREKORD */.d6.version },
        ...(entry.integratedTime !== undefined &&
            entry.integratedTime !== null && { integratedTime: String(entry.integratedTime) }),
        inclusionProof: {
            logIndex: String(proof.logIndex),
            rootHash: proof.rootHash,
            treeSize: String(proof.treeSize),
            hashes: proof.hashes.map((h) => {
                if (typeof h !== 'string')
                    throw fail('with an inclusion proof hash that is not a string');
                return h;
            }),
            checkpoint: { envelope: checkpoint.envelope },
        },
        canonicalizedBody: entry.canonicalizedBody,
    };
    return result;
}
//# sourceMappingURL=client.js.map
// EXTERNAL MODULE: ./build/src/tsa/error.js
var tsa_error = __webpack_require__(67096);
// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(93218);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __webpack_require__(50279);
// EXTERNAL MODULE: ./build/src/tsa/oids.js
var oids = __webpack_require__(9865);
;// CONCATENATED MODULE: ./build/src/tsa/request.js





/** Upstream's exact messages for the two most common refusals, which clients may match on. */
const WEAK_HASH_MESSAGE = 'Weak hash algorithm in timestamp request';
const DIGEST_LENGTH_MESSAGE = 'Message digest has incorrect length for specified algorithm';
const DOTTED_OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const VERSION_1 = (0,der/* integer */.nd)(1);
/** A MessageImprint with NULL hash parameters, the form sigstore clients and Go send. */
function encodeMessageImprint(hashAlgorithm, hashedMessage) {
    return (0,der/* sequence */.K2)((0,der/* sequence */.K2)((0,der/* oid */.jq)(oids/* HASH_ALGORITHMS */.UH[hashAlgorithm].oid), (0,der/* nullValue */.Pv)()), (0,der/* octetString */.J8)(hashedMessage));
}
function checkDigest(hashAlgorithm, hashedMessage) {
    if (hashedMessage.length !== oids/* HASH_ALGORITHMS */.UH[hashAlgorithm].length) {
        throw new tsa_error/* TsaError */.P('DIGEST_LENGTH_MISMATCH', DIGEST_LENGTH_MESSAGE);
    }
}
function hashFromOid(hashOid) {
    if (hashOid === TSA_OID.sha1)
        throw new TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
    const hash = hashAlgorithmByOid(hashOid);
    if (!hash) {
        throw new TsaError('UNSUPPORTED_HASH_ALGORITHM', `unsupported hash algorithm ${hashOid} in timestamp request (use sha256, sha384 or sha512)`);
    }
    return hash;
}
/**
 * The supported hashes by their encoded OID: matching the request's bytes saves decoding the
 * OID to a dotted string on every request (what the refusals above still do).
 */
const HASH_BY_DER = Object.keys(oids/* HASH_ALGORITHMS */.UH).map((name) => [(0,der/* oid */.jq)(oids/* HASH_ALGORITHMS */.UH[name].oid), name]);
function hashOf(node) {
    for (const [der, name] of HASH_BY_DER)
        if (node.raw.equals(der))
            return name;
    return hashFromOid(node.toOid('hashAlgorithm'));
}
/** MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING } */
function parseMessageImprint(node) {
    const [algorithm, digest, extra] = node.expect(Tag.SEQUENCE, 'messageImprint').children();
    if (!algorithm || !digest || extra) {
        throw new CoreError('DER_INVALID', 'messageImprint: expected hashAlgorithm and hashedMessage');
    }
    const [hashOid, params, extraParam] = algorithm.expect(Tag.SEQUENCE, 'hashAlgorithm').children();
    if (!hashOid || extraParam || (params && (params.tag !== Tag.NULL || params.value.length > 0))) {
        throw new CoreError('DER_INVALID', 'hashAlgorithm: parameters must be absent or NULL');
    }
    const hashAlgorithm = hashOf(hashOid.expect(Tag.OID, 'hashAlgorithm'));
    const hashedMessage = digest.expect(Tag.OCTET_STRING, 'hashedMessage').value;
    checkDigest(hashAlgorithm, hashedMessage);
    return { hashAlgorithm, hashedMessage, messageImprint: node.raw, certReq: false };
}
/** Rejects critical extensions (we implement none) and malformed ones; ignores the rest. */
function checkRequestExtensions(node) {
    for (const ext of node.children()) {
        const fields = ext.expect(Tag.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        const last = fields[fields.length - 1];
        if (!extOid || fields.length < 2 || fields.length > 3 || last?.tag !== Tag.OCTET_STRING) {
            throw new CoreError('DER_INVALID', 'request extension: malformed Extension');
        }
        if (fields.length === 3 && fields[1].toBoolean('critical')) {
            throw new TsaError('UNACCEPTED_EXTENSION', `critical request extension ${extOid} is not supported by this TSA`);
        }
    }
}
/**
 * Parses a DER TimeStampReq (RFC 3161 §2.4.1) strictly: version 1, a supported hash with a
 * digest of the right length, nothing unknown and nothing after the structure.
 */
function parseTimestampRequest(der) {
    try {
        const fields = parseDer(der).expect(Tag.SEQUENCE, 'TimeStampReq').children();
        const versionNode = fields[0];
        if (versionNode === undefined)
            throw new CoreError('DER_INVALID', 'TimeStampReq: empty');
        // The one accepted encoding (02 01 01) first; anything else is decoded for its refusal.
        const version = versionNode.raw.equals(VERSION_1) ? 1n : versionNode.toBigInt('version');
        if (version !== 1n) {
            throw new TsaError('UNSUPPORTED_VERSION', `unsupported TimeStampReq version ${version} (expected 1)`);
        }
        const imprintNode = fields[1];
        if (!imprintNode)
            throw new CoreError('DER_INVALID', 'TimeStampReq: missing messageImprint');
        const request = parseMessageImprint(imprintNode);
        let i = 2;
        if (fields[i]?.tag === Tag.OID)
            request.policy = fields[i++].toOid('reqPolicy');
        if (fields[i]?.tag === Tag.INTEGER)
            request.nonce = fields[i++].toBigInt('nonce');
        // An explicit FALSE is a DER violation (it is the DEFAULT) but harmless, and some BER-minded
        // encoders emit it; refusing would only break those clients.
        if (fields[i]?.tag === Tag.BOOLEAN)
            request.certReq = fields[i++].toBoolean('certReq');
        if (fields[i]?.tag === 0xa0)
            checkRequestExtensions(fields[i++]);
        const unexpected = fields[i];
        if (unexpected) {
            throw new CoreError('DER_INVALID', `TimeStampReq: unexpected field with tag 0x${unexpected.tag.toString(16)}`);
        }
        return request;
    }
    catch (error) {
        if (error instanceof CoreError) {
            throw new TsaError('REQUEST_MALFORMED', `malformed timestamp request: ${error.message}`, {
                cause: error,
            });
        }
        throw error;
    }
}
const malformedJson = (message) => new TsaError('REQUEST_MALFORMED', `malformed JSON timestamp request: ${message}`);
/**
 * Validates the JSON form (`{"artifactHash", "hashAlgorithm", "certificates"?, "nonce"?,
 * "tsaPolicyOID"?}`) given as text/bytes or as an already-parsed value. Unknown members are
 * ignored, as upstream's Go decoder does. Nonces must be exact: numbers beyond 2^53 lose digits in
 * JSON.parse, so they are refused unless the caller's parser produced a bigint.
 */
function parseJsonTimestampRequest(body) {
    let value = body;
    if (typeof body === 'string' || body instanceof Uint8Array) {
        try {
            value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
        }
        catch (error) {
            throw malformedJson(error.message);
        }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw malformedJson('expected a JSON object');
    }
    const json = value;
    const { artifactHash, hashAlgorithm, certificates, nonce, tsaPolicyOID } = json;
    if (typeof hashAlgorithm !== 'string')
        throw malformedJson('hashAlgorithm must be a string');
    if (hashAlgorithm.toLowerCase() === 'sha1') {
        throw new TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
    }
    if (!isHashAlgorithm(hashAlgorithm)) {
        throw new TsaError('UNSUPPORTED_HASH_ALGORITHM', `unsupported hashAlgorithm "${hashAlgorithm}" (use sha256, sha384 or sha512)`);
    }
    if (typeof artifactHash !== 'string' || artifactHash === '') {
        throw malformedJson('artifactHash must be a non-empty base64 string');
    }
    let hashedMessage;
    try {
        hashedMessage = fromBase64(artifactHash, 'artifactHash');
    }
    catch (error) {
        throw malformedJson(error.message);
    }
    checkDigest(hashAlgorithm, hashedMessage);
    const request = {
        hashAlgorithm,
        hashedMessage,
        messageImprint: encodeMessageImprint(hashAlgorithm, hashedMessage),
        certReq: false,
    };
    if (certificates !== undefined) {
        if (typeof certificates !== 'boolean')
            throw malformedJson('certificates must be a boolean');
        request.certReq = certificates;
    }
    if (nonce !== undefined) {
        if (typeof nonce === 'bigint' ? nonce < 0n : !Number.isSafeInteger(nonce) || nonce < 0) {
            throw malformedJson('nonce must be a non-negative integer below 2^53');
        }
        request.nonce = BigInt(nonce);
    }
    if (tsaPolicyOID !== undefined) {
        if (typeof tsaPolicyOID !== 'string' || !DOTTED_OID.test(tsaPolicyOID)) {
            throw malformedJson('tsaPolicyOID must be a dotted OID string');
        }
        request.policy = tsaPolicyOID;
    }
    return request;
}
/** Encodes a DER TimeStampReq, as a client sends it. */
function encodeTimestampRequest(opts) {
    checkDigest(opts.hashAlgorithm, Buffer.from(opts.hashedMessage));
    const fields = [(0,der/* integer */.nd)(1), encodeMessageImprint(opts.hashAlgorithm, opts.hashedMessage)];
    if (opts.policy !== undefined)
        fields.push((0,der/* oid */.jq)(opts.policy));
    if (opts.nonce !== undefined)
        fields.push((0,der/* integer */.nd)(opts.nonce));
    if (opts.certReq)
        fields.push((0,der/* boolean */.zM)(true));
    return (0,der/* sequence */.K2)(...fields);
}
//# sourceMappingURL=request.js.map
// EXTERNAL MODULE: ./build/src/tsa/response.js
var tsa_response = __webpack_require__(65439);
;// CONCATENATED MODULE: ./build/src/tsa/client.js





/** A random positive 63-bit nonce: replay protection that every INTEGER parser handles. */
const newNonce = () => (0,external_node_crypto_.randomBytes)(8).readBigUInt64BE() >> 1n;
async function timestamp(options) {
    const hashedMessage = (0,external_node_crypto_.createHash)('sha256').update(options.signature).digest();
    const nonce = newNonce();
    const response = await (0,core_http/* request */.Em)({
        method: 'POST',
        url: options.url,
        what: 'timestamp authority',
        headers: {
            'content-type': 'application/timestamp-query',
            accept: 'application/timestamp-reply',
        },
        body: encodeTimestampRequest({
            hashAlgorithm: 'sha256',
            hashedMessage,
            nonce,
            certReq: true,
        }),
        // sigstore/timestamp-authority answers 201 when run with --use-http-201.
        expect: [200, 201],
    }, options.http);
    const fail = (code, why) => new tsa_error/* TsaError */.P(code, `the timestamp authority at ${options.url} answered ${why}`);
    const parsed = (0,tsa_response/* parseTimeStampResponse */.n_)(response.body);
    if (parsed.status !== tsa_response/* PkiStatus */.tm.granted && parsed.status !== tsa_response/* PkiStatus */.tm.grantedWithMods) {
        const reason = parsed.statusString?.join('; ');
        throw fail('NOT_GRANTED', `with status ${parsed.status}${reason ? `: ${reason}` : ''}`);
    }
    const info = parsed.token?.tstInfo;
    if (info === undefined)
        throw fail('NOT_GRANTED', 'granted but without a timestamp token');
    if (info.hashAlgorithm !== 'sha256' || !info.hashedMessage.equals(hashedMessage)) {
        throw fail('IMPRINT_MISMATCH', 'with a timestamp over other bytes than the signature');
    }
    if (info.nonce !== nonce) {
        throw fail('NONCE_MISMATCH', `with nonce ${info.nonce ?? 'none'} instead of ${nonce}`);
    }
    return parsed.raw;
}
//# sourceMappingURL=client.js.map
// EXTERNAL MODULE: ./build/src/sign/error.js
var sign_error = __webpack_require__(5409);
;// CONCATENATED MODULE: ./build/src/sign/run.js











/**
 * A signing run, whatever is signed (files as message signatures, in-toto statements as DSSE
 * envelopes): each item signed keyless (one ephemeral P-256 key and one certificate for the
 * whole run) and, when a key is given, again by that key; every signature timestamped and
 * logged as a hashedrekord over what it signs, each half becoming one Sigstore bundle v0.3
 * per item. Nothing is written or pushed here: the caller's `verifyBeforeWrite` sees every
 * bundle first.
 */
/** Items signed at once per half: log appends wait for a checkpoint, so overlap them. */
const DEFAULT_CONCURRENCY = 8;
/**
 * The `publicKey.hint` of key bundles: base64 SHA-256 of the DER SubjectPublicKeyInfo, so a
 * verifier holding several keys can tell which one to try (it is not trusted for anything).
 */
const publicKeyHint = (spki) => (0,external_node_crypto_.createHash)('sha256').update(spki).digest('base64');
const DIGEST_NAMES = {
    'ecdsa-p256-sha256': 'SHA2_256',
    'ecdsa-p384-sha384': 'SHA2_384',
};
/**
 * Signs `items` with both halves; `wrap` turns item i's bundle of a half into the caller's
 * result type (adding paths or names).
 */
async function signRun(items, options, wrap) {
    if (options.token === undefined && options.kms === undefined) {
        throw new sign_error/* SignError */.u('OPTIONS_INVALID', 'nothing to sign with: give an identity token, a key, or both');
    }
    const services = (0,signing_config/* selectServices */.Zo)(options.signingConfig, options.now);
    options.onServices?.(services);
    // A failing half cancels the other's requests, so the run fails fast and leaves nothing
    // running behind it.
    const controller = new AbortController();
    const http = {
        ...options.http,
        signal: options.http?.signal
            ? AbortSignal.any([options.http.signal, controller.signal])
            : controller.signal,
    };
    const run = (half) => half.catch((error) => {
        controller.abort(error);
        throw error;
    });
    const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
    const half = (kind, signer, material) => mapLimit(items, limit, (item, index) => signOne(kind, signer, material, item, index, services, http));
    const keyless = options.token !== undefined
        ? run(keylessHalf(options.token, services, http, half))
        : Promise.resolve(undefined);
    const key = options.kms !== undefined
        ? run(half('key', options.kms, { publicKey: options.kms.publicKey }))
        : Promise.resolve([]);
    const [keylessResult, keyResult] = await Promise.allSettled([keyless, key]);
    // Report the failure that caused the cancellation, not the cancellation it caused.
    const failures = [keylessResult, keyResult].flatMap((r) => r.status === 'rejected' ? [r.reason] : []);
    const cause = failures.find((e) => !(e instanceof core_http/* HttpError */.j$ && e.code === 'ABORTED')) ?? failures[0];
    if (failures.length > 0)
        throw cause;
    const keylessValue = keylessResult.value;
    const keyValue = keyResult.value;
    const made = [...(keylessValue?.made ?? []), ...keyValue];
    const bundles = made.map((m) => wrap(m.index, m.kind, m.bundle));
    if (options.verifyBeforeWrite !== undefined) {
        for (const [i, signed] of bundles.entries()) {
            const { kind, index } = made[i];
            try {
                await options.verifyBeforeWrite(signed);
            }
            catch (error) {
                throw new sign_error/* SignError */.u('BUNDLE_INVALID', `the ${kind} bundle for ${items[index].name} did not verify, so nothing was written: ${error.message}`, { cause: error });
            }
        }
    }
    return {
        bundles,
        ...(keylessValue !== undefined && { certificateChain: keylessValue.chain }),
    };
}
async function keylessHalf(token, services, http, half) {
    const signer = (0,kms_signer/* ephemeralSigner */.Qq)('P-256');
    const issued = await requestCertificate({ url: services.ca.url, token, signer, http });
    if (issued.detachedSct !== undefined) {
        throw new core_http/* HttpError */.j$('RESPONSE_INVALID', `the certificate authority at ${services.ca.url} sent its SCT detached; Sigstore bundles need it embedded in the certificate`);
    }
    const leaf = issued.chain[0];
    const made = await half('keyless', signer, { certificate: leaf });
    return { made, chain: issued.chain };
}
async function signOne(kind, signer, material, item, index, services, http) {
    const digest = (0,kms_signer/* digestOf */.ol)(signer.algorithm, item.signed);
    // KMS signs the digest (its Sign API takes at most 4 KiB of message); keys in this process
    // sign the data, because Node cannot sign a precomputed digest (see localSigner). The data
    // is in memory either way; OpenSSL hashes it in one native pass.
    const signature = signer.signsDigests
        ? await signer.signDigest(digest)
        : await signer.sign(item.signed);
    // Catches a key that changed under an alias, or a signer that hashed differently, before
    // anything is logged under this identity.
    if (!(0,prehash/* verifyPrehashedSpki */.jS)(signer.publicKey, digest, signature)) {
        throw new sign_error/* SignError */.u('SIGNER_INVALID', `the signature ${signer.ref} made for ${item.name} does not verify with its public key`);
    }
    // A DSSE signature is logged as Rekor v2 wants it too: a hashedrekord over H(PAE).
    const entryRequest = hashedRekordRequest({ digest, signature, ...material });
    const [timestamps, entries] = await Promise.all([
        Promise.all(services.tsas.map((tsa) => timestamp({ url: tsa.url, signature, http }))),
        Promise.all(services.tlogs.map((log) => createEntry({ url: log.url, request: entryRequest, http }))),
    ]);
    const content = item.content(signature, {
        algorithm: DIGEST_NAMES[signer.algorithm],
        digest: (0,base64/* toBase64 */.n)(digest),
    });
    return { index, kind, bundle: buildBundle(material, entries, timestamps, content) };
}
/** A v0.3 bundle, fields in protobuf order. */
function buildBundle(material, tlogEntries, timestamps, content) {
    return {
        mediaType: bundle/* BUNDLE_V03_MEDIA_TYPE */.H,
        verificationMaterial: {
            ...('certificate' in material
                ? { certificate: { rawBytes: (0,base64/* toBase64 */.n)(material.certificate) } }
                : { publicKey: { hint: publicKeyHint(material.publicKey) } }),
            tlogEntries,
            timestampVerificationData: {
                rfc3161Timestamps: timestamps.map((der) => ({ signedTimestamp: (0,base64/* toBase64 */.n)(der) })),
            },
        },
        ...content,
    };
}
/** Runs `fn` over `items` with at most `limit` at once, results in input order. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}
//# sourceMappingURL=run.js.map

/***/ }),

/***/ 12038:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ signStatements)
/* harmony export */ });
/* harmony import */ var _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(44347);
/* harmony import */ var _core_base64_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(88554);
/* harmony import */ var _tlog_rekor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15111);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5409);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44814);





async function signStatements(options) {
    const { statements } = options;
    if (statements.length === 0)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .SignError */ .u('OPTIONS_INVALID', 'no statements to sign');
    for (const { name, statement } of statements)
        checkStatement(name, statement);
    // Serialised once, so that both halves sign the same bytes.
    const payloads = statements.map(({ statement }) => Buffer.from(JSON.stringify(statement)));
    return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .signRun */ .dG)(payloads.map((payload, i) => ({
        name: statements[i].name,
        signed: (0,_tlog_rekor_js__WEBPACK_IMPORTED_MODULE_1__/* .pae */ .Zg)(_bundle_intoto_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T4, payload),
        content: (signature) => ({
            dsseEnvelope: {
                payload: (0,_core_base64_js__WEBPACK_IMPORTED_MODULE_0__/* .toBase64 */ .n)(payload),
                payloadType: _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T4,
                signatures: [{ sig: (0,_core_base64_js__WEBPACK_IMPORTED_MODULE_0__/* .toBase64 */ .n)(signature) }],
            },
        }),
    })), options, (index, kind, bundle) => {
        const { name, statement } = statements[index];
        return { name, kind, statement, bundle };
    });
}
/** The statement fields a verifier relies on, checked before anything is signed or logged. */
function checkStatement(name, statement) {
    const invalid = (why) => new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .SignError */ .u('STATEMENT_INVALID', `the in-toto statement for ${name} ${why}`);
    if (statement._type !== _bundle_intoto_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_STATEMENT_V1 */ .tV) {
        throw invalid(`has _type ${JSON.stringify(statement._type)}, not ${_bundle_intoto_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_STATEMENT_V1 */ .tV}`);
    }
    if (!Array.isArray(statement.subject) || statement.subject.length === 0) {
        throw invalid('has no subject');
    }
    for (const [i, subject] of statement.subject.entries()) {
        const digests = Object.entries(subject?.digest ?? {});
        if (digests.length === 0)
            throw invalid(`has subject ${i} without a digest`);
        for (const [algorithm, value] of digests) {
            if (typeof value !== 'string' || !/^[0-9a-f]+$/.test(value)) {
                throw invalid(`has subject ${i} whose ${algorithm} digest is not lowercase hex`);
            }
        }
    }
    if (typeof statement.predicateType !== 'string' || statement.predicateType === '') {
        throw invalid('has no predicateType');
    }
    if (typeof statement.predicate !== 'object' ||
        statement.predicate === null ||
        Array.isArray(statement.predicate)) {
        throw invalid('has a predicate that is not an object');
    }
}
//# sourceMappingURL=statement.js.map

/***/ }),

/***/ 48276:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ writeBundlesAtomically)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5409);




const tempName = (target, purpose) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(target), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(target)}.${purpose}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`);
async function writeBundlesAtomically(outputs) {
    const targets = new Set(outputs.map((o) => o.path));
    if (targets.size !== outputs.length) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_3__/* .SignError */ .u('WRITE_FAILED', 'two bundles would be written to the same path');
    }
    const staged = [];
    try {
        for (const output of outputs) {
            const entry = {
                target: output.path,
                temp: tempName(output.path, 'tmp'),
                renamed: false,
            };
            staged.push(entry);
            await writeDurably(entry.temp, `${JSON.stringify(output.bundle, null, 2)}\n`);
        }
        for (const entry of staged) {
            const backup = tempName(entry.target, 'old');
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link)(entry.target, backup);
                entry.backup = backup;
            }
            catch (error) {
                if (error.code !== 'ENOENT')
                    throw error;
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(entry.temp, entry.target);
            entry.renamed = true;
        }
        await syncDirectories(staged.map((e) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(e.target)));
    }
    catch (error) {
        await rollback(staged);
        throw new _error_js__WEBPACK_IMPORTED_MODULE_3__/* .SignError */ .u('WRITE_FAILED', `writing the bundles failed, so none was written: ${error.message}`, { cause: error });
    }
    await Promise.all(staged.map((e) => (e.backup ? (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(e.backup).catch(() => { }) : undefined)));
}
async function writeDurably(path, text) {
    // 'wx': the random name must be new; never write through someone else's file or link.
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'wx', 0o644);
    try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
/** Makes the renames themselves durable (best effort where directories cannot be opened). */
async function syncDirectories(dirs) {
    for (const dir of new Set(dirs)) {
        try {
            const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(dir, 'r');
            try {
                await handle.sync();
            }
            finally {
                await handle.close();
            }
        }
        catch {
            // Some platforms and file systems refuse fsync on a directory; the data itself is synced.
        }
    }
}
async function rollback(staged) {
    for (const entry of staged) {
        if (entry.renamed) {
            if (entry.backup)
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(entry.backup, entry.target).catch(() => { });
            else
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(entry.target).catch(() => { });
        }
        else {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(entry.temp).catch(() => { });
            if (entry.backup)
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(entry.backup).catch(() => { });
        }
    }
}
//# sourceMappingURL=write.js.map

/***/ })

};
