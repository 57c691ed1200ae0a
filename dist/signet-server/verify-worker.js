import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  MJ: () => (/* binding */ WORKER_ROLE),
  P6: () => (/* binding */ admitRequestBody),
  nF: () => (/* binding */ decodeAdmitted),
  R_: () => (/* binding */ encodeAdmitted),
  Wp: () => (/* binding */ fromWireError),
  qq: () => (/* binding */ pack),
  x4: () => (/* binding */ toWireError),
  nC: () => (/* binding */ tokenVerifierFor),
  lk: () => (/* binding */ verifyRequestBody)
});

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./build/src/core/error.js
/**
 * The base of every Signet error: a stable machine-readable `code` plus a human message.
 * Each module defines one subclass with its own code union, so callers can switch on codes
 * without string-matching messages.
 */
class SignetError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
}
/** Raised by the dependency-free primitives in src/core when their input is malformed. */
class error_CoreError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/ca/error.js

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
class error_CaError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/core/pem.js

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;
/** Encodes DER as one PEM block with 64-column lines and a trailing newline. */
function pem_toPem(label, der) {
    const body = Buffer.from(der)
        .toString('base64')
        .replace(/.{1,64}/g, '$&\n');
    return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
/** All PEM blocks in a text, in order; optionally only those with `label`. */
function pem_parsePem(text, label) {
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
    const blocks = pem_parsePem(text, label);
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw new CoreError('PEM_INVALID', `expected exactly one PEM block labelled ${label}, found ${blocks.length}`);
    }
    return blocks[0].der;
}
//# sourceMappingURL=pem.js.map
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/errors.js
class JOSEError extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message, options) {
    super(message, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
}
class JWTClaimValidationFailed extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JWTExpired extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JOSEAlgNotAllowed extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
}
class JOSENotSupported extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
}
class JWEDecryptionFailed extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message = "decryption operation failed", options) {
    super(message, options);
  }
}
class JWEInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWE_INVALID"));
  code = "ERR_JWE_INVALID";
}
class errors_JWSInvalid extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
}
class JWTInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWT_INVALID"));
  code = "ERR_JWT_INVALID";
}
class JWKInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWK_INVALID"));
  code = "ERR_JWK_INVALID";
}
class JWKSInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWKS_INVALID"));
  code = "ERR_JWKS_INVALID";
}
class JWKSNoMatchingKey extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message = "no applicable key found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSTimeout extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message = "request timed out", options) {
    super(message, options);
  }
}
class JWSSignatureVerificationFailed extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message = "signature verification failed", options) {
    super(message, options);
  }
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_algorithms.js


const sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: !0, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
const JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/buffer_utils.js
const buffer_utils_encoder = new TextEncoder(), decoder = new TextDecoder(), strictDecoder = new TextDecoder("utf-8", { fatal: !0 }), UINT32_RANGE = (/* unused pure expression or super */ null && (2 ** 32));
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function writeUInt32BE(buf, value, offset) {
  if (value < 0 || value >= UINT32_RANGE)
    throw new RangeError(`value must be >= 0 and <= ${UINT32_RANGE - 1}. Received ${value}`);
  buf.set([value >>> 24, value >>> 16, value >>> 8, value & 255], offset);
}
function uint64be(value) {
  const high = Math.floor(value / UINT32_RANGE), low = value % UINT32_RANGE, buf = new Uint8Array(8);
  return writeUInt32BE(buf, high, 0), writeUInt32BE(buf, low, 4), buf;
}
function uint32be(value) {
  const buf = new Uint8Array(4);
  return writeUInt32BE(buf, value), buf;
}
const NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return buffer_utils_encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function buffer_utils_encodeBase64(input, url = !1) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
function decodeBase64(encoded, url = !1) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
async function digest(algorithm, data) {
  const subtleDigest = `SHA-${algorithm.slice(-3)}`;
  return new Uint8Array(await crypto.subtle.digest(subtleDigest, data));
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/base64url.js

const invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), !0);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
function base64url_encode(input) {
  return encodeBase64(typeof input == "string" ? encoder.encode(input) : input, !0);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/validate.js



function assertUint8Array(input, label) {
  if (!(input instanceof Uint8Array))
    throw new TypeError(`${label} must be an instance of Uint8Array`);
}
function validate_isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return !1;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return validate_isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(validate_isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return !1;
        parameters.add(parameter);
      }
  return !0;
}
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message, { cause });
  }
  if (!validate_isObject(parsed))
    throw new ErrorClass(message);
  return parsed;
}
const JWS_RECOGNIZED = { __proto__: null, b64: !0 }, JWE_RECOGNIZED = { __proto__: null };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new errors_JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return !0;
}
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!validate_isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key.js



const tag = (key) => key[Symbol.toStringTag], jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (validate_isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
let cache;
const nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
function assertCryptoKey(key) {
  if (!isCryptoKey(key))
    throw new Error("CryptoKey instance expected");
}
const isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return !0;
  try {
    return key instanceof CryptoKey;
  } catch {
    return !1;
  }
}, isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject", isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
const invalidKeyInput = (actual, ...types) => message("Key must be ", actual, ...types);
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
const unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
function validateExtractableOption(extractable) {
  if (extractable !== void 0 && typeof extractable != "boolean")
    throw new TypeError('"extractable" option must be a boolean');
  return extractable;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = !1) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_verify.js





function snapshotJws(jws, sharedPayload) {
  const encodedProtectedHeader = jws.protected, inputHeader = jws.header, header = isObject(inputHeader) ? { ...inputHeader } : inputHeader;
  let payload = sharedPayload ? sharedPayload[0] : jws.payload;
  !sharedPayload && payload instanceof Uint8Array && (payload = new Uint8Array(payload));
  const signature = jws.signature, snapshot = { payload, signature };
  if (encodedProtectedHeader !== void 0 && (snapshot.protected = encodedProtectedHeader), inputHeader !== void 0 && (snapshot.header = header), encodedProtectedHeader === void 0 && header === void 0)
    throw new JWSInvalid('Flattened JWS must have either of the "protected" or "header" members');
  if (encodedProtectedHeader !== void 0 && typeof encodedProtectedHeader != "string")
    throw new JWSInvalid("JWS Protected Header incorrect type");
  if (payload === void 0)
    throw new JWSInvalid("JWS Payload missing");
  if (typeof signature != "string")
    throw new JWSInvalid("JWS Signature missing or incorrect type");
  if (header !== void 0 && !isObject(header))
    throw new JWSInvalid("JWS Unprotected Header incorrect type");
  return snapshot;
}
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, errors_JWSInvalid, "JWS Protected Header is invalid");
}
function encodeJsonUnencodedPayload(payload) {
  const invalid = /[\p{Cs}\p{Cn}]/u.exec(payload)?.[0];
  if (invalid !== void 0)
    throw new JWSInvalid(/\p{Cs}/u.test(invalid) ? "JWS Payload must be a well-formed Unicode string" : "JWS Payload must not contain unassigned Unicode code points");
  return encoder.encode(payload);
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new errors_JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new errors_JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(errors_JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new errors_JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new errors_JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new errors_JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = !1;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = !0);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", errors_JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", errors_JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = !1;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", errors_JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new errors_JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new errors_JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jws/compact/verify.js

async function compactVerify(jws, key, options) {
  const [result] = await verifyCompact(jws, prepareVerify(options), key);
  return result;
}


;// CONCATENATED MODULE: ./build/src/oidc/difference.js
/**
 * Explaining why two issuer strings that should be equal are not. Issuers are compared byte for
 * byte (as Fulcio and go-oidc do), and the usual near misses are a trailing slash, letter case,
 * http vs https, and an extra or missing path segment; naming which one it is saves the operator
 * staring at two almost identical URLs.
 */
/** Longest issuer text quoted in a message; a token's `iss` is attacker-controlled. */
const MAX_QUOTED = 200;
/** JSON-quotes a string for a message (escaping control characters), shortened if very long. */
function quote(text) {
    const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
    return JSON.stringify(shown);
}
const exactMatcher = (expected) => (candidate, ignoreCase) => ignoreCase ? candidate.toLowerCase() === expected.toLowerCase() : candidate === expected;
/** `actual` with its scheme swapped and/or its trailing slash toggled, fewest changes first. */
function variants(actual) {
    const out = [{ value: actual, differences: [] }];
    const scheme = /^(https?):\/\//.exec(actual);
    if (scheme) {
        const other = scheme[1] === 'https' ? 'http' : 'https';
        out.push({
            value: `${other}://${actual.slice(scheme[0].length)}`,
            differences: [`scheme (${scheme[1]} instead of ${other})`],
        });
    }
    for (const variant of [...out]) {
        const toggled = variant.value.endsWith('/')
            ? variant.value.replace(/\/+$/, '')
            : `${variant.value}/`;
        out.push({ value: toggled, differences: [...variant.differences, 'a trailing slash'] });
    }
    return out.sort((a, b) => a.differences.length - b.differences.length);
}
/**
 * The differences that separate `actual` from what `matches` accepts, if they are only scheme,
 * trailing slash and letter case ("a trailing slash", "letter case", ...); undefined otherwise.
 */
function normalisationDifferences(actual, matches) {
    let best;
    for (const variant of variants(actual)) {
        let found;
        if (matches(variant.value, false))
            found = variant.differences;
        else if (matches(variant.value, true))
            found = [...variant.differences, 'letter case'];
        if (found && (best === undefined || found.length < best.length))
            best = found;
    }
    return best;
}
/** "differs by a trailing slash and letter case". */
function differsBy(differences) {
    return `differs by ${differences.join(' and ')}`;
}
/**
 * How `actual` relates to `expected` when they are not equal, as a phrase for a message:
 * normalisation differences, an extra or missing path, or the edit distance.
 */
function describeDifference(actual, expected) {
    const normal = normalisationDifferences(actual, exactMatcher(expected));
    if (normal !== undefined && normal.length > 0)
        return differsBy(normal);
    if (actual.startsWith(`${expected}/`) ||
        (expected.endsWith('/') && actual.startsWith(expected))) {
        return `has the extra path ${quote(actual.slice(expected.replace(/\/$/, '').length))}`;
    }
    if (expected.startsWith(`${actual}/`) || (actual.endsWith('/') && expected.startsWith(actual))) {
        return `lacks the path ${quote(expected.slice(actual.replace(/\/$/, '').length))}`;
    }
    return `differs (edit distance ${editDistance(actual, expected)})`;
}
/** Levenshtein distance; inputs are cut to 512 characters so an attacker's `iss` stays cheap. */
function editDistance(a, b) {
    const x = a.slice(0, 512);
    const y = b.slice(0, 512);
    let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[y.length];
}
//# sourceMappingURL=difference.js.map
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./build/src/oidc/error.js

/** Raised by src/oidc: identity-token verification and the identity configuration. */
class error_OidcError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./build/src/core/url.js

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
    if ((0,external_node_net_namespaceObject.isIP)(host) === 4)
        return host.startsWith('127.');
    return (0,external_node_net_namespaceObject.isIP)(host) === 6 && host === '::1';
}
/**
 * Why `url` may not be fetched, or undefined when it may: https anywhere, http only on loopback
 * (a token's keys fetched in clear text could be swapped by anyone on the path), no credentials.
 */
function url_fetchableUrlProblem(url) {
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
    const fail = (cause, error) => new error_OidcError(options.errorCode, `cannot fetch the ${options.what} ${url}: ${cause}`, {
        cause: error,
    });
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch (error) {
        throw fail('not a valid URL', error);
    }
    const problem = url_fetchableUrlProblem(parsed);
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
    const request = url.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_namespaceObject.request;
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
;// CONCATENATED MODULE: ./build/src/oidc/discovery.js




/** Least time between two JWKS fetches caused by unknown key ids (jose's cooldownDuration). */
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
/** Age after which cached keys are refetched on next use (jose's cacheMaxAge). */
const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
/**
 * How long past max age cached keys stay usable while the issuer cannot be reached. go-oidc
 * (Fulcio) keeps keys until a kid misses, so this is stricter than Fulcio, yet an issuer outage
 * of a few minutes does not stop signing.
 */
const DEFAULT_STALE_IF_ERROR_MS = 60 * 60_000;
/** Keys imported from one JWKS; real issuers publish two or three. */
const MAX_JWKS_KEYS = 100;
/** The JWS algorithms whose keys the cache can select, with the key each needs. */
const EC_CURVES = {
    ES256: 'prime256v1',
    ES384: 'secp384r1',
    ES512: 'secp521r1',
};
const CURVE_NAMES = {
    prime256v1: 'P-256',
    secp384r1: 'P-384',
    secp521r1: 'P-521',
};
/** Smallest RSA modulus accepted for RSxxx and PSxxx (jose refuses smaller ones too). */
const MIN_RSA_BITS = 2048;
/** Why `key` cannot verify `alg`, or undefined when it can. */
function keyAlgorithmProblem(key, alg) {
    if (key.alg !== undefined && key.alg !== alg)
        return `the JWKS pins it to ${key.alg}`;
    const details = key.key.asymmetricKeyDetails;
    const type = key.key.asymmetricKeyType;
    if (/^(RS|PS)(256|384|512)$/.test(alg)) {
        if (type !== 'rsa')
            return `${alg} needs an RSA key`;
        const bits = details?.modulusLength ?? 0;
        return bits < MIN_RSA_BITS ? `${alg} needs at least ${MIN_RSA_BITS} bits` : undefined;
    }
    const curve = EC_CURVES[alg];
    if (curve !== undefined) {
        return type === 'ec' && details?.namedCurve === curve
            ? undefined
            : `${alg} needs an EC ${CURVE_NAMES[curve]} key`;
    }
    if (alg === 'EdDSA')
        return type === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key';
    return `${alg} is not an algorithm the key cache knows`;
}
/**
 * The signing keys of one issuer (one concrete `iss`): OpenID discovery, then the JWKS, cached
 * by `kid`. An unknown kid refetches the JWKS at most once per cooldown (an attacker can invent
 * kids at will); keys older than max age are refetched on next use; concurrent callers share one
 * fetch.
 */
class IssuerKeys {
    issuer;
    discoveryUrl;
    options;
    discovery;
    keySet;
    lastAttemptAt;
    lastError;
    inFlight;
    fetches = { discovery: 0, jwks: 0 };
    constructor(issuer, options = {}) {
        this.issuer = issuer;
        // OpenID Connect Discovery §4: remove a trailing "/" before appending the well-known path.
        this.discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
        this.options = {
            timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
            maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            cooldownMs: options.cooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS,
            maxAgeMs: options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS,
            staleIfErrorMs: options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS,
            now: options.now ?? Date.now,
            ...(options.ca !== undefined && { ca: options.ca }),
        };
    }
    /**
     * The key that verifies a token with header `alg` and `kid`. Without a kid, the JWKS must hold
     * exactly one key usable with `alg`.
     */
    async getKey(alg, kid) {
        await this.ensureFresh();
        let found = this.select(alg, kid);
        let refetchError = '';
        if (found.key === undefined && found.refetchMayHelp && this.cooledDown()) {
            try {
                await this.load(false);
            }
            catch (error) {
                refetchError = `; refetching the JWKS failed: ${error.message}`;
            }
            found = this.select(alg, kid);
        }
        if (found.key !== undefined)
            return found.key;
        throw new error_OidcError('KEY_UNKNOWN', `${found.problem}${refetchError}`);
    }
    /** Refetches discovery and JWKS now (operator tooling, start-up warm-up). */
    async refresh() {
        await this.load(true);
    }
    describe() {
        const iso = (ms) => ms === undefined ? undefined : new Date(ms).toISOString();
        const status = {
            issuer: this.issuer,
            discoveryUrl: this.discoveryUrl,
            keys: (this.keySet?.keys ?? []).map(({ kid, type, alg }) => ({
                ...(kid !== undefined && { kid }),
                type,
                ...(alg !== undefined && { alg }),
            })),
            skippedKeys: [...(this.keySet?.skipped ?? [])],
            fetches: { ...this.fetches },
        };
        if (this.discovery) {
            status.discoveryIssuer = this.discovery.issuer;
            status.jwksUri = this.discovery.jwksUri;
        }
        const fetchedAt = iso(this.keySet?.fetchedAt);
        if (fetchedAt !== undefined)
            status.fetchedAt = fetchedAt;
        const lastAttemptAt = iso(this.lastAttemptAt);
        if (lastAttemptAt !== undefined)
            status.lastAttemptAt = lastAttemptAt;
        if (this.lastError !== undefined)
            status.lastError = this.lastError;
        return status;
    }
    now() {
        return this.options.now();
    }
    cooledDown() {
        return (this.lastAttemptAt === undefined || this.now() - this.lastAttemptAt >= this.options.cooldownMs);
    }
    /** Loads keys when there are none or they are past max age; stale keys survive a failure. */
    async ensureFresh() {
        const set = this.keySet;
        if (set !== undefined && this.now() - set.fetchedAt < this.options.maxAgeMs)
            return;
        if (set !== undefined && !this.cooledDown())
            return this.staleOrThrow(set, undefined);
        try {
            await this.load(true);
        }
        catch (error) {
            if (set === undefined)
                throw error;
            this.staleOrThrow(set, error);
        }
    }
    staleOrThrow(set, error) {
        const limit = this.options.maxAgeMs + this.options.staleIfErrorMs;
        if (this.now() - set.fetchedAt < limit)
            return;
        if (error instanceof error_OidcError)
            throw error;
        throw new error_OidcError('JWKS_FAILED', `the keys of ${this.issuer} are ${Math.round((this.now() - set.fetchedAt) / 1000)} s old and could not be refreshed${this.lastError ? `: ${this.lastError}` : ''}`);
    }
    /** One fetch at a time; callers arriving meanwhile wait for it instead of starting another. */
    load(withDiscovery) {
        if (this.inFlight === undefined) {
            this.inFlight = this.fetchKeys(withDiscovery).finally(() => {
                this.inFlight = undefined;
            });
        }
        return this.inFlight;
    }
    async fetchKeys(withDiscovery) {
        this.lastAttemptAt = this.now();
        try {
            if (withDiscovery || this.discovery === undefined) {
                this.discovery = await this.fetchDiscovery();
            }
            const jwksUri = this.discovery.jwksUri;
            this.fetches.jwks++;
            const jwks = await fetchJson(jwksUri, this.fetchOptions('JWKS_FAILED', `JWKS of ${this.issuer}`));
            this.keySet = { ...importJwks(jwks, jwksUri), fetchedAt: this.now() };
            this.lastError = undefined;
        }
        catch (error) {
            this.lastError = error.message;
            throw error;
        }
    }
    async fetchDiscovery() {
        this.fetches.discovery++;
        const document = await fetchJson(this.discoveryUrl, this.fetchOptions('DISCOVERY_FAILED', 'OpenID discovery document'));
        const fail = (problem) => new error_OidcError('DISCOVERY_FAILED', `the discovery document ${this.discoveryUrl} ${problem}`);
        if (typeof document !== 'object' || document === null || Array.isArray(document)) {
            throw fail('is not a JSON object');
        }
        const { issuer, jwks_uri: jwksUri } = document;
        if (typeof issuer !== 'string')
            throw fail('has no "issuer" string');
        if (issuer !== this.issuer) {
            throw fail(`names the issuer ${quote(issuer)}, but tokens name ${quote(this.issuer)}; it ${describeDifference(issuer, this.issuer)}. They must be equal byte for byte (OpenID Connect Discovery §4.3): configure the issuer exactly as the provider spells it`);
        }
        if (typeof jwksUri !== 'string' || jwksUri === '')
            throw fail('has no "jwks_uri" string');
        return { issuer, jwksUri };
    }
    fetchOptions(errorCode, what) {
        return {
            errorCode,
            what,
            timeoutMs: this.options.timeoutMs,
            maxBytes: this.options.maxResponseBytes,
            ...(this.options.ca !== undefined && { ca: this.options.ca }),
        };
    }
    select(alg, kid) {
        const keys = this.keySet?.keys ?? [];
        const where = `the JWKS of ${this.issuer}`;
        if (kid !== undefined) {
            const named = keys.filter((k) => k.kid === kid);
            if (named.length === 0) {
                return {
                    problem: `no key ${quote(kid)} in ${where} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
                    refetchMayHelp: true,
                };
            }
            const usable = named.find((k) => keyAlgorithmProblem(k, alg) === undefined);
            if (usable !== undefined)
                return { key: usable.key, refetchMayHelp: false };
            const first = named[0];
            return {
                problem: `key ${quote(kid)} in ${where} is ${first.type} and cannot verify ${alg}: ${keyAlgorithmProblem(first, alg)}`,
                refetchMayHelp: false,
            };
        }
        const usable = keys.filter((k) => keyAlgorithmProblem(k, alg) === undefined);
        if (usable.length === 1)
            return { key: usable[0].key, refetchMayHelp: false };
        if (usable.length === 0) {
            return {
                problem: `the token has no kid and ${where} has no key usable with ${alg} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
                refetchMayHelp: true,
            };
        }
        return {
            problem: `the token has no kid and ${where} has ${usable.length} keys usable with ${alg} (${usable.map((k) => k.kid ?? 'no kid').join(', ')}); a kid is needed to choose`,
            refetchMayHelp: false,
        };
    }
    keyList() {
        const keys = this.keySet?.keys ?? [];
        if (keys.length === 0)
            return 'none';
        return keys.map((k) => k.kid ?? `(no kid, ${k.type})`).join(', ');
    }
    fetchedAgo() {
        const at = this.keySet?.fetchedAt;
        if (at === undefined)
            return 'never fetched';
        return `refetched ${Math.max(0, Math.round((this.now() - at) / 1000))} s ago`;
    }
}
/** Imports every signature key of a JWKS document; unusable entries are recorded, not fatal. */
function importJwks(document, url) {
    if (typeof document !== 'object' ||
        document === null ||
        !Array.isArray(document.keys)) {
        throw new error_OidcError('JWKS_FAILED', `the JWKS ${url} has no "keys" array`);
    }
    const entries = document.keys;
    const keys = [];
    const skipped = [];
    entries.slice(0, MAX_JWKS_KEYS).forEach((entry, index) => {
        const result = importJwk(entry);
        if (typeof result !== 'string') {
            keys.push(result);
            return;
        }
        const kid = entry?.kid;
        skipped.push(`key ${index}${typeof kid === 'string' ? ` (kid ${quote(kid)})` : ''}: ${result}`);
    });
    if (entries.length > MAX_JWKS_KEYS) {
        skipped.push(`${entries.length - MAX_JWKS_KEYS} keys beyond the first ${MAX_JWKS_KEYS} ignored`);
    }
    if (keys.length === 0) {
        const why = skipped.length === 0 ? 'it is empty' : skipped.join('; ');
        throw new error_OidcError('JWKS_FAILED', `the JWKS ${url} has no usable signature key: ${why}`);
    }
    return { keys, skipped };
}
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
/** A cached key, or why the entry was skipped. */
function importJwk(entry) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        return 'not an object';
    const jwk = entry;
    const kid = jwk.kid;
    if (kid !== undefined && typeof kid !== 'string')
        return 'its kid is not a string';
    if (jwk.use !== undefined && jwk.use !== 'sig')
        return `its use is ${JSON.stringify(jwk.use)}, not "sig"`;
    if (jwk.alg !== undefined && typeof jwk.alg !== 'string')
        return 'its alg is not a string';
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
        return `kty ${JSON.stringify(jwk.kty)} is not RSA, EC or OKP`;
    }
    // A provider publishing private members has leaked its key; trusting it would be pointless.
    if (PRIVATE_MEMBERS.some((member) => member in jwk))
        return 'it contains private key material';
    let key;
    try {
        key = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: jwk, format: 'jwk' });
    }
    catch (error) {
        return `it cannot be imported: ${error.message}`;
    }
    const type = describeKey(key);
    if (type === undefined)
        return `it is an ${key.asymmetricKeyType} key, not usable for JWS`;
    return {
        ...(typeof kid === 'string' && { kid }),
        ...(typeof jwk.alg === 'string' && { alg: jwk.alg }),
        key,
        type,
    };
}
function describeKey(key) {
    const details = key.asymmetricKeyDetails;
    switch (key.asymmetricKeyType) {
        case 'rsa':
            return `RSA ${details?.modulusLength ?? '?'}-bit`;
        case 'ec':
            return `EC ${CURVE_NAMES[details?.namedCurve ?? ''] ?? details?.namedCurve ?? '?'}`;
        case 'ed25519':
            return 'Ed25519';
        default:
            return undefined;
    }
}
//# sourceMappingURL=discovery.js.map
;// CONCATENATED MODULE: ./build/src/oidc/jwt.js

/**
 * Largest token accepted, in characters. Real CI tokens are 1-3 KiB (GitLab's optional
 * `groups_direct` can add a few more); Node refuses request headers above 16 KiB anyway, so a
 * larger token could only arrive in a request body, and is refused before it is decoded.
 */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const malformed = (message) => new error_OidcError('TOKEN_MALFORMED', message);
/**
 * Splits and decodes a compact JWS without verifying it: the verifier needs the unverified `iss`
 * to find the issuer and its keys. Strict, so that what is later verified is exactly what was
 * decoded here. Messages name the part that is wrong and never quote the token.
 */
function decodeJwt(token) {
    if (typeof token !== 'string')
        throw malformed(`token must be a string, got ${typeName(token)}`);
    if (token.length === 0)
        throw malformed('token is empty');
    if (token.length > MAX_TOKEN_LENGTH) {
        throw malformed(`token is ${token.length} characters long, above the limit of ${MAX_TOKEN_LENGTH}`);
    }
    const parts = token.split('.');
    if (parts.length !== 3)
        throw malformed(partCountMessage(parts.length));
    const [headerText, payloadText, signatureText] = parts;
    const header = decodeJsonPart(headerText, 'header');
    const payload = decodeJsonPart(payloadText, 'payload');
    const signature = decodeBase64Url(signatureText, 'signature');
    return {
        header: checkHeader(header),
        payload: checkPayload(payload),
        signingInput: `${headerText}.${payloadText}`,
        signature,
    };
}
function partCountMessage(count) {
    const base = `token has ${count} part${count === 1 ? '' : 's'} separated by "."; a signed JWT has 3 (header.payload.signature)`;
    // Five parts is the compact JWE form: an encrypted token, which no CI issuer sends to a CA.
    return count === 5 ? `${base}; this looks like an encrypted JWT (JWE)` : base;
}
function decodeBase64Url(text, part) {
    if (!BASE64URL.test(text)) {
        const at = text.search(/[^A-Za-z0-9_-]/);
        const char = text.charCodeAt(at);
        const shown = char === 0x3d ? '"=" (padding is not allowed)' : `character code ${char}`;
        throw malformed(`token ${part} is not base64url: ${shown} at offset ${at} of the ${part}`);
    }
    // A length of 4n+1 cannot come from any byte string; Node would silently drop the last char.
    if (text.length % 4 === 1) {
        throw malformed(`token ${part} is not base64url: its length ${text.length} is impossible`);
    }
    return Buffer.from(text, 'base64url');
}
function decodeJsonPart(text, part) {
    if (text.length === 0)
        throw malformed(`token ${part} is empty`);
    const bytes = decodeBase64Url(text, part);
    let json;
    try {
        json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw malformed(`token ${part} is not UTF-8`);
    }
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        // V8's own message quotes the input; the token's content stays out of messages.
        throw malformed(`token ${part} is not JSON (${bytes.length} bytes after base64url decoding)`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw malformed(`token ${part} must be a JSON object, got ${typeName(value)}`);
    }
    return value;
}
function checkHeader(header) {
    if (!('alg' in header))
        throw malformed('token header has no "alg"');
    if (typeof header.alg !== 'string' || header.alg === '') {
        throw malformed(`token header "alg" must be a non-empty string, got ${typeName(header.alg)}`);
    }
    if ('kid' in header && typeof header.kid !== 'string') {
        throw malformed(`token header "kid" must be a string, got ${typeName(header.kid)}`);
    }
    return header;
}
function checkPayload(payload) {
    if (!('iss' in payload))
        throw malformed('token payload has no "iss" (issuer) claim');
    if (typeof payload.iss !== 'string' || payload.iss === '') {
        throw malformed(`token "iss" claim must be a non-empty string, got ${typeName(payload.iss)}`);
    }
    return payload;
}
/** A value's JSON type for messages ("an array", "null", "a number"), never the value itself. */
function typeName(value) {
    if (value === null)
        return 'null';
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'an array';
    if (value === '')
        return 'an empty string';
    const type = typeof value;
    return type === 'object' ? 'an object' : `a ${type}`;
}
//# sourceMappingURL=jwt.js.map
;// CONCATENATED MODULE: ./build/src/oidc/verify.js





/** Allowed difference between our clock and the issuer's, as go-oidc and jose commonly use. */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;
/** Largest clock skew an operator may allow; beyond it `exp` stops meaning much. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** Every asymmetric JWS algorithm the verifier can check; the default allow-list. */
const SUPPORTED_ALGORITHMS = Object.freeze([
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
]);
/** Concrete issuers matched through meta-issuer patterns whose keys stay cached (LRU beyond). */
const DEFAULT_MAX_META_ISSUERS = 1024;
/**
 * Verifies CI identity tokens for the CA, in a fixed order so the first failure reported is the
 * most fundamental one: decode → issuer (unverified `iss`) → algorithm → key → signature →
 * `iss` → `aud` → `exp`/`nbf`/`iat` → `sub` → email claims for email issuers.
 */
class TokenVerifier {
    registry;
    skew;
    algorithms;
    now;
    fetchOptions;
    maxMetaIssuers;
    exactKeys = new Map();
    /** Insertion order is recency: a hit is moved to the end, the first entry is evicted. */
    metaKeys = new Map();
    constructor(registry, options = {}) {
        this.registry = registry;
        this.skew = checkSkew(options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
        this.algorithms = checkAlgorithms(options.algorithms ?? SUPPORTED_ALGORITHMS);
        this.now = options.now ?? (() => new Date());
        this.fetchOptions = { ...options.fetch, now: () => this.now().getTime() };
        this.maxMetaIssuers = options.maxMetaIssuers ?? DEFAULT_MAX_META_ISSUERS;
        if (!Number.isInteger(this.maxMetaIssuers) || this.maxMetaIssuers < 1) {
            throw new error_OidcError('CONFIG_INVALID', `maxMetaIssuers must be a positive integer, got ${this.maxMetaIssuers}`);
        }
    }
    async verify(token) {
        const decoded = decodeJwt(token);
        const iss = decoded.payload.iss;
        const issuer = this.registry.match(iss);
        const alg = this.checkAlgorithm(decoded.header.alg);
        const keys = this.keysFor(iss, issuer);
        const key = await keys.getKey(alg, decoded.header.kid);
        await verify_verifySignature(token, key, alg, iss);
        const claims = decoded.payload;
        // The key was chosen by this iss, so a mismatch cannot happen; checked so it never can.
        if (claims.iss !== keys.issuer) {
            throw new error_OidcError('ISSUER_UNKNOWN', `token issuer ${quote(claims.iss)} is not ${quote(keys.issuer)}`);
        }
        checkAudience(claims, issuer.audience);
        this.checkTimes(claims);
        const subject = checkSubject(claims);
        if (issuer.provider === 'email')
            checkEmail(claims, issuer);
        if (issuer.provider === 'uri')
            checkUriSubject(subject, issuer);
        return { issuer, claims, subject };
    }
    /** Key-cache status of every issuer seen, for an operator's doctor command. */
    describe() {
        return [...this.exactKeys.values(), ...this.metaKeys.values()].map((keys) => keys.describe());
    }
    checkAlgorithm(alg) {
        if (this.algorithms.includes(alg))
            return alg;
        const allowed = `allowed: ${this.algorithms.join(', ')}`;
        if (alg.toLowerCase() === 'none') {
            throw new error_OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed: unsigned tokens are never accepted (${allowed})`);
        }
        if (/^HS\d+$/i.test(alg)) {
            // The classic key-confusion attack: HMAC "signed" with the issuer's public key as secret.
            throw new error_OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed: HMAC needs a shared secret, and identity providers sign with private keys (${allowed})`);
        }
        throw new error_OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed (${allowed})`);
    }
    /** One IssuerKeys per concrete issuer; meta-issuer ones bounded, as `iss` is the caller's choice. */
    keysFor(iss, issuer) {
        const options = {
            ...this.fetchOptions,
            ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
        };
        if (!issuer.wildcard) {
            let keys = this.exactKeys.get(iss);
            if (keys === undefined) {
                keys = new IssuerKeys(iss, options);
                this.exactKeys.set(iss, keys);
            }
            return keys;
        }
        let keys = this.metaKeys.get(iss);
        if (keys !== undefined) {
            this.metaKeys.delete(iss);
        }
        else {
            keys = new IssuerKeys(iss, options);
            if (this.metaKeys.size >= this.maxMetaIssuers) {
                const oldest = this.metaKeys.keys().next().value;
                if (oldest !== undefined)
                    this.metaKeys.delete(oldest);
            }
        }
        this.metaKeys.set(iss, keys);
        return keys;
    }
    checkTimes(claims) {
        const nowMs = this.now().getTime();
        const now = nowMs / 1000;
        const context = `now ${isoTime(Math.floor(now))}, allowed skew ${this.skew} s`;
        const exp = numericDate(claims, 'exp', true);
        if (now - this.skew >= exp) {
            throw new error_OidcError('TOKEN_EXPIRED', `token expired at ${isoTime(exp)} (${context})`);
        }
        const nbf = numericDate(claims, 'nbf', false);
        if (nbf !== undefined && now + this.skew < nbf) {
            throw new error_OidcError('TOKEN_NOT_YET_VALID', `token is not valid before ${isoTime(nbf)} (${context})`);
        }
        const iat = numericDate(claims, 'iat', true);
        if (iat > now + this.skew) {
            throw new error_OidcError('TOKEN_ISSUED_IN_FUTURE', `token was issued at ${isoTime(iat)}, in the future (${context})`);
        }
    }
}
/**
 * The string a Fulcio proof of possession signs for this token: the email for email issuers,
 * `sub` for every other type (Fulcio's principal Name()).
 */
function challengeFor(verified) {
    const value = verified.issuer.challengeClaim === 'email' ? verified.claims.email : verified.subject;
    if (typeof value !== 'string') {
        throw new error_OidcError('CLAIM_MISSING', `token has no ${verified.issuer.challengeClaim} claim to sign`);
    }
    return value;
}
function checkSkew(seconds) {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CLOCK_SKEW_SECONDS) {
        throw new error_OidcError('CONFIG_INVALID', `clockSkewSeconds must be an integer from 0 to ${MAX_CLOCK_SKEW_SECONDS}, got ${seconds}`);
    }
    return seconds;
}
function checkAlgorithms(algorithms) {
    if (algorithms.length === 0)
        throw new error_OidcError('CONFIG_INVALID', 'algorithms must not be empty');
    for (const alg of algorithms) {
        if (!SUPPORTED_ALGORITHMS.includes(alg)) {
            throw new error_OidcError('CONFIG_INVALID', `algorithm ${quote(alg)} cannot be allowed; supported: ${SUPPORTED_ALGORITHMS.join(', ')}`);
        }
    }
    return Object.freeze([...algorithms]);
}
async function verify_verifySignature(token, key, alg, iss) {
    try {
        await compactVerify(token, key, { algorithms: [alg] });
    }
    catch (error) {
        throw mapJoseError(error, alg, iss);
    }
}
/** jose's failures in Signet's codes, with messages that say what to look at. */
function mapJoseError(error, alg, iss) {
    const options = { cause: error };
    if (error instanceof JWSSignatureVerificationFailed) {
        return new error_OidcError('SIGNATURE_INVALID', `token signature does not verify with the ${alg} key of ${quote(iss)}`, options);
    }
    if (error instanceof JOSEAlgNotAllowed) {
        return new error_OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} cannot be verified: ${error.message}`, options);
    }
    // The algorithm is already known to be supported, so this is a header feature such as an
    // unrecognised "crit" extension, which RFC 7515 §4.1.11 says to refuse.
    if (error instanceof JOSENotSupported) {
        return new error_OidcError('TOKEN_MALFORMED', `token is not a valid JWS: ${error.message}`, options);
    }
    if (error instanceof errors_JWSInvalid) {
        return new error_OidcError('TOKEN_MALFORMED', `token is not a valid JWS: ${error.message}`, options);
    }
    // jose raises TypeError for a key it cannot use with the algorithm (e.g. a too-short RSA key).
    if (error instanceof TypeError) {
        return new error_OidcError('KEY_UNKNOWN', `the key of ${quote(iss)} cannot verify ${alg}: ${error.message}`, options);
    }
    return new error_OidcError('SIGNATURE_INVALID', `token signature could not be checked: ${error.message}`, options);
}
function checkAudience(claims, audience) {
    const aud = claims.aud;
    if (aud === undefined) {
        throw new error_OidcError('CLAIM_MISSING', `token has no aud (audience) claim; it must include ${quote(audience)}`);
    }
    const list = typeof aud === 'string' ? [aud] : aud;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw new error_OidcError('CLAIM_INVALID', `token aud must be a string or a list of strings, got ${typeName(aud)}`);
    }
    if (!list.includes(audience)) {
        const shown = list.length > 10
            ? `${JSON.stringify(list.slice(0, 10)).slice(0, -1)},…]`
            : JSON.stringify(list);
        throw new error_OidcError('AUDIENCE_MISMATCH', `token audience ${shown} does not include ${quote(audience)}; request the token with audience ${quote(audience)}`);
    }
}
function numericDate(claims, name, required) {
    const value = claims[name];
    if (value === undefined) {
        if (!required)
            return undefined;
        throw new error_OidcError('CLAIM_MISSING', `token has no ${name} claim`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new error_OidcError('CLAIM_INVALID', `token ${name} must be a NumericDate (seconds since the epoch), got ${typeName(value)}`);
    }
    return value;
}
function checkSubject(claims) {
    const sub = claims.sub;
    if (sub === undefined)
        throw new error_OidcError('CLAIM_MISSING', 'token has no sub (subject) claim');
    if (typeof sub !== 'string' || sub === '') {
        throw new error_OidcError('CLAIM_INVALID', `token sub must be a non-empty string, got ${typeName(sub)}`);
    }
    return sub;
}
const EMAIL = /^[^\s@]+@[^\s@]+$/;
function checkEmail(claims, issuer) {
    const email = claims.email;
    if (email === undefined)
        throw new error_OidcError('CLAIM_MISSING', `token has no email claim, which email issuer ${quote(issuer.issuerUrl)} requires`);
    if (typeof email !== 'string' || !EMAIL.test(email)) {
        throw new error_OidcError('CLAIM_INVALID', `token email claim is not an email address (got ${typeof email === 'string' ? quote(email) : typeName(email)})`);
    }
    if (issuer.skipEmailVerification)
        return;
    // Fulcio requires the boolean true: a provider that has not verified the address says false.
    if (claims.email_verified !== true) {
        const got = claims.email_verified === undefined ? 'absent' : JSON.stringify(claims.email_verified);
        throw new error_OidcError('CLAIM_INVALID', `token email ${quote(email)} is not verified (email_verified is ${got}, must be true)`);
    }
}
/** Fulcio's uri rule: the subject URI's scheme and host are the issuer's subject domain's. */
function checkUriSubject(subject, issuer) {
    const domain = new URL(issuer.subjectDomain);
    let url;
    try {
        url = new URL(subject);
    }
    catch {
        throw new error_OidcError('CLAIM_INVALID', `token sub ${quote(subject)} is not a URI, which uri issuer ${quote(issuer.issuerUrl)} requires`);
    }
    if (url.protocol !== domain.protocol || url.hostname !== domain.hostname) {
        throw new error_OidcError('CLAIM_INVALID', `token sub ${quote(subject)} is not under the subject domain ${quote(issuer.subjectDomain)}`);
    }
}
/** A NumericDate as ISO 8601 UTC, whole seconds unless the token used fractions. */
function isoTime(seconds) {
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime()))
        return `${seconds} (out of range)`;
    const iso = date.toISOString();
    return Number.isInteger(seconds) ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}
//# sourceMappingURL=verify.js.map
;// CONCATENATED MODULE: ./build/src/core/der.js

/**
 * A small DER (X.690) encoder and strict decoder. Hot paths (timestamps, certificates) build
 * their structures from these functions directly instead of going through a schema library.
 */
const der_Tag = {
    BOOLEAN: 0x01,
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    NULL: 0x05,
    OID: 0x06,
    ENUMERATED: 0x0a,
    UTF8_STRING: 0x0c,
    PRINTABLE_STRING: 0x13,
    IA5_STRING: 0x16,
    UTC_TIME: 0x17,
    GENERALIZED_TIME: 0x18,
    SEQUENCE: 0x30,
    SET: 0x31,
};
// ---------------------------------------------------------------- encoding
function encodeLength(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = [];
    for (let n = length; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** One TLV with the given tag byte around already-encoded content. */
function der_tlv(tag, ...content) {
    const body = content.length === 1 ? content[0] : Buffer.concat(content);
    return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}
const der_sequence = (...items) => der_tlv(der_Tag.SEQUENCE, ...items);
/** A SET OF with its elements sorted by their encodings, as DER requires. */
function der_setOf(...items) {
    const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
    return der_tlv(der_Tag.SET, ...sorted);
}
/** Context-specific tag [n]: constructed (explicit, or implicit over a constructed type) by default. */
function der_contextTag(n, content, constructed = true) {
    return der_tlv((constructed ? 0xa0 : 0x80) | n, content);
}
/** An INTEGER from a number, bigint, or unsigned big-endian magnitude. */
function der_integer(value) {
    let bytes;
    if (value instanceof Uint8Array) {
        let start = 0;
        while (start < value.length - 1 && value[start] === 0)
            start++;
        bytes = Buffer.from(value.subarray(start));
        if (bytes.length === 0)
            bytes = Buffer.from([0]);
        if (bytes[0] & 0x80)
            bytes = Buffer.concat([Buffer.from([0]), bytes]);
        return der_tlv(der_Tag.INTEGER, bytes);
    }
    let n = BigInt(value);
    if (n < 0n)
        throw new error_CoreError('DER_INVALID', 'negative INTEGER encoding is not supported');
    const out = [];
    do {
        out.unshift(Number(n & 0xffn));
        n >>= 8n;
    } while (n > 0n);
    if (out[0] & 0x80)
        out.unshift(0);
    return der_tlv(der_Tag.INTEGER, Buffer.from(out));
}
/**
 * Encoded OIDs by dotted string. Certificates are built from a few dozen fixed OIDs, and
 * encoding one (regex, BigInt arithmetic) cost more than the rest of a TBS; the bound keeps
 * arbitrary callers from growing it without limit.
 */
const OID_CACHE = new Map();
const OID_CACHE_LIMIT = 1024;
function der_oid(dotted) {
    const cached = OID_CACHE.get(dotted);
    if (cached)
        return cached;
    const encoded = encodeOid(dotted);
    if (OID_CACHE.size >= OID_CACHE_LIMIT)
        OID_CACHE.clear();
    OID_CACHE.set(dotted, encoded);
    return encoded;
}
function encodeOid(dotted) {
    const parts = dotted.split('.').map((p) => {
        if (!/^\d+$/.test(p))
            throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
        return BigInt(p);
    });
    if (parts.length < 2)
        throw new CoreError('DER_INVALID', `invalid OID ${dotted}`);
    const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
    const out = [];
    for (const arc of arcs) {
        const group = [Number(arc & 0x7fn)];
        for (let n = arc >> 7n; n > 0n; n >>= 7n)
            group.unshift(Number(n & 0x7fn) | 0x80);
        out.push(...group);
    }
    return der_tlv(der_Tag.OID, Buffer.from(out));
}
const der_octetString = (data) => der_tlv(der_Tag.OCTET_STRING, data);
const der_utf8String = (text) => der_tlv(der_Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
const der_printableString = (text) => der_tlv(der_Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
const ia5String = (text) => der_tlv(der_Tag.IA5_STRING, Buffer.from(text, 'latin1'));
const nullValue = () => Buffer.from([der_Tag.NULL, 0]);
const der_boolean = (value) => der_tlv(der_Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));
/** A BIT STRING with no unused bits (keys, signatures). */
const der_bitString = (data) => der_tlv(der_Tag.BIT_STRING, Buffer.from([0]), data);
/**
 * A named BIT STRING (KeyUsage, PKIFailureInfo) with the given bit numbers set; DER drops
 * trailing zero bits, so the length and unused-bit count follow the highest bit set.
 */
function der_namedBitString(bits) {
    if (bits.length === 0)
        return Buffer.from([der_Tag.BIT_STRING, 1, 0]);
    const highest = Math.max(...bits);
    const bytes = Buffer.alloc((highest >> 3) + 1);
    for (const bit of bits)
        bytes[bit >> 3] = bytes[bit >> 3] | (0x80 >> (bit & 7));
    return der_tlv(der_Tag.BIT_STRING, Buffer.from([7 - (highest & 7)]), bytes);
}
const pad = (n, width = 2) => String(n).padStart(width, '0');
/** UTCTime `YYMMDDHHMMSSZ`, valid for 1950..2049 as RFC 5280 requires. */
function utcTime(date) {
    const year = date.getUTCFullYear();
    if (year < 1950 || year > 2049) {
        throw new CoreError('DER_INVALID', `UTCTime cannot represent year ${year}`);
    }
    const text = pad(year % 100) +
        pad(date.getUTCMonth() + 1) +
        pad(date.getUTCDate()) +
        pad(date.getUTCHours()) +
        pad(date.getUTCMinutes()) +
        pad(date.getUTCSeconds()) +
        'Z';
    return der_tlv(der_Tag.UTC_TIME, Buffer.from(text, 'latin1'));
}
/** GeneralizedTime `YYYYMMDDHHMMSS[.fff]Z`; fractional seconds only when non-zero, trailing zeros dropped. */
function generalizedTime(date, withMillis = false) {
    let text = pad(date.getUTCFullYear(), 4) +
        pad(date.getUTCMonth() + 1) +
        pad(date.getUTCDate()) +
        pad(date.getUTCHours()) +
        pad(date.getUTCMinutes()) +
        pad(date.getUTCSeconds());
    const ms = date.getUTCMilliseconds();
    if (withMillis && ms !== 0)
        text += '.' + pad(ms, 3).replace(/0+$/, '');
    return der_tlv(der_Tag.GENERALIZED_TIME, Buffer.from(text + 'Z', 'latin1'));
}
/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
const der_x509Time = (date) => date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
// ---------------------------------------------------------------- decoding
/** One decoded TLV; `value` is a view into the input, `raw` the whole encoding. */
class DerNode {
    tag;
    raw;
    value;
    constructor(tag, raw, value) {
        this.tag = tag;
        this.raw = raw;
        this.value = value;
    }
    get constructed() {
        return (this.tag & 0x20) !== 0;
    }
    /** The children of a constructed node, decoded strictly. */
    children() {
        if (!this.constructed) {
            throw new error_CoreError('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
        }
        const out = [];
        let offset = 0;
        while (offset < this.value.length) {
            const node = readNode(this.value, offset);
            out.push(node);
            offset += node.raw.length;
        }
        return out;
    }
    expect(tag, what) {
        if (this.tag !== tag) {
            throw new error_CoreError('DER_INVALID', `${what}: expected tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`);
        }
        return this;
    }
    /** A non-negative INTEGER as a bigint. */
    toBigInt(what = 'INTEGER') {
        this.expect(der_Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new error_CoreError('DER_INVALID', `${what}: empty INTEGER`);
        if (this.value.length > 1 && this.value[0] === 0 && !(this.value[1] & 0x80)) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        if (this.value[0] & 0x80) {
            throw new error_CoreError('DER_INVALID', `${what}: negative INTEGER`);
        }
        return BigInt('0x' + (this.value.toString('hex') || '0'));
    }
    /**
     * A two's-complement INTEGER as a bigint. Only for fields where real-world encoders emit
     * negative values (certificate and timestamp serials); everything else uses toBigInt.
     */
    toSignedBigInt(what = 'INTEGER') {
        this.expect(der_Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new error_CoreError('DER_INVALID', `${what}: empty INTEGER`);
        const [first, second] = this.value;
        if (this.value.length > 1 &&
            ((first === 0 && !(second & 0x80)) ||
                (first === 0xff && second & 0x80))) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        return BigInt.asIntN(this.value.length * 8, BigInt('0x' + this.value.toString('hex')));
    }
    /** The bit numbers set in a named BIT STRING (KeyUsage, PKIFailureInfo). */
    toNamedBits(what = 'BIT STRING') {
        this.expect(der_Tag.BIT_STRING, what);
        const unused = this.value[0];
        if (unused === undefined || unused > 7 || (this.value.length === 1 && unused !== 0)) {
            throw new error_CoreError('DER_INVALID', `${what}: malformed BIT STRING`);
        }
        const bits = [];
        for (let i = 1; i < this.value.length; i++) {
            const byte = this.value[i];
            for (let b = 0; b < 8; b++)
                if (byte & (0x80 >> b))
                    bits.push((i - 1) * 8 + b);
        }
        return bits;
    }
    toNumber(what = 'INTEGER') {
        const n = this.toBigInt(what);
        if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
            throw new error_CoreError('DER_INVALID', `${what}: INTEGER too large`);
        }
        return Number(n);
    }
    toOid(what = 'OBJECT IDENTIFIER') {
        this.expect(der_Tag.OID, what);
        const arcs = [];
        let current = 0n;
        for (let i = 0; i < this.value.length; i++) {
            const byte = this.value[i];
            if (current === 0n && byte === 0x80) {
                throw new error_CoreError('DER_INVALID', `${what}: OID arc is not minimally encoded`);
            }
            current = (current << 7n) | BigInt(byte & 0x7f);
            if (!(byte & 0x80)) {
                arcs.push(current);
                current = 0n;
            }
            else if (i === this.value.length - 1) {
                throw new error_CoreError('DER_INVALID', `${what}: truncated OID`);
            }
        }
        const first = arcs.shift();
        if (first === undefined)
            throw new error_CoreError('DER_INVALID', `${what}: empty OID`);
        const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
        return [...head, ...arcs].join('.');
    }
    toBoolean(what = 'BOOLEAN') {
        this.expect(der_Tag.BOOLEAN, what);
        if (this.value.length !== 1 || (this.value[0] !== 0 && this.value[0] !== 0xff)) {
            throw new error_CoreError('DER_INVALID', `${what}: BOOLEAN must be 0x00 or 0xFF`);
        }
        return this.value[0] === 0xff;
    }
    /** UTCTime or GeneralizedTime (Z form only, as DER requires). */
    toDate(what = 'time') {
        const text = this.value.toString('latin1');
        let match;
        if (this.tag === der_Tag.UTC_TIME) {
            match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
            if (match) {
                const yy = Number(match[1]);
                match[1] = String(yy < 50 ? 2000 + yy : 1900 + yy);
            }
        }
        else if (this.tag === der_Tag.GENERALIZED_TIME) {
            match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
        }
        else {
            throw new error_CoreError('DER_INVALID', `${what}: expected a UTCTime or GeneralizedTime`);
        }
        if (!match)
            throw new error_CoreError('DER_INVALID', `${what}: malformed time ${text}`);
        const [, y, mo, d, h, mi, s, frac] = match;
        const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
        const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
        if (Number.isNaN(date.getTime()))
            throw new error_CoreError('DER_INVALID', `${what}: invalid time`);
        return date;
    }
}
function readNode(input, offset) {
    if (offset + 2 > input.length)
        throw new error_CoreError('DER_INVALID', 'truncated DER header');
    const tag = input[offset];
    if ((tag & 0x1f) === 0x1f)
        throw new error_CoreError('DER_INVALID', 'multi-byte DER tags are not supported');
    let length = input[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        if (count === 0)
            throw new error_CoreError('DER_INVALID', 'indefinite length is not DER');
        if (count > 4)
            throw new error_CoreError('DER_INVALID', 'DER length too large');
        if (offset + 2 + count > input.length)
            throw new error_CoreError('DER_INVALID', 'truncated DER length');
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + input[offset + 2 + i];
        if (input[offset + 2] === 0 || length < 0x80) {
            throw new error_CoreError('DER_INVALID', 'DER length is not minimally encoded');
        }
        header += count;
    }
    const end = offset + header + length;
    if (end > input.length)
        throw new error_CoreError('DER_INVALID', 'DER value runs past the end of input');
    return new DerNode(tag, input.subarray(offset, end), input.subarray(offset + header, end));
}
/** Decodes exactly one DER value occupying the whole input. */
function der_parseDer(input) {
    const buffer = Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const node = readNode(buffer, 0);
    if (node.raw.length !== buffer.length) {
        throw new error_CoreError('DER_INVALID', 'trailing bytes after DER value');
    }
    return node;
}
//# sourceMappingURL=der.js.map
;// CONCATENATED MODULE: ./build/src/core/x509.js



/**
 * A minimal X.509 v3 certificate builder and parser. Certificates are assembled from DER
 * pieces directly (no schema library) because issuance is on the CA's hot path, and signing
 * goes through a callback so a KMS key can replace a local one.
 */
const OID = {
    commonName: '2.5.4.3',
    countryName: '2.5.4.6',
    organizationName: '2.5.4.10',
    organizationalUnitName: '2.5.4.11',
    ecPublicKey: '1.2.840.10045.2.1',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
    ecdsaWithSha512: '1.2.840.10045.4.3.4',
    ed25519: '1.3.101.112',
    rsaEncryption: '1.2.840.113549.1.1.1',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    sha384WithRsa: '1.2.840.113549.1.1.12',
    sha512WithRsa: '1.2.840.113549.1.1.13',
    subjectKeyIdentifier: '2.5.29.14',
    keyUsage: '2.5.29.15',
    basicConstraints: '2.5.29.19',
    authorityKeyIdentifier: '2.5.29.35',
    extKeyUsage: '2.5.29.37',
    anyExtendedKeyUsage: '2.5.29.37.0',
    codeSigning: '1.3.6.1.5.5.7.3.3',
    timeStamping: '1.3.6.1.5.5.7.3.8',
};
/** RFC 5280 §4.1.2.2: serials are positive and at most 20 octets. */
const MAX_SERIAL_OCTETS = 20;
// ---------------------------------------------------------------- names
const SHORT_NAMES = {
    CN: OID.commonName,
    O: OID.organizationName,
    OU: OID.organizationalUnitName,
    C: OID.countryName,
};
/**
 * A DER Name with one attribute per RDN, in the given order. Values are UTF8String except
 * countryName, which RFC 5280 requires to be a PrintableString.
 */
function x509_name(attributes) {
    return sequence(...attributes.map((attr) => {
        const type = 'short' in attr ? SHORT_NAMES[attr.short] : attr.oid;
        const value = type === OID.countryName ? printableString(attr.value) : utf8String(attr.value);
        return setOf(sequence(oid(type), value));
    }));
}
const NAME_LABELS = {
    [OID.commonName]: 'CN',
    [OID.countryName]: 'C',
    [OID.organizationName]: 'O',
    [OID.organizationalUnitName]: 'OU',
};
/** A readable `O=x, CN=y` form of a DER Name, for error messages and logs. */
function describeName(nameDer) {
    const parts = [];
    for (const rdn of parseDer(nameDer).expect(Tag.SEQUENCE, 'Name').children()) {
        for (const atv of rdn.expect(Tag.SET, 'RelativeDistinguishedName').children()) {
            const [type, value] = atv.expect(Tag.SEQUENCE, 'AttributeTypeAndValue').children();
            if (!type || !value)
                throw new CoreError('DER_INVALID', 'AttributeTypeAndValue: too short');
            const typeOid = type.toOid('attribute type');
            parts.push(`${NAME_LABELS[typeOid] ?? typeOid}=${value.value.toString()}`);
        }
    }
    return parts.join(', ');
}
// ---------------------------------------------------------------- extension values
const KEY_USAGE_BITS = {
    digitalSignature: 0,
    nonRepudiation: 1,
    keyEncipherment: 2,
    dataEncipherment: 3,
    keyAgreement: 4,
    keyCertSign: 5,
    cRLSign: 6,
    encipherOnly: 7,
    decipherOnly: 8,
};
/** KeyUsage extnValue contents (a named BIT STRING). */
const keyUsage = (usages) => namedBitString(usages.map((u) => KEY_USAGE_BITS[u]));
/** ExtendedKeyUsage extnValue contents. */
const extKeyUsage = (oids) => sequence(...oids.map((o) => oid(o)));
/** BasicConstraints extnValue contents; cA FALSE is the DEFAULT, so DER omits it. */
function basicConstraints(ca, pathLen) {
    const items = [];
    if (ca)
        items.push(boolean(true));
    if (pathLen !== undefined)
        items.push(integer(pathLen));
    return sequence(...items);
}
/** The subjectPublicKey BIT STRING contents (without the unused-bits byte) of an SPKI. */
function subjectPublicKeyBits(spki) {
    const [, key] = parseDer(spki).expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
    if (!key)
        throw new CoreError('DER_INVALID', 'SubjectPublicKeyInfo: missing subjectPublicKey');
    return bitStringBytes(key, 'subjectPublicKey');
}
/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. Returns the key id bytes. */
const keyIdentifier = (spki) => createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
/** SubjectKeyIdentifier extnValue contents for the given SPKI. */
const subjectKeyIdentifier = (spki) => octetString(keyIdentifier(spki));
/** AuthorityKeyIdentifier extnValue contents carrying only keyIdentifier [0]. */
const authorityKeyIdentifier = (keyId) => sequence(contextTag(0, keyId, false));
const SIGNATURE_ALGORITHMS = {
    'ecdsa-sha256': { oid: OID.ecdsaWithSha256, hash: 'sha256', keyType: 'ec' },
    'ecdsa-sha384': { oid: OID.ecdsaWithSha384, hash: 'sha384', keyType: 'ec' },
    ed25519: { oid: OID.ed25519, hash: null, keyType: 'ed25519' },
};
/** Every signature algorithm we can verify, by OID (RSA only for third-party chains). */
const VERIFIABLE_ALGORITHMS = new Map([
    ...Object.values(SIGNATURE_ALGORITHMS).map((a) => [a.oid, a]),
    [OID.ecdsaWithSha512, { oid: OID.ecdsaWithSha512, hash: 'sha512', keyType: 'ec' }],
    [OID.sha256WithRsa, { oid: OID.sha256WithRsa, hash: 'sha256', keyType: 'rsa' }],
    [OID.sha384WithRsa, { oid: OID.sha384WithRsa, hash: 'sha384', keyType: 'rsa' }],
    [OID.sha512WithRsa, { oid: OID.sha512WithRsa, hash: 'sha512', keyType: 'rsa' }],
]);
/** AlgorithmIdentifier DER; ECDSA and Ed25519 identifiers carry no parameters (RFC 5758, 8410). */
const x509_signatureAlgorithmIdentifier = (algorithm) => sequence(oid(SIGNATURE_ALGORITHMS[algorithm].oid));
/** The algorithm matching a key: the curve's own hash for ECDSA, Ed25519 as is. */
function signatureAlgorithmFor(key) {
    if (key.asymmetricKeyType === 'ed25519')
        return 'ed25519';
    if (key.asymmetricKeyType === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1')
            return 'ecdsa-sha256';
        if (curve === 'secp384r1')
            return 'ecdsa-sha384';
        throw new TypeError(`unsupported EC curve ${curve ?? 'unknown'} (use P-256 or P-384)`);
    }
    throw new TypeError(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'} for certificates`);
}
/** A signing callback for a local private key (ECDSA signatures are DER, as X.509 wants). */
function signerFor(privateKey, algorithm = signatureAlgorithmFor(privateKey)) {
    const { hash, keyType } = SIGNATURE_ALGORITHMS[algorithm];
    if (privateKey.asymmetricKeyType !== keyType) {
        throw new TypeError(`a ${privateKey.asymmetricKeyType ?? 'unknown'} key cannot sign with ${algorithm}`);
    }
    return (tbs) => cryptoSign(hash, tbs, privateKey);
}
/**
 * 20 random bytes, first byte forced into 0x01..0x7f: positive, never shortened by the
 * INTEGER encoder, and never a 21st octet for the sign.
 */
function randomSerial() {
    const serial = randomBytes(MAX_SERIAL_OCTETS);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    return serial;
}
const VERSION_3 = der_contextTag(0, der_integer(2));
/** One Extension; critical FALSE is the DEFAULT, so DER omits it. */
const x509_encodeExtension = (ext) => ext.critical
    ? sequence(oid(ext.oid), boolean(true), octetString(ext.value))
    : sequence(oid(ext.oid), octetString(ext.value));
/**
 * The TBSCertificate DER. Split from signing so that a signer that answers asynchronously (a
 * KMS) can sign it, and so precertificate and final certificate share every byte but one
 * extension.
 */
function buildTbs(opts) {
    const serial = integer(opts.serial);
    if (serial.length - 2 > MAX_SERIAL_OCTETS || serial.equals(integer(0))) {
        throw new CoreError('DER_INVALID', 'certificate serial must be positive and at most 20 octets');
    }
    if (opts.notAfter.getTime() < opts.notBefore.getTime()) {
        throw new CoreError('DER_INVALID', 'certificate notAfter is before notBefore');
    }
    const parts = [
        VERSION_3,
        serial,
        x509_signatureAlgorithmIdentifier(opts.signatureAlgorithm),
        opts.issuer,
        sequence(x509Time(opts.notBefore), x509Time(opts.notAfter)),
        opts.subject,
        opts.publicKey,
    ];
    if (opts.extensions.length > 0) {
        parts.push(contextTag(3, sequence(...opts.extensions.map(x509_encodeExtension))));
    }
    return sequence(...parts);
}
/** A certificate from its TBS and the signature over it. */
const assembleCertificate = (tbs, algorithm, signature) => sequence(tbs, x509_signatureAlgorithmIdentifier(algorithm), bitString(signature));
/** Builds and signs an X.509 v3 certificate; returns its DER. */
function buildCertificate(opts, sign) {
    const tbs = buildTbs(opts);
    return assembleCertificate(tbs, opts.signatureAlgorithm, sign(tbs));
}
/** The public half of a key (node:crypto refuses createPublicKey on a public KeyObject). */
const publicKeyOf = (key) => key.type === 'public' ? key : createPublicKey(key);
/** SubjectPublicKeyInfo DER of a key (public or private). */
const spkiOf = (key) => publicKeyOf(key).export({ type: 'spki', format: 'der' });
/** A self-signed root CA: KeyUsage keyCertSign|cRLSign and BasicConstraints CA:TRUE, both critical. */
function createSelfSignedCa(opts) {
    const publicKey = spkiOf(opts.privateKey);
    const subject = x509_name([
        { short: 'O', value: opts.subject.organization },
        { short: 'CN', value: opts.subject.commonName },
    ]);
    return buildCertificate({
        serial: opts.serial ?? randomSerial(),
        issuer: subject,
        subject,
        notBefore: opts.notBefore,
        notAfter: opts.notAfter,
        publicKey,
        extensions: [
            { oid: OID.keyUsage, critical: true, value: keyUsage(['keyCertSign', 'cRLSign']) },
            { oid: OID.basicConstraints, critical: true, value: basicConstraints(true) },
            { oid: OID.subjectKeyIdentifier, value: subjectKeyIdentifier(publicKey) },
        ],
        signatureAlgorithm: signatureAlgorithmFor(opts.privateKey),
    }, signerFor(opts.privateKey));
}
/** A BIT STRING's bytes; keys and signatures are whole octets, so unused bits must be 0. */
function bitStringBytes(node, what) {
    node.expect(der_Tag.BIT_STRING, what);
    if (node.value[0] !== 0) {
        throw new error_CoreError('DER_INVALID', `${what}: BIT STRING unused bits must be 0`);
    }
    return node.value.subarray(1);
}
/**
 * The OID of an AlgorithmIdentifier. Parameters are not interpreted: every algorithm we verify
 * is identified by its OID alone, so unknown parameterised ones (RSA-PSS) simply don't verify.
 */
function algorithmOid(node, what) {
    if (!node)
        throw new error_CoreError('DER_INVALID', `${what}: missing`);
    const [id, , extra] = node.expect(der_Tag.SEQUENCE, what).children();
    if (!id || extra)
        throw new error_CoreError('DER_INVALID', `${what}: malformed AlgorithmIdentifier`);
    return id.toOid(what);
}
/** Extensions ::= SEQUENCE OF Extension (certificates and CSR extensionRequests alike). */
function parseExtensionList(node) {
    const seen = new Set();
    return node
        .expect(der_Tag.SEQUENCE, 'extensions')
        .children()
        .map((ext) => {
        const fields = ext.expect(der_Tag.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        if (!extOid || fields.length < 2 || fields.length > 3) {
            throw new error_CoreError('DER_INVALID', 'Extension: malformed');
        }
        if (seen.has(extOid))
            throw new error_CoreError('DER_INVALID', `duplicate extension ${extOid}`);
        seen.add(extOid);
        const critical = fields.length === 3 ? fields[1].toBoolean('critical') : false;
        const value = fields[fields.length - 1].expect(der_Tag.OCTET_STRING, 'extnValue');
        return { oid: extOid, critical, value: value.value };
    });
}
/** A certificate's [3] extensions wrapper. */
function parseExtensions(node) {
    const list = node.children();
    if (list.length !== 1)
        throw new error_CoreError('DER_INVALID', 'extensions: expected one SEQUENCE');
    return parseExtensionList(list[0]);
}
/** Parses a DER certificate strictly enough to trust its fields; CoreError DER_INVALID otherwise. */
function parseCertificate(der) {
    const root = der_parseDer(der).expect(der_Tag.SEQUENCE, 'Certificate');
    const [tbsNode, outerAlg, sigNode, extra] = root.children();
    if (!tbsNode || !outerAlg || !sigNode || extra) {
        throw new error_CoreError('DER_INVALID', 'Certificate: expected tbsCertificate, algorithm, signature');
    }
    const fields = tbsNode.expect(der_Tag.SEQUENCE, 'TBSCertificate').children();
    let i = 0;
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
        const [v] = fields[0].children();
        if (!v)
            throw new error_CoreError('DER_INVALID', 'TBSCertificate: empty version');
        version = v.toNumber('version') + 1;
        if (version < 2 || version > 3) {
            throw new error_CoreError('DER_INVALID', `TBSCertificate: unsupported version ${version}`);
        }
        i++;
    }
    const next = (what) => {
        const node = fields[i++];
        if (!node)
            throw new error_CoreError('DER_INVALID', `TBSCertificate: missing ${what}`);
        return node;
    };
    const serialNode = next('serialNumber');
    const serial = serialNode.toSignedBigInt('serialNumber');
    const innerAlg = next('signature');
    const issuer = next('issuer').expect(der_Tag.SEQUENCE, 'issuer');
    const validity = next('validity').expect(der_Tag.SEQUENCE, 'validity').children();
    if (validity.length !== 2)
        throw new error_CoreError('DER_INVALID', 'validity: expected two times');
    const subject = next('subject').expect(der_Tag.SEQUENCE, 'subject');
    const spki = next('subjectPublicKeyInfo').expect(der_Tag.SEQUENCE, 'subjectPublicKeyInfo');
    let extensions = [];
    for (; i < fields.length; i++) {
        const node = fields[i];
        if (node.tag === 0x81 || node.tag === 0x82)
            continue; // issuer/subject unique IDs (v2)
        if (node.tag === 0xa3 && version === 3 && i === fields.length - 1) {
            extensions = parseExtensions(node);
            continue;
        }
        throw new error_CoreError('DER_INVALID', `TBSCertificate: unexpected field 0x${node.tag.toString(16)}`);
    }
    if (!innerAlg.raw.equals(outerAlg.raw)) {
        throw new error_CoreError('DER_INVALID', 'Certificate: signature algorithm differs from the TBS one');
    }
    return {
        der: root.raw,
        tbs: tbsNode.raw,
        version,
        serial,
        serialBytes: serialNode.value,
        issuer: issuer.raw,
        subject: subject.raw,
        notBefore: validity[0].toDate('notBefore'),
        notAfter: validity[1].toDate('notAfter'),
        publicKey: spki.raw,
        extensions,
        signatureAlgorithm: algorithmOid(outerAlg, 'signatureAlgorithm'),
        signature: bitStringBytes(sigNode, 'signatureValue'),
    };
}
const x509_findExtension = (cert, extOid) => cert.extensions.find((e) => e.oid === extOid);
/** The OIDs of an ExtendedKeyUsage extnValue. */
const parseExtKeyUsage = (value) => parseDer(value)
    .expect(Tag.SEQUENCE, 'ExtendedKeyUsage')
    .children()
    .map((n) => n.toOid('KeyPurposeId'));
/** The usages set in a KeyUsage extnValue. */
function parseKeyUsage(value) {
    const bits = new Set(parseDer(value).toNamedBits('KeyUsage'));
    return new Set(Object.keys(KEY_USAGE_BITS).filter((u) => bits.has(KEY_USAGE_BITS[u])));
}
/** BasicConstraints extnValue: cA and the optional pathLenConstraint. */
function parseBasicConstraints(value) {
    const fields = parseDer(value).expect(Tag.SEQUENCE, 'BasicConstraints').children();
    let i = 0;
    let ca = false;
    if (fields[i]?.tag === Tag.BOOLEAN)
        ca = fields[i++].toBoolean('cA');
    const pathLen = fields[i] ? fields[i++].toNumber('pathLenConstraint') : undefined;
    if (i !== fields.length)
        throw new CoreError('DER_INVALID', 'BasicConstraints: malformed');
    return pathLen === undefined ? { ca } : { ca, pathLen };
}
/** The key identifier in a SubjectKeyIdentifier extnValue. */
const parseSubjectKeyIdentifier = (value) => parseDer(value).expect(Tag.OCTET_STRING, 'SubjectKeyIdentifier').value;
/** Whether `cert` is a CA certificate (BasicConstraints cA TRUE). */
function isCa(cert) {
    const ext = x509_findExtension(cert, OID.basicConstraints);
    return ext !== undefined && parseBasicConstraints(ext.value).ca;
}
/**
 * Verifies `signature` over `data` with the algorithm named by `algorithmOid`. CMS allows a
 * bare key algorithm (rsaEncryption, id-ecPublicKey) as the signature algorithm, with the
 * digest taken from the SignerInfo: pass that digest's node:crypto name as `digest`.
 * Unknown algorithms and key-type mismatches verify as false rather than throwing.
 */
function x509_verifySignature(algorithmOid, publicKey, data, signature, digest) {
    let info = VERIFIABLE_ALGORITHMS.get(algorithmOid);
    if (!info && digest !== undefined) {
        if (algorithmOid === OID.rsaEncryption)
            info = { oid: algorithmOid, hash: digest, keyType: 'rsa' };
        if (algorithmOid === OID.ecPublicKey)
            info = { oid: algorithmOid, hash: digest, keyType: 'ec' };
    }
    if (!info || publicKey.asymmetricKeyType !== info.keyType)
        return false;
    try {
        return (0,external_node_crypto_namespaceObject.verify)(info.hash, data, publicKey, signature);
    }
    catch {
        return false;
    }
}
/** Whether algorithm `algorithmOid` is one verifySignature understands. */
const isVerifiableAlgorithm = (algorithmOid) => VERIFIABLE_ALGORITHMS.has(algorithmOid);
/** Checks `cert`'s signature with its issuer's public key. */
function verifyCertificateSignature(cert, issuerPublicKey) {
    return x509_verifySignature(cert.signatureAlgorithm, issuerPublicKey, cert.tbs, cert.signature);
}
/** The certificate's public key as a KeyObject. */
function certificatePublicKey(cert) {
    try {
        return createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new CoreError('DER_INVALID', 'subjectPublicKeyInfo: unsupported or malformed key', {
            cause: error,
        });
    }
}
/** Whether `when` lies within the certificate's validity period (both ends inclusive). */
const isValidAt = (cert, when) => cert.notBefore.getTime() <= when.getTime() && when.getTime() <= cert.notAfter.getTime();
//# sourceMappingURL=x509.js.map
;// CONCATENATED MODULE: ./build/src/ca/extensions.js



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
    const node = parseDer(value);
    if (node.tag !== Tag.UTF8_STRING) {
        throw new CaError('IDENTITY_INVALID', `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`);
    }
    return node.value.toString('utf8');
}
function parseGeneralNames(value) {
    return parseDer(value)
        .expect(Tag.SEQUENCE, 'SubjectAltName')
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
    const sanExt = findExtension(cert, SUBJECT_ALT_NAME_OID);
    if (!sanExt)
        throw new CaError('IDENTITY_INVALID', 'certificate has no subject alternative name');
    const names = parseGeneralNames(sanExt.value);
    if (names.length !== 1 || names[0] === undefined) {
        throw new CaError('IDENTITY_INVALID', `certificate must name exactly one URI or email identity, found ${names.length}`);
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
;// CONCATENATED MODULE: ./build/src/ca/principal.js


/** A claim as a string: Fulcio stringifies numbers (integers without a fraction) and booleans. */
function claimText(claims, name) {
    const value = claims[name];
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    if (typeof value === 'boolean')
        return String(value);
    return undefined;
}
/** A claim the certificate cannot do without; the refusal names the claim and what needs it. */
function required(claims, name, provider, field) {
    const value = claimText(claims, name);
    if (value === undefined || value === '') {
        const present = claims[name] === null ? 'null' : 'missing';
        throw new error_CaError('IDENTITY_INVALID', `${provider} token claim "${name}" is ${present}; it is needed for ${field}`);
    }
    return value;
}
const label = (field) => field === 'san'
    ? 'the subject alternative name'
    : `the ${IDENTITY_EXTENSIONS[field].label} extension (${IDENTITY_EXTENSIONS[field].oid})`;
/** Reads required claims for one provider, naming the certificate field each one feeds. */
const claimReader = (claims, provider) => (claim, field) => required(claims, claim, provider, label(field));
/**
 * The web URL of the GitHub instance behind an Actions issuer: github.com for
 * token.actions.githubusercontent.com (with or without an enterprise slug), the tenant for
 * GHE.com (`token.actions.TENANT.ghe.com`), and the host for GHES (`HOST/_services/token`).
 */
function githubUrlFor(iss) {
    const url = new URL(iss);
    const tenant = /^token\.actions\.([-a-z0-9]+)\.ghe\.com$/.exec(url.hostname);
    if (tenant)
        return `https://${tenant[1]}.ghe.com`;
    if (url.pathname === '/_services/token' || url.pathname.startsWith('/_services/token/')) {
        return url.origin;
    }
    return 'https://github.com';
}
/** The instance URL of a GitLab issuer: the issuer itself (`https://gitlab.example.com[/path]`). */
const gitlabUrlFor = (iss) => iss.replace(/\/+$/, '');
function githubIdentity(claims, iss, baseUrl) {
    const need = claimReader(claims, 'GitHub Actions');
    const jobWorkflowRef = need('job_workflow_ref', 'san');
    const signer = `${baseUrl}/${jobWorkflowRef}`;
    const repository = need('repository', 'sourceRepositoryUri');
    const eventName = need('event_name', 'buildTrigger');
    const sha = need('sha', 'sourceRepositoryDigest');
    const ref = need('ref', 'sourceRepositoryRef');
    const identity = {
        san: { type: 'uri', value: signer },
        issuerV1: iss,
        githubWorkflowTrigger: eventName,
        githubWorkflowSha: sha,
        githubWorkflowName: need('workflow', 'githubWorkflowName'),
        githubWorkflowRepository: repository,
        githubWorkflowRef: ref,
        issuer: iss,
        buildSignerUri: signer,
        buildSignerDigest: need('job_workflow_sha', 'buildSignerDigest'),
        runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
        sourceRepositoryUri: `${baseUrl}/${repository}`,
        sourceRepositoryDigest: sha,
        sourceRepositoryRef: ref,
        sourceRepositoryIdentifier: need('repository_id', 'sourceRepositoryIdentifier'),
        sourceRepositoryOwnerUri: `${baseUrl}/${need('repository_owner', 'sourceRepositoryOwnerUri')}`,
        sourceRepositoryOwnerIdentifier: need('repository_owner_id', 'sourceRepositoryOwnerIdentifier'),
        buildConfigUri: `${baseUrl}/${need('workflow_ref', 'buildConfigUri')}`,
        buildConfigDigest: need('workflow_sha', 'buildConfigDigest'),
        buildTrigger: eventName,
        runInvocationUri: `${baseUrl}/${repository}/actions/runs/${need('run_id', 'runInvocationUri')}/attempts/${need('run_attempt', 'runInvocationUri')}`,
        sourceRepositoryVisibilityAtSigning: need('repository_visibility', 'sourceRepositoryVisibilityAtSigning'),
        subject: need('sub', 'subject'),
    };
    const environment = claimText(claims, 'environment');
    if (environment)
        identity.deploymentEnvironment = environment;
    return identity;
}
function gitlabIdentity(claims, iss, baseUrl) {
    const need = claimReader(claims, 'GitLab CI');
    const configRefUri = claims.ci_config_ref_uri;
    if (configRefUri === null) {
        // GitLab sends null when the CI config lives in another project or for fork MR pipelines.
        throw new error_CaError('IDENTITY_INVALID', 'GitLab CI token claim "ci_config_ref_uri" is null (the pipeline config lives in another project, or this is a fork merge-request pipeline); Signet cannot name the signing configuration, so no certificate is issued');
    }
    const scheme = new URL(baseUrl).protocol;
    const signer = `${scheme}//${need('ci_config_ref_uri', 'san')}`;
    const projectPath = need('project_path', 'sourceRepositoryUri');
    const refType = need('ref_type', 'sourceRepositoryRef');
    if (refType !== 'branch' && refType !== 'tag') {
        throw new error_CaError('IDENTITY_INVALID', `GitLab CI token claim "ref_type" is "${refType}"; expected "branch" or "tag"`);
    }
    const ref = need('ref', 'sourceRepositoryRef');
    const configSha = need('ci_config_sha', 'buildSignerDigest');
    const identity = {
        san: { type: 'uri', value: signer },
        issuerV1: iss,
        issuer: iss,
        buildSignerUri: signer,
        buildSignerDigest: configSha,
        runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
        sourceRepositoryUri: `${baseUrl}/${projectPath}`,
        sourceRepositoryDigest: need('sha', 'sourceRepositoryDigest'),
        sourceRepositoryRef: `refs/${refType === 'branch' ? 'heads' : 'tags'}/${ref}`,
        sourceRepositoryIdentifier: need('project_id', 'sourceRepositoryIdentifier'),
        sourceRepositoryOwnerUri: `${baseUrl}/${need('namespace_path', 'sourceRepositoryOwnerUri')}`,
        sourceRepositoryOwnerIdentifier: need('namespace_id', 'sourceRepositoryOwnerIdentifier'),
        buildConfigUri: signer,
        buildConfigDigest: configSha,
        buildTrigger: need('pipeline_source', 'buildTrigger'),
        runInvocationUri: `${baseUrl}/${projectPath}/-/jobs/${need('job_id', 'runInvocationUri')}`,
        sourceRepositoryVisibilityAtSigning: need('project_visibility', 'sourceRepositoryVisibilityAtSigning'),
        subject: need('sub', 'subject'),
    };
    const environment = claimText(claims, 'environment');
    if (environment)
        identity.deploymentEnvironment = environment;
    const refProtected = claimText(claims, 'ref_protected');
    if (refProtected !== undefined)
        identity.refProtected = refProtected;
    const environmentProtected = claimText(claims, 'environment_protected');
    if (environmentProtected !== undefined)
        identity.environmentProtected = environmentProtected;
    return identity;
}
/** A deliberately plain check: one @, no spaces, a dot in the domain (Fulcio uses net/mail). */
const principal_EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
function emailIdentity(claims, iss) {
    const email = required(claims, 'email', 'email issuer', label('san'));
    if (!principal_EMAIL.test(email)) {
        throw new error_CaError('IDENTITY_INVALID', `token claim "email" (${JSON.stringify(email)}) is not an email address`);
    }
    return {
        san: { type: 'email', value: email },
        issuerV1: iss,
        issuer: iss,
        subject: required(claims, 'sub', 'email issuer', label('subject')),
    };
}
function uriIdentity(claims, iss, issuer) {
    const sub = required(claims, 'sub', 'URI issuer', label('san'));
    let uri;
    try {
        uri = new URL(sub);
    }
    catch {
        throw new error_CaError('IDENTITY_INVALID', `token subject ${JSON.stringify(sub)} is not a URI`);
    }
    const domain = new URL(issuer.subjectDomain ?? '');
    if (uri.protocol !== domain.protocol || uri.hostname !== domain.hostname) {
        throw new error_CaError('IDENTITY_INVALID', `token subject ${JSON.stringify(sub)} is outside the issuer's subject domain ${domain.protocol}//${domain.hostname}`);
    }
    return { san: { type: 'uri', value: sub }, issuerV1: iss, issuer: iss, subject: sub };
}
/** The identity a certificate for this token carries. */
function identityFor(token) {
    const iss = required(token.claims, 'iss', 'identity', label('issuer'));
    switch (token.issuer.provider) {
        case 'github':
            return githubIdentity(token.claims, iss, token.issuer.ciUrl ?? githubUrlFor(iss));
        case 'gitlab':
            return gitlabIdentity(token.claims, iss, token.issuer.ciUrl ?? gitlabUrlFor(iss));
        case 'email':
            return emailIdentity(token.claims, iss);
        case 'uri':
            return uriIdentity(token.claims, iss, token.issuer);
    }
}
//# sourceMappingURL=principal.js.map
;// CONCATENATED MODULE: ./build/src/core/base64.js

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;
/** Standard base64 with padding (RFC 4648 §4), the form protojson emits for `bytes`. */
function base64_toBase64(data) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
/**
 * Decodes standard or URL-safe base64 (protojson parsers accept both), rejecting anything
 * else: Node's own decoder silently skips invalid characters, which would let garbage through.
 * `what` names the field in the error message.
 */
function fromBase64(text, what = 'value') {
    if (typeof text !== 'string') {
        throw new error_CoreError('BASE64_INVALID', `${what} must be a base64 string`);
    }
    // Each test scans the whole text, and verifiers decode kilobytes per bundle: scan once.
    const standard = STANDARD.test(text);
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if ((!standard && !URL_SAFE.test(text)) || (text.length - padding) % 4 === 1) {
        throw new error_CoreError('BASE64_INVALID', `${what} is not valid base64`);
    }
    if (padding > 0 && text.length % 4 !== 0) {
        throw new error_CoreError('BASE64_INVALID', `${what} has malformed base64 padding`);
    }
    return Buffer.from(text, standard ? 'base64' : 'base64url');
}
//# sourceMappingURL=base64.js.map
;// CONCATENATED MODULE: ./build/src/ca/csr.js






/**
 * PKCS#10 certificate signing requests (RFC 2986). The CA reads them as a proof of possession
 * (Fulcio's `certificateSigningRequest`, where only the key and the self-signature matter),
 * and the key ceremony writes one for the issuing CA so that an offline root can sign it.
 */
/** PKCS#9 extensionRequest (RFC 2985 §5.4.2): the extensions a requester asks for. */
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const PEM_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const csr_invalid = (message, cause) => new error_CaError('CSR_INVALID', `certificate signing request: ${message}`, cause === undefined ? undefined : { cause });
/** Runs a parsing step, turning the DER decoder's CoreErrors into CSR_INVALID. */
function step(what, parse) {
    try {
        return parse();
    }
    catch (error) {
        if (error instanceof error_CoreError) {
            const named = error.message.startsWith(`${what}:`);
            throw csr_invalid(named ? error.message : `${what}: ${error.message}`, error);
        }
        throw error;
    }
}
const TAG_NAMES = new Map([
    [der_Tag.SEQUENCE, 'a SEQUENCE'],
    [der_Tag.BIT_STRING, 'a BIT STRING'],
    [der_Tag.INTEGER, 'an INTEGER'],
    [0xa0, 'a [0] (attributes)'],
]);
function expectNode(node, tag, what) {
    if (node === undefined)
        throw csr_invalid(`missing ${what}`);
    if (node.tag !== tag) {
        const expected = TAG_NAMES.get(tag) ?? `tag 0x${tag.toString(16)}`;
        throw csr_invalid(`expected ${expected} at ${what}, found tag 0x${node.tag.toString(16)}`);
    }
    return node;
}
/** Exactly one DER SEQUENCE filling `bytes`. */
const parseSequence = (bytes, what) => expectNode(step(what, () => der_parseDer(bytes)), der_Tag.SEQUENCE, what);
/** The DER bytes of a CSR given as PEM text (or its bytes) or as DER. */
function csrDer(input) {
    if (typeof input !== 'string') {
        const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
        // A DER CSR starts with a SEQUENCE tag, which no PEM text does.
        if (bytes[0] === der_Tag.SEQUENCE)
            return bytes;
        input = bytes.toString('latin1');
    }
    const blocks = pem_parsePem(input).filter((b) => PEM_LABELS.has(b.label));
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw csr_invalid(blocks.length === 0
            ? 'neither DER nor a PEM block labelled CERTIFICATE REQUEST'
            : `expected one PEM CERTIFICATE REQUEST block, found ${blocks.length}`);
    }
    return blocks[0].der;
}
/**
 * Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }. The subject is ignored by the
 * CA, but a CSR whose fields do not decode is not one we want to pass on to anything else.
 * SET OF ordering is not checked: the signature covers the bytes as sent, whatever the order.
 */
function checkName(node) {
    step('subject', () => {
        for (const rdn of node.children()) {
            const atvs = rdn.expect(der_Tag.SET, 'RelativeDistinguishedName').children();
            if (atvs.length === 0)
                throw new error_CoreError('DER_INVALID', 'empty RelativeDistinguishedName');
            for (const atv of atvs) {
                const fields = atv.expect(der_Tag.SEQUENCE, 'AttributeTypeAndValue').children();
                if (fields.length !== 2) {
                    throw new error_CoreError('DER_INVALID', 'AttributeTypeAndValue: expected type and value');
                }
                fields[0].toOid('attribute type');
            }
        }
    });
}
/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function checkSpki(node) {
    const fields = step('subjectPKInfo', () => node.children());
    if (fields.length !== 2)
        throw csr_invalid('subjectPKInfo: expected algorithm and subjectPublicKey');
    step('subjectPKInfo algorithm', () => algorithmOid(fields[0], 'algorithm'));
    step('subjectPublicKey', () => bitStringBytes(expectNode(fields[1], der_Tag.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey'));
}
/** The Attributes in `[0] IMPLICIT SET OF Attribute`, as (type, values). */
function attributeList(attributes) {
    return step('attributes', () => der_parseDer(attributes)
        .children()
        .map((attr) => {
        const fields = attr.expect(der_Tag.SEQUENCE, 'Attribute').children();
        if (fields.length !== 2)
            throw new error_CoreError('DER_INVALID', 'Attribute: expected type and values');
        const type = fields[0].toOid('Attribute type');
        const values = fields[1].expect(der_Tag.SET, 'Attribute values').children();
        if (values.length === 0)
            throw new error_CoreError('DER_INVALID', `Attribute ${type}: no values`);
        return { type, values };
    }));
}
/**
 * The extensions a CSR asks for (its extensionRequest attribute), or none. The CA ignores
 * them when issuing; they matter to whoever signs a key-ceremony CSR.
 */
function requestedExtensions(csr) {
    const requests = attributeList(csr.attributes).filter((a) => a.type === OID_EXTENSION_REQUEST);
    if (requests.length === 0)
        return [];
    const [request] = requests;
    if (requests.length > 1 || request?.values.length !== 1) {
        throw csr_invalid('extensionRequest: expected one attribute with one value');
    }
    return step('extensionRequest', () => parseExtensionList(request.values[0]));
}
/**
 * Parses a PKCS#10 CSR from PEM text (or PEM bytes, labels CERTIFICATE REQUEST and NEW
 * CERTIFICATE REQUEST) or DER bytes. Strict: DER only, nothing after it, version 1 only,
 * every field well-formed. Throws CaError CSR_INVALID naming the part that is wrong. The
 * signature is not checked here: see verifyCsrSignature.
 */
function parseCsr(input) {
    const der = csrDer(input);
    if (der.length === 0)
        throw csr_invalid('empty input');
    const root = parseSequence(der, 'CertificationRequest');
    const [infoNode, algNode, sigNode, extra] = step('CertificationRequest', () => root.children());
    if (extra)
        throw csr_invalid('CertificationRequest: unexpected field after signature');
    expectNode(infoNode, der_Tag.SEQUENCE, 'CertificationRequestInfo');
    const signatureAlgorithm = step('signatureAlgorithm', () => algorithmOid(expectNode(algNode, der_Tag.SEQUENCE, 'signatureAlgorithm'), 'AlgorithmIdentifier'));
    const signature = step('signature', () => bitStringBytes(expectNode(sigNode, der_Tag.BIT_STRING, 'signature'), 'signature'));
    const [versionNode, subjectNode, spkiNode, attributesNode, more] = step('CertificationRequestInfo', () => infoNode.children());
    const version = step('version', () => expectNode(versionNode, der_Tag.INTEGER, 'version').toBigInt('version'));
    if (version !== 0n)
        throw csr_invalid(`unsupported CSR version ${version + 1n} (only v1, encoded 0)`);
    checkName(expectNode(subjectNode, der_Tag.SEQUENCE, 'subject'));
    checkSpki(expectNode(spkiNode, der_Tag.SEQUENCE, 'subjectPKInfo'));
    // RFC 2986 makes attributes mandatory (an empty [0] when there are none).
    const attributes = expectNode(attributesNode, 0xa0, 'attributes');
    if (more)
        throw csr_invalid('CertificationRequestInfo: unexpected field after attributes');
    const csr = {
        der: root.raw,
        info: infoNode.raw,
        subject: subjectNode.raw,
        publicKey: spkiNode.raw,
        attributes: attributes.raw,
        signatureAlgorithm,
        signature,
    };
    // Fulcio (Go's x509.ParseCertificateRequest) refuses CSRs whose attributes or requested
    // extensions do not decode, so this does too.
    requestedExtensions(csr);
    return csr;
}
/** The CSR's public key, or undefined when node:crypto cannot import it. */
function importKey(spki) {
    try {
        return (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch {
        return undefined;
    }
}
/**
 * Whether the CSR's self-signature verifies with its own key: ECDSA with SHA-256/384/512,
 * RSA PKCS#1 v1.5 with SHA-256/384/512, and Ed25519. Anything else (RSA-PSS, a key that does
 * not match the algorithm, a key node:crypto cannot import) is false, never an exception.
 * Whether the key and algorithm are acceptable is the caller's policy, not checked here.
 */
function verifyCsrSignature(csr) {
    const key = importKey(csr.publicKey);
    return key !== undefined && x509_verifySignature(csr.signatureAlgorithm, key, csr.info, csr.signature);
}
/**
 * Builds and signs a CSR; returns its DER. `sign` gets the CertificationRequestInfo DER and
 * returns the signature as X.509 wants it (DER for ECDSA), so a KMS key can sign. The result
 * is parsed and its signature checked before it is returned: a signer whose key is not
 * `publicKey` (a misconfigured KMS key) fails here, with CaError CA_CONFIG_INVALID, rather
 * than at the offline root ceremony.
 */
async function buildCsr(opts, sign) {
    const subject = Buffer.from(opts.subject);
    const publicKey = Buffer.from(opts.publicKey);
    checkName(parseSequence(subject, 'subject'));
    checkSpki(parseSequence(publicKey, 'subjectPKInfo'));
    const extensions = opts.extensions ?? [];
    if (new Set(extensions.map((e) => e.oid)).size !== extensions.length) {
        throw new TypeError('buildCsr: duplicate extension OIDs');
    }
    // At most one Attribute, so the SET OF needs no sorting; [0] is IMPLICIT, so the SET's own
    // tag is replaced rather than wrapped.
    const attributes = extensions.length === 0
        ? []
        : [sequence(oid(OID_EXTENSION_REQUEST), setOf(sequence(...extensions.map(encodeExtension))))];
    const info = sequence(integer(0), subject, publicKey, contextTag(0, Buffer.concat(attributes)));
    const algorithm = signatureAlgorithmIdentifier(opts.signatureAlgorithm);
    const der = sequence(info, algorithm, bitString(await sign(info)));
    if (!verifyCsrSignature(parseCsr(der))) {
        throw new CaError('CA_CONFIG_INVALID', `the CSR signature does not verify with its public key (a signer for another key, ` +
            `or an ECDSA signature that is not DER?)`);
    }
    return der;
}
//# sourceMappingURL=csr.js.map
;// CONCATENATED MODULE: ./build/src/ca/request.js







const request_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Protojson parsers accept both the camelCase JSON name and the proto field name. */
function field(object, camel, snake) {
    return object[camel] ?? object[snake];
}
function bearerToken(authorization) {
    if (authorization === undefined)
        return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
        throw new error_CaError('REQUEST_INVALID', 'the Authorization header must be "Bearer <identity token>"');
    }
    return match[1];
}
function parseSigningCertificateRequest(body, authorization) {
    if (!request_isObject(body)) {
        throw new error_CaError('REQUEST_INVALID', 'request body must be a JSON object');
    }
    const credentials = body.credentials;
    if (credentials !== undefined && credentials !== null && !request_isObject(credentials)) {
        throw new error_CaError('REQUEST_INVALID', 'credentials must be an object');
    }
    const bodyToken = credentials
        ? field(credentials, 'oidcIdentityToken', 'oidc_identity_token')
        : undefined;
    if (bodyToken !== undefined && bodyToken !== null && typeof bodyToken !== 'string') {
        throw new error_CaError('REQUEST_INVALID', 'credentials.oidcIdentityToken must be a string');
    }
    // As in Fulcio, a non-empty token in the body wins over the header.
    const token = bodyToken || bearerToken(authorization);
    if (!token) {
        throw new error_CaError('REQUEST_INVALID', 'no identity token: send it as credentials.oidcIdentityToken or in an "Authorization: Bearer" header');
    }
    // Unset protojson fields may arrive as null.
    const publicKeyRequest = field(body, 'publicKeyRequest', 'public_key_request') ?? undefined;
    const csrField = field(body, 'certificateSigningRequest', 'certificate_signing_request') ?? undefined;
    if ((publicKeyRequest === undefined) === (csrField === undefined)) {
        throw new error_CaError('REQUEST_INVALID', 'send exactly one of publicKeyRequest (a public key and proof of possession) or certificateSigningRequest');
    }
    if (csrField !== undefined) {
        if (typeof csrField !== 'string') {
            throw new error_CaError('REQUEST_INVALID', 'certificateSigningRequest must be a base64 string');
        }
        return { token, proof: { kind: 'csr', csr: decodeCsr(csrField) } };
    }
    if (!request_isObject(publicKeyRequest)) {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest must be an object');
    }
    const publicKey = field(publicKeyRequest, 'publicKey', 'public_key');
    if (!request_isObject(publicKey) || typeof publicKey.content !== 'string') {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest.publicKey.content must be the public key as a PEM string');
    }
    const proof = field(publicKeyRequest, 'proofOfPossession', 'proof_of_possession');
    if (typeof proof !== 'string' || proof === '') {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest.proofOfPossession must be the base64 signature over the token subject');
    }
    return {
        token,
        proof: {
            kind: 'public-key',
            publicKey: decodePublicKey(publicKey.content),
            signature: request_decodeBase64(proof, 'publicKeyRequest.proofOfPossession'),
        },
    };
}
function request_decodeBase64(text, what) {
    try {
        return fromBase64(text, what);
    }
    catch (error) {
        throw new error_CaError('REQUEST_INVALID', error.message, { cause: error });
    }
}
function decodeCsr(text) {
    const bytes = request_decodeBase64(text, 'certificateSigningRequest');
    try {
        // Fulcio clients send base64 of the PEM text; DER inside the base64 is accepted too.
        return parseCsr(bytes[0] === 0x30 ? bytes : bytes.toString('utf8'));
    }
    catch (error) {
        if (error instanceof error_CaError)
            throw error;
        throw new error_CaError('CSR_INVALID', `the certificate signing request could not be parsed: ${error.message}`, { cause: error });
    }
}
/** PEM is tried first, then the content's bytes as DER, as Fulcio does. */
function decodePublicKey(content) {
    let der;
    try {
        const blocks = pem_parsePem(content);
        der = blocks.length > 0 ? blocks[0]?.der : Buffer.from(content, 'utf8');
        if (blocks.length > 1 || (blocks[0] && blocks[0].label !== 'PUBLIC KEY')) {
            throw new error_CoreError('PEM_INVALID', 'expected a single "PUBLIC KEY" PEM block');
        }
    }
    catch (error) {
        throw new error_CaError('PUBLIC_KEY_INVALID', `the public key could not be parsed: ${error.message}`, { cause: error });
    }
    return der;
}
const CURVE_HASH = {
    prime256v1: { hash: 'sha256', name: 'ECDSA P-256' },
    secp384r1: { hash: 'sha384', name: 'ECDSA P-384' },
    secp521r1: { hash: 'sha512', name: 'ECDSA P-521' },
};
/** RSA moduli Fulcio's default algorithm list allows (PKCS#1 v1.5 with SHA-256). */
const ALLOWED_RSA_BITS = [2048, 3072, 4096];
/**
 * Parses and vets a client public key (SPKI DER) the way Fulcio's goodkey check and default
 * `--client-signing-algorithms` do: EC P-256/384/521, RSA 2048/3072/4096 with e = 65537, Ed25519.
 */
function clientKey(spki) {
    let key;
    try {
        key = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new error_CaError('PUBLIC_KEY_INVALID', `the public key could not be parsed: ${error.message}`, { cause: error });
    }
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
        case 'ec': {
            const curve = CURVE_HASH[details.namedCurve ?? ''];
            if (!curve) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `EC curve ${details.namedCurve ?? 'unknown'} is not accepted; use P-256, P-384 or P-521`);
            }
            return { key, hash: curve.hash, description: curve.name };
        }
        case 'rsa': {
            const bits = details.modulusLength ?? 0;
            if (!ALLOWED_RSA_BITS.includes(bits)) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `RSA key of ${bits} bits is not accepted; use ${ALLOWED_RSA_BITS.join(', ')} bits`);
            }
            if (details.publicExponent !== 65537n) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `RSA public exponent ${String(details.publicExponent)} is not accepted; it must be 65537`);
            }
            return { key, hash: 'sha256', description: `RSA-${bits}` };
        }
        case 'ed25519':
            return { key, hash: null, description: 'Ed25519' };
        default:
            throw new error_CaError('PUBLIC_KEY_INSECURE', `${key.asymmetricKeyType ?? 'unknown'} keys are not accepted; use ECDSA (P-256 recommended), RSA or Ed25519`);
    }
}
/** The CSR signature algorithms that match each key's default hash (Fulcio's allow-list). */
const CSR_ALGORITHMS = {
    [OID.ecdsaWithSha256]: 'sha256',
    [OID.ecdsaWithSha384]: 'sha384',
    [OID.ecdsaWithSha512]: 'sha512',
    [OID.sha256WithRsa]: 'sha256',
    [OID.ed25519]: null,
};
/**
 * Checks the proof of possession and returns the key to certify (SPKI DER). The proof is a
 * signature over the challenge claim's value (the token's email or subject), or the CSR's
 * self-signature.
 */
function verifyProofOfPossession(request, challenge) {
    const { proof } = request;
    if (proof.kind === 'csr') {
        const { hash, description } = clientKey(proof.csr.publicKey);
        const algorithmHash = CSR_ALGORITHMS[proof.csr.signatureAlgorithm];
        if (algorithmHash === undefined || algorithmHash !== hash) {
            throw new error_CaError('ALGORITHM_NOT_ALLOWED', `signing algorithm not permitted: CSR signature algorithm ${proof.csr.signatureAlgorithm} with a ${description} key`);
        }
        if (!verifyCsrSignature(proof.csr)) {
            throw new error_CaError('SIGNATURE_INVALID', 'the certificate signing request signature does not verify with its public key');
        }
        return proof.csr.publicKey;
    }
    const { key, hash } = clientKey(proof.publicKey);
    let valid = false;
    try {
        valid = (0,external_node_crypto_namespaceObject.verify)(hash, Buffer.from(challenge.value, 'utf8'), key, proof.signature);
    }
    catch {
        valid = false;
    }
    if (!valid) {
        throw new error_CaError('SIGNATURE_INVALID', `the proof of possession does not verify: it must be a signature by the requested key over the token's "${challenge.claim}" claim (${JSON.stringify(challenge.value)})`);
    }
    return proof.publicKey;
}
//# sourceMappingURL=request.js.map
;// CONCATENATED MODULE: ./build/src/ca/fulcio.js




/**
 * Checks a `CreateSigningCertificateRequest`. Order matters for the messages: a malformed
 * request is named before the token is looked at, and the token is verified before any key
 * work, so a bad token is always reported as such.
 */
async function admitSigningRequest(verifier, body, authorization) {
    const request = parseSigningCertificateRequest(body, authorization);
    const token = await verifier.verify(request.token);
    const identity = identityFor(token);
    const publicKey = verifyProofOfPossession(request, {
        claim: token.issuer.challengeClaim,
        value: challengeFor(token),
    });
    return { identity, publicKey };
}
const pem = (der) => toPem('CERTIFICATE', der);
class FulcioApi {
    ca;
    constructor(ca) {
        this.ca = ca;
    }
    /** Issues the certificate for an admitted request and shapes the response. */
    async issue({ identity, publicKey }) {
        const issued = await this.ca.issue(identity, publicKey);
        const chain = { certificates: issued.chain.map(pem) };
        const response = issued.sct
            ? { signedCertificateEmbeddedSct: { chain } }
            : { signedCertificateDetachedSct: { chain } };
        return { response, identity, certificate: issued.certificate, serial: issued.serial };
    }
    /** Both phases on this thread. */
    async createSigningCertificate(verifier, body, authorization) {
        return this.issue(await admitSigningRequest(verifier, body, authorization));
    }
    /** `GET /api/v2/trustBundle`: the CA chain without a leaf. */
    trustBundle() {
        return { chains: [{ certificates: this.ca.chain.map(pem) }] };
    }
}
//# sourceMappingURL=fulcio.js.map
;// CONCATENATED MODULE: ./build/src/core/prehash.js



class PrehashError extends SignetError {
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
const prehash_MIN_RSA_BITS = 2048;
const LEHMER_DIGIT_BITS = 50;
const UNCOMPRESSED = Buffer.from([0x04]);
/**
 * The fixed message the shifted-key strategy hands to OpenSSL, and its digest h0 as a
 * scalar. SHA-256 is no longer than the order of P-384 or P-521, so no truncation applies.
 */
const SHIFT_HASH = 'sha256';
const SHIFT_MESSAGE = Buffer.alloc(0);
const SHIFT_DIGEST = bytesToBigInt((0,external_node_crypto_namespaceObject.createHash)(SHIFT_HASH).update(SHIFT_MESSAGE).digest());
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
    if (key.kind === 'rsa' && key.modulusBits < prehash_MIN_RSA_BITS) {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `RSA keys need a modulus of at least ${prehash_MIN_RSA_BITS} bits, this one has ${key.modulusBits}`);
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
        const fields = der_parseDer(bytes).expect(der_Tag.SEQUENCE, 'SubjectPublicKeyInfo').children();
        if (fields.length !== 2)
            throw invalidKey('a SubjectPublicKeyInfo has exactly two fields');
        const identifier = fields[0].expect(der_Tag.SEQUENCE, 'algorithm').children();
        if (identifier.length < 1 || identifier.length > 2) {
            throw invalidKey('malformed AlgorithmIdentifier');
        }
        algorithm = identifier[0].toOid('algorithm');
        parameters = identifier[1];
        const bitString = fields[1].expect(der_Tag.BIT_STRING, 'subjectPublicKey').value;
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
        if (parameters?.tag !== der_Tag.OID) {
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
            expanded = external_node_crypto_namespaceObject.ECDH.convertKey(point, curve.name, undefined, undefined, 'uncompressed');
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
    if (parameters === undefined || parameters.tag !== der_Tag.NULL || parameters.value.length !== 0) {
        return unsupported(OID_RSA_ENCRYPTION, 'rsaEncryption keys must have NULL parameters (RFC 3279 2.3.1)');
    }
    let modulus;
    try {
        const [n, e, extra] = der_parseDer(subjectPublicKey)
            .expect(der_Tag.SEQUENCE, 'RSAPublicKey')
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
        key = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
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
        encoded = (0,external_node_crypto_namespaceObject.publicDecrypt)({ key, padding: external_node_crypto_namespaceObject.constants.RSA_NO_PADDING }, signature);
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
    const x = bytesToBigInt(ecdh.computeSecret(encodePoint(curve, sum)));
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
    const key = (0,external_node_crypto_namespaceObject.createPublicKey)({
        key: Buffer.concat([curve.spkiPrefix, encodePoint(curve, shifted)]),
        format: 'der',
        type: 'spki',
    });
    const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
    return (0,external_node_crypto_namespaceObject.verify)(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}
/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve, k) {
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(k, curve.size));
    const point = ecdh.getPublicKey();
    return [
        bytesToBigInt(point.subarray(1, 1 + curve.size)),
        bytesToBigInt(point.subarray(1 + curve.size)),
    ];
}
function encodePoint(curve, [x, y]) {
    return Buffer.concat([UNCOMPRESSED, toFixedBytes(x, curve.size), toFixedBytes(y, curve.size)]);
}
function ecdhFor(curve) {
    let ecdh = ecdhByCurve.get(curve);
    if (ecdh === undefined) {
        ecdh = (0,external_node_crypto_namespaceObject.createECDH)(curve.name);
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
/**
 * Inverse of `a` (in [1, m-1]) modulo the prime m, by Lehmer's extended Euclid (Knuth,
 * TAOCP 4.5.2, Algorithm L): runs of quotients are found from the leading 50 bits in float
 * arithmetic and applied to the BigInts as one 2x2 matrix, which is about three times faster
 * than dividing BigInts at every step. Every float stays below 2^52, where division and
 * Math.floor are exact. The final multiplication check costs well under a microsecond and
 * turns any arithmetic slip into a loud failure rather than a wrong verdict.
 */
function modInverse(a, m) {
    let u = m;
    let v = a;
    // Coefficients of `a`: u ≡ tu·a and v ≡ tv·a (mod m) throughout.
    let tu = 0n;
    let tv = 1n;
    while (v !== 0n) {
        const shift = BigInt(Math.max(0, u.toString(16).length * 4 - LEHMER_DIGIT_BITS));
        let uHat = Number(u >> shift);
        let vHat = Number(v >> shift);
        let A = 1;
        let B = 0;
        let C = 0;
        let D = 1;
        while (vHat + C !== 0 && vHat + D !== 0) {
            const q = Math.floor((uHat + A) / (vHat + C));
            if (q !== Math.floor((uHat + B) / (vHat + D)))
                break;
            [A, C] = [C, A - q * C];
            [B, D] = [D, B - q * D];
            [uHat, vHat] = [vHat, uHat - q * vHat];
        }
        if (B === 0) {
            // The leading digits could not settle even one quotient: take a full-precision step.
            const q = u / v;
            [u, v] = [v, u - q * v];
            [tu, tv] = [tv, tu - q * tv];
        }
        else {
            const [a0, b0, c0, d0] = [BigInt(A), BigInt(B), BigInt(C), BigInt(D)];
            [u, v] = [a0 * u + b0 * v, c0 * u + d0 * v];
            [tu, tv] = [a0 * tu + b0 * tv, c0 * tu + d0 * tv];
        }
    }
    const inverse = tu < 0n ? tu + m : tu;
    if (u !== 1n || (a * inverse) % m !== 1n) {
        throw new Error(`modular inverse failed (gcd ${u}); the caller broke the [1, m-1] contract`);
    }
    return inverse;
}
/** `bytes` must be non-empty, as every caller's input is by construction. */
function bytesToBigInt(bytes) {
    return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}
function toFixedBytes(value, size) {
    return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
//# sourceMappingURL=prehash.js.map
;// CONCATENATED MODULE: ./build/src/oidc/issuers.js





/** The audience Fulcio requires when an issuer names no ClientID. */
const DEFAULT_AUDIENCE = 'sigstore';
/** Fulcio's meta-issuer wildcard: one segment, never crossing "." or "/". */
const WILDCARD_SEGMENT = '[-_a-zA-Z0-9]+';
const github = (issuerUrl, wildcard) => ({
    issuerUrl,
    wildcard,
    provider: 'github',
    audience: DEFAULT_AUDIENCE,
    challengeClaim: 'sub',
    skipEmailVerification: false,
});
/**
 * Used when the operator configures no identity section: GitHub Actions on github.com, its
 * enterprise-slug issuers (`include_enterprise_slug`), GHE.com data-residency tenants with and
 * without a slug, and GitLab.com. GHES and self-managed GitLab are per-installation and must be
 * configured.
 */
const DEFAULT_ISSUERS = Object.freeze({
    issuers: Object.freeze([
        github('https://token.actions.githubusercontent.com', false),
        { ...github('https://gitlab.com', false), provider: 'gitlab' },
        github('https://token.actions.githubusercontent.com/*', true),
        github('https://token.actions.*.ghe.com', true),
        github('https://token.actions.*.ghe.com/*', true),
    ].map((issuer) => Object.freeze(issuer))),
});
// ---------------------------------------------------------------------------------------------
// Parsing the Fulcio-shaped identity config
/** Each setting with its JSON (Go field) and YAML spellings, as Fulcio's config.go reads them. */
const TOP_LEVEL = {
    oidcIssuers: ['OIDCIssuers', 'oidc-issuers'],
    metaIssuers: ['MetaIssuers', 'meta-issuers'],
    ciIssuerMetadata: ['CIIssuerMetadata', 'ci-issuer-metadata'],
};
const ISSUER_FIELDS = {
    issuerUrl: ['IssuerURL', 'issuer-url'],
    clientId: ['ClientID', 'client-id'],
    type: ['Type', 'type'],
    ciProvider: ['CIProvider', 'ci-provider'],
    subjectDomain: ['SubjectDomain', 'subject-domain'],
    challengeClaim: ['ChallengeClaim', 'challenge-claim'],
    skipEmailVerification: ['SkipEmailVerification', 'skip-email-verification'],
    description: ['Description', 'description'],
    contact: ['Contact', 'contact'],
    environment: ['Environment', 'environment'],
    caCert: ['CACert', 'ca-cert'],
    issuerClaim: ['IssuerClaim', 'issuer-claim'],
    spiffeTrustDomain: ['SPIFFETrustDomain', 'spiffe-trust-domain'],
};
const CI_METADATA_FIELDS = {
    defaultTemplateValues: ['DefaultTemplateValues', 'default-template-values'],
    extensionTemplates: ['ExtensionTemplates', 'extension-templates'],
    sanTemplate: ['SubjectAlternativeNameTemplate', 'subject-alternative-name-template'],
};
/** The Fulcio types Signet issues for, and the provider each maps to. */
const SUPPORTED_TYPES = {
    email: 'email',
    uri: 'uri',
    'github-workflow': 'github',
    'gitlab-pipeline': 'gitlab',
};
const CI_PROVIDERS = {
    'github-workflow': 'github',
    'gitlab-pipeline': 'gitlab',
};
/** Fulcio issuerType strings for /api/v2/configuration. */
const ISSUER_TYPE = {
    github: 'github-workflow',
    gitlab: 'gitlab-pipeline',
    email: 'email',
    uri: 'uri',
};
const SUPPORTED_LIST = 'email, uri, github-workflow, gitlab-pipeline, or ci-provider with ci-provider github-workflow or gitlab-pipeline';
/** Why each Fulcio type Signet refuses is refused, and what to use instead. */
const UNSUPPORTED_TYPES = {
    username: 'username identities (an otherName SAN of sub!subject-domain) are not issued by Signet; use an email or uri issuer',
    spiffe: 'SPIFFE workload identities are not issued by Signet; Signet signs for CI pipelines (github-workflow, gitlab-pipeline), email and uri identities',
    kubernetes: 'Kubernetes service-account identities are not issued by Signet; sign from CI (github-workflow, gitlab-pipeline) or use a key held in KMS',
    'buildkite-job': 'only the GitHub Actions and GitLab CI certificate profiles are built in (no Buildkite claims mapping)',
    'codefresh-workflow': 'only the GitHub Actions and GitLab CI certificate profiles are built in (no Codefresh claims mapping)',
    'chainguard-identity': "Chainguard identities are specific to Chainguard's own Fulcio; only the GitHub Actions and GitLab CI profiles are built in",
};
class ConfigReader {
    source;
    constructor(source) {
        this.source = source;
    }
    error(path, problem) {
        const where = path === '' ? '' : `${path}: `;
        return new OidcError('CONFIG_INVALID', `invalid identity configuration in ${this.source}: ${where}${problem}`);
    }
    mapping(value, path) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw this.error(path, `must be a mapping, got ${describeType(value)}`);
        }
        return value;
    }
    /** Reads `object` against `spec`, accepting either spelling of each key and refusing others. */
    fields(object, spec, path) {
        const out = {};
        for (const [key, value] of Object.entries(object)) {
            const name = Object.keys(spec).find((field) => spec[field].includes(key));
            const at = join(path, key);
            if (name === undefined)
                throw this.error(at, unknownKeyProblem(key, spec));
            const previous = out[name];
            if (previous !== undefined) {
                throw this.error(at, `given twice, also as ${previous.path}; use one spelling`);
            }
            out[name] = { value, path: at };
        }
        return out;
    }
    string(field) {
        if (field === undefined)
            return undefined;
        if (typeof field.value !== 'string') {
            throw this.error(field.path, `must be a string, got ${describeType(field.value)}`);
        }
        return field.value;
    }
    nonEmptyString(field) {
        const value = this.string(field);
        if (value !== undefined && value.trim() === '') {
            throw this.error(field.path, 'must not be empty');
        }
        return value;
    }
    boolean(field) {
        if (field === undefined)
            return undefined;
        if (typeof field.value !== 'boolean') {
            throw this.error(field.path, `must be true or false, got ${describeType(field.value)}`);
        }
        return field.value;
    }
}
function join(path, key) {
    const plain = /^[A-Za-z][A-Za-z0-9_-]*$/.test(key);
    const segment = plain ? key : `[${JSON.stringify(key)}]`;
    return path === '' ? segment : plain ? `${path}.${segment}` : `${path}${segment}`;
}
function unknownKeyProblem(key, spec) {
    const known = Object.values(spec).map(([json, yaml]) => `${json}/${yaml}`);
    const loose = (text) => text.toLowerCase().replace(/[-_]/g, '');
    const near = Object.values(spec)
        .flat()
        .find((spelling) => loose(spelling) === loose(key));
    const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
    return `unknown setting ${JSON.stringify(key)}${hint}; known: ${known.join(', ')}`;
}
function describeType(value) {
    if (value === null || value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    return typeof value === 'object' ? 'a mapping' : `the ${typeof value} ${JSON.stringify(value)}`;
}
/**
 * Parses the identity section of the config (Fulcio's config file shape, JSON or YAML
 * spellings; already parsed from YAML/JSON by the caller). `source` names where it came from
 * in messages. Throws OidcError CONFIG_INVALID naming the key path of the first problem.
 */
function parseIdentityConfig(raw, source) {
    const reader = new ConfigReader(source);
    const top = reader.fields(reader.mapping(raw, ''), TOP_LEVEL, '');
    const ciUrls = parseCiMetadata(reader, top.ciIssuerMetadata);
    const exact = parseIssuerMap(reader, top.oidcIssuers, false, ciUrls);
    const meta = parseIssuerMap(reader, top.metaIssuers, true, ciUrls);
    const issuers = [...exact, ...meta];
    if (issuers.length === 0) {
        throw reader.error('', 'no issuers are configured (neither oidc-issuers nor meta-issuers has an entry); without one every token is refused');
    }
    return { issuers };
}
function parseIssuerMap(reader, field, wildcard, ciUrls) {
    if (field === undefined || field.value === null)
        return [];
    const map = reader.mapping(field.value, field.path);
    return Object.entries(map).map(([key, value]) => parseIssuer(reader, key, value, join(field.path, key), wildcard, ciUrls));
}
function parseIssuer(reader, key, value, path, wildcard, ciUrls) {
    const problem = wildcard
        ? metaPatternProblem(key)
        : key.includes('*')
            ? 'contains "*"; wildcard patterns belong in meta-issuers'
            : issuerUrlProblem(key);
    if (problem !== undefined) {
        const what = wildcard ? 'meta-issuer pattern' : 'issuer URL';
        throw reader.error(path, `${what} ${JSON.stringify(key)} ${problem}`);
    }
    const f = reader.fields(reader.mapping(value, path), ISSUER_FIELDS, path);
    const configuredUrl = reader.string(f.issuerUrl);
    if (configuredUrl !== undefined && configuredUrl !== key) {
        throw reader.error(f.issuerUrl?.path ?? path, `${JSON.stringify(configuredUrl)} differs from the key ${JSON.stringify(key)} it is configured under; tokens are matched against the key, so omit it or make them equal`);
    }
    for (const refused of ['issuerClaim', 'spiffeTrustDomain']) {
        if (f[refused] !== undefined)
            throw reader.error(f[refused].path, REFUSED_FIELD[refused]);
    }
    const provider = parseProvider(reader, f, path);
    const settings = {
        issuerUrl: key,
        wildcard,
        provider,
        audience: reader.nonEmptyString(f.clientId) ?? DEFAULT_AUDIENCE,
        challengeClaim: parseChallengeClaim(reader, f, provider),
        skipEmailVerification: parseSkipEmailVerification(reader, f, provider),
    };
    const subjectDomain = parseSubjectDomain(reader, f, provider, key, path);
    if (subjectDomain !== undefined)
        settings.subjectDomain = subjectDomain;
    const caCert = parseCaCert(reader, f.caCert);
    if (caCert !== undefined)
        settings.caCert = caCert;
    const ciUrl = ciUrls[provider];
    if (ciUrl !== undefined)
        settings.ciUrl = ciUrl;
    const description = reader.string(f.description);
    if (description !== undefined)
        settings.description = description;
    const contact = reader.string(f.contact);
    if (contact !== undefined)
        settings.contact = contact;
    reader.string(f.environment); // Fulcio's staging/production label: informational only.
    return settings;
}
const REFUSED_FIELD = {
    issuerClaim: "issuer-claim (a JSONPath that takes the certificate issuer from a claim, as for Dex federation) is not supported: Signet records the token's own iss; configure each upstream identity provider as an issuer directly",
    spiffeTrustDomain: 'spiffe-trust-domain is not supported: Signet does not issue SPIFFE identities',
};
function parseProvider(reader, f, path) {
    const type = reader.string(f.type);
    if (type === undefined)
        throw reader.error(join(path, 'type'), `is required (${SUPPORTED_LIST})`);
    const at = f.type.path;
    const ciProvider = reader.string(f.ciProvider);
    if (type === 'ci-provider') {
        if (ciProvider === undefined) {
            throw reader.error(join(path, 'ci-provider'), 'is required with type ci-provider (github-workflow or gitlab-pipeline)');
        }
        const provider = CI_PROVIDERS[ciProvider];
        if (provider === undefined) {
            throw reader.error(f.ciProvider.path, `${JSON.stringify(ciProvider)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`);
        }
        return provider;
    }
    if (ciProvider !== undefined) {
        throw reader.error(f.ciProvider.path, `only applies to type ci-provider, not ${JSON.stringify(type)}`);
    }
    const provider = SUPPORTED_TYPES[type];
    if (provider !== undefined)
        return provider;
    const reason = UNSUPPORTED_TYPES[type];
    throw reader.error(at, reason === undefined
        ? `unknown type ${JSON.stringify(type)}; supported: ${SUPPORTED_LIST}`
        : `type ${JSON.stringify(type)} is not supported: ${reason}`);
}
/**
 * The claim a proof of possession signs is fixed by the identity type (Fulcio's principal
 * Name()); ChallengeClaim only advertises it in /api/v2/configuration. A value contradicting the
 * type would make clients sign the wrong string, so it is refused rather than passed on.
 */
function parseChallengeClaim(reader, f, provider) {
    const expected = provider === 'email' ? 'email' : 'sub';
    const given = reader.string(f.challengeClaim);
    if (given !== undefined && given !== expected) {
        throw reader.error(f.challengeClaim.path, `${JSON.stringify(given)} is not possible: ${provider} issuers always sign the "${expected}" claim (omit it)`);
    }
    return expected;
}
function parseSkipEmailVerification(reader, f, provider) {
    const skip = reader.boolean(f.skipEmailVerification);
    if (skip !== undefined && provider !== 'email') {
        throw reader.error(f.skipEmailVerification.path, `only applies to email issuers, not ${ISSUER_TYPE[provider]}`);
    }
    return skip ?? false;
}
function parseSubjectDomain(reader, f, provider, issuerKey, path) {
    const domain = reader.nonEmptyString(f.subjectDomain);
    if (provider !== 'uri') {
        if (domain === undefined)
            return undefined;
        throw reader.error(f.subjectDomain.path, `only applies to uri issuers, not ${ISSUER_TYPE[provider]}`);
    }
    if (domain === undefined) {
        throw reader.error(join(path, 'subject-domain'), 'is required for uri issuers: the URL prefix (with scheme, e.g. https://example.com) every token sub must start with');
    }
    const at = f.subjectDomain.path;
    let url;
    try {
        url = new URL(domain);
    }
    catch {
        throw reader.error(at, `${JSON.stringify(domain)} must be a URL with a scheme, e.g. https://example.com`);
    }
    // Fulcio's rule: an issuer may only vouch for URIs under its own registrable domain.
    const issuerHost = new URL(issuerKey.replaceAll('*', 'x')).hostname;
    if (!sameRegistrableDomain(url.hostname, issuerHost)) {
        throw reader.error(at, `${JSON.stringify(domain)} must share its top two DNS labels with the issuer host ${JSON.stringify(issuerHost)}`);
    }
    return domain;
}
function sameRegistrableDomain(a, b) {
    const lastTwo = (host) => host.toLowerCase().split('.').slice(-2).join('.');
    if (lastTwo(a) === '' || a.split('.').length < 2)
        return a.toLowerCase() === b.toLowerCase();
    return lastTwo(a) === lastTwo(b);
}
function parseCaCert(reader, field) {
    const pem = reader.nonEmptyString(field);
    if (pem === undefined || field === undefined)
        return undefined;
    const blocks = parsePem(pem, 'CERTIFICATE');
    if (blocks.length === 0) {
        throw reader.error(field.path, 'contains no PEM CERTIFICATE block');
    }
    blocks.forEach((block, index) => {
        try {
            new X509Certificate(block.der);
        }
        catch (error) {
            throw reader.error(field.path, `certificate ${index + 1} of ${blocks.length} cannot be parsed: ${error.message}`);
        }
    });
    return pem;
}
function parseCiMetadata(reader, field) {
    const urls = {};
    if (field === undefined || field.value === null)
        return urls;
    const map = reader.mapping(field.value, field.path);
    for (const [name, value] of Object.entries(map)) {
        const path = join(field.path, name);
        const provider = CI_PROVIDERS[name];
        if (provider === undefined) {
            throw reader.error(path, `CI provider ${JSON.stringify(name)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`);
        }
        const f = reader.fields(reader.mapping(value, path), CI_METADATA_FIELDS, path);
        for (const templates of ['extensionTemplates', 'sanTemplate']) {
            if (f[templates] !== undefined) {
                throw reader.error(f[templates].path, "custom templates are not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates; only default-template-values.url can be set");
            }
        }
        if (f.defaultTemplateValues === undefined)
            continue;
        const defaults = reader.mapping(f.defaultTemplateValues.value, f.defaultTemplateValues.path);
        for (const [key, url] of Object.entries(defaults)) {
            const at = join(f.defaultTemplateValues.path, key);
            if (key !== 'url') {
                throw reader.error(at, 'only "url" (the base URL of repository, workflow and run links) can be set: the built-in templates use no other default value');
            }
            urls[provider] = parseCiUrl(reader, url, at);
        }
    }
    return urls;
}
function parseCiUrl(reader, value, path) {
    const text = reader.nonEmptyString({ value, path });
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw reader.error(path, `${JSON.stringify(text)} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw reader.error(path, `${JSON.stringify(text)} must be an http or https URL`);
    }
    // The templates append "/{repository}" and the like: a trailing slash would double it.
    if (text.endsWith('/') || url.search !== '' || url.hash !== '') {
        throw reader.error(path, `${JSON.stringify(text)} must be a base URL without a trailing slash, query or fragment (e.g. https://github.example.com)`);
    }
    return text;
}
/** Why `text` cannot be an exact issuer URL, or undefined when it can. */
function issuerUrlProblem(text) {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\s\u0000-\u001f\u007f]/.test(text))
        return 'contains whitespace or control characters';
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return 'is not a URL';
    }
    const problem = fetchableUrlProblem(url);
    if (problem !== undefined)
        return problem;
    if (url.search !== '' || text.includes('?'))
        return 'must not have a query';
    if (url.hash !== '' || text.includes('#'))
        return 'must not have a fragment';
    return undefined;
}
/** Why `pattern` cannot be a meta-issuer pattern, or undefined when it can. */
function metaPatternProblem(pattern) {
    if (!pattern.includes('*'))
        return 'has no "*"; an issuer without one belongs in oidc-issuers';
    const scheme = /^(https?):\/\/([^/]*)/.exec(pattern);
    if (!scheme)
        return 'must start with https:// (or http:// on loopback)';
    const authority = scheme[2];
    if (authority.includes('@'))
        return 'must not contain credentials';
    const port = /:([^:\]]*)$/.exec(authority);
    if (port?.[1]?.includes('*'))
        return 'must not have "*" in the port';
    const host = port ? authority.slice(0, port.index) : authority;
    // Fulcio anchors patterns since GHSA-59jp-pj84-45mr; a wildcard in the registrable domain
    // would still let whoever registers a matching domain mint accepted tokens.
    if (host
        .split('.')
        .slice(-2)
        .some((label) => label.includes('*'))) {
        return 'must not have "*" in the last two host labels (the registrable domain)';
    }
    const problem = issuerUrlProblem(pattern.replaceAll('*', 'x'));
    return problem === undefined ? undefined : `${problem} (with "*" read as a segment)`;
}
/** The anchored regex for a meta-issuer pattern: `*` is one `[-_a-zA-Z0-9]+`, all else literal. */
function metaPatternRegex(pattern, ignoreCase = false) {
    const body = pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
        .join(WILDCARD_SEGMENT);
    return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}
/** Looks up the issuer for a token's (unverified) `iss`, exactly as Fulcio does. */
class IssuerRegistry {
    issuers;
    exact = new Map();
    candidates;
    constructor(config) {
        this.issuers = Object.freeze([...config.issuers]);
        this.candidates = this.issuers.map((settings) => ({
            settings,
            matches: settings.wildcard
                ? metaMatcher(settings.issuerUrl)
                : exactMatcher(settings.issuerUrl),
        }));
        for (const settings of this.issuers) {
            if (!settings.wildcard && !this.exact.has(settings.issuerUrl)) {
                this.exact.set(settings.issuerUrl, settings);
            }
        }
    }
    /**
     * The settings for `iss`: an exact issuer first, else the first meta issuer whose anchored
     * pattern matches. No normalisation: a refusal names the nearest issuer and the difference.
     */
    match(iss) {
        const exact = this.exact.get(iss);
        if (exact !== undefined)
            return exact;
        for (const candidate of this.candidates) {
            if (candidate.settings.wildcard && candidate.matches(iss, false))
                return candidate.settings;
        }
        throw new error_OidcError('ISSUER_UNKNOWN', `issuer ${quote(iss)} is not configured; ${this.nearest(iss)}`);
    }
    configurationJson() {
        return configurationJson({ issuers: [...this.issuers] });
    }
    /** "nearest is "X" (why)", or the configured list when nothing is close. */
    nearest(iss) {
        if (this.candidates.length === 0)
            return 'no issuers are configured';
        return (this.nearestByNormalisation(iss) ?? this.nearestByPath(iss) ?? this.nearestByEditDistance(iss));
    }
    nearestByNormalisation(iss) {
        let best;
        for (const candidate of this.candidates) {
            const differences = normalisationDifferences(iss, candidate.matches);
            if (differences === undefined || differences.length === 0)
                continue;
            if (best === undefined || differences.length < best.differences.length) {
                best = { candidate, differences };
            }
        }
        if (best === undefined)
            return undefined;
        return `nearest is ${quote(best.candidate.settings.issuerUrl)} (${differsBy(best.differences)})`;
    }
    /** An issuer with a path the configuration does not cover: typically an enterprise slug. */
    nearestByPath(iss) {
        const origin = /^[a-z]+:\/\/[^/]*/i.exec(iss)?.[0];
        if (origin === undefined)
            return undefined;
        let best;
        for (let cut = iss.indexOf('/', origin.length); cut !== -1; cut = iss.indexOf('/', cut + 1)) {
            const prefix = iss.slice(0, cut);
            const candidate = this.candidates.find((c) => c.matches(prefix, false));
            if (candidate !== undefined)
                best = { candidate, prefix };
        }
        if (best !== undefined) {
            const extra = quote(iss.slice(best.prefix.length));
            const { issuerUrl, wildcard } = best.candidate.settings;
            if (wildcard) {
                return `nearest is ${quote(issuerUrl)} (the issuer has the extra path ${extra}; "*" matches exactly one segment of letters, digits, "-" and "_")`;
            }
            const meta = this.candidates.find((c) => c.settings.wildcard && c.settings.issuerUrl.startsWith(`${issuerUrl}/`));
            const advice = meta === undefined
                ? `no meta issuer covers it; to accept enterprise slugs add ${quote(`${issuerUrl}/*`)} to meta-issuers`
                : `the meta issuer ${quote(meta.settings.issuerUrl)} does not match it`;
            return `nearest is ${quote(issuerUrl)} (the issuer has the extra path segment ${extra}, like a GitHub enterprise slug; ${advice})`;
        }
        const longer = this.candidates.find((c) => !c.settings.wildcard && c.settings.issuerUrl.startsWith(`${iss.replace(/\/$/, '')}/`));
        if (longer === undefined)
            return undefined;
        const missing = quote(longer.settings.issuerUrl.slice(iss.replace(/\/$/, '').length));
        return `nearest is ${quote(longer.settings.issuerUrl)} (the issuer lacks the path ${missing})`;
    }
    nearestByEditDistance(iss) {
        const scored = this.candidates
            .map((c) => ({
            url: c.settings.issuerUrl,
            distance: editDistance(iss, c.settings.issuerUrl),
        }))
            .sort((a, b) => a.distance - b.distance);
        const best = scored[0];
        if (best.distance <= Math.max(3, Math.floor(best.url.length / 3))) {
            return `nearest is ${quote(best.url)} (edit distance ${best.distance})`;
        }
        const listed = this.issuers.slice(0, 6).map((s) => quote(s.issuerUrl));
        const more = this.issuers.length > 6 ? ` and ${this.issuers.length - 6} more` : '';
        return `none is similar; configured: ${listed.join(', ')}${more}`;
    }
}
function metaMatcher(pattern) {
    const exact = metaPatternRegex(pattern);
    const loose = metaPatternRegex(pattern, true);
    return (candidate, ignoreCase) => (ignoreCase ? loose : exact).test(candidate);
}
/** Fulcio's `/api/v2/configuration` body for `config`, one element per issuer. */
function configurationJson(config) {
    return {
        issuers: config.issuers.map((issuer) => ({
            ...(issuer.wildcard
                ? { wildcardIssuerUrl: issuer.issuerUrl }
                : { issuerUrl: issuer.issuerUrl }),
            audience: issuer.audience,
            challengeClaim: issuer.challengeClaim,
            issuerType: ISSUER_TYPE[issuer.provider],
            ...(issuer.subjectDomain !== undefined && { subjectDomain: issuer.subjectDomain }),
            ...(issuer.skipEmailVerification && { skipEmailVerification: true }),
        })),
    };
}
//# sourceMappingURL=issuers.js.map
;// CONCATENATED MODULE: ./build/src/tlog/error.js

/** Raised by the transparency-log module: tiles, checkpoints and the log engine. */
class TlogError extends SignetError {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/core/canonical-json.js

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
            throw new error_CoreError('JSON_INVALID', 'canonical JSON cannot represent a non-finite number');
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
    throw new error_CoreError('JSON_INVALID', `canonical JSON cannot represent a ${typeof value}`);
}
//# sourceMappingURL=canonical-json.js.map
;// CONCATENATED MODULE: ./build/src/tlog/rekor.js






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
const rekor_invalid = (reason) => new TlogError('ENTRY_INVALID', `invalid hashedrekord request: ${reason}`);
function object(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw rekor_invalid(`${what} must be a JSON object`);
    }
    return value;
}
function rekor_field(from, camel, what) {
    // protojson parsers accept the proto field name as well as the JSON name.
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const value = from[camel] ?? from[snake];
    if (value === undefined || value === null || value === '')
        throw rekor_invalid(`${what} is missing`);
    return value;
}
function bytes(from, camel, what) {
    const value = rekor_field(from, camel, what);
    if (typeof value !== 'string')
        throw rekor_invalid(`${what} must be a base64 string`);
    try {
        const decoded = fromBase64(value, what);
        if (decoded.length === 0)
            throw rekor_invalid(`${what} is empty`);
        return decoded;
    }
    catch (error) {
        if (error instanceof TlogError)
            throw error;
        throw rekor_invalid(`${what} is not valid base64`);
    }
}
function parseVerifier(raw, what) {
    const verifier = object(raw, what);
    const keyDetails = rekor_field(verifier, 'keyDetails', `${what}.keyDetails`);
    if (typeof keyDetails !== 'string')
        throw rekor_invalid(`${what}.keyDetails must be a string`);
    const profile = KEY_PROFILES[keyDetails];
    if (profile === undefined) {
        const hint = keyDetails === 'PKIX_ED25519_PH'
            ? ' (Ed25519ph verification is not available on this server)'
            : '';
        throw new TlogError('ENTRY_UNSUPPORTED', `invalid hashedrekord request: unsupported keyDetails ${keyDetails}${hint}; supported: ${Object.keys(KEY_PROFILES).join(', ')}`);
    }
    const certificate = verifier.x509Certificate ?? verifier.x509_certificate;
    const publicKey = verifier.publicKey ?? verifier.public_key;
    if ((certificate === undefined) === (publicKey === undefined)) {
        throw rekor_invalid(`${what} must have exactly one of x509Certificate or publicKey`);
    }
    let spki;
    let notDer;
    let json;
    if (certificate !== undefined) {
        const der = bytes(object(certificate, `${what}.x509Certificate`), 'rawBytes', `${what}.x509Certificate.rawBytes`);
        notDer = () => rekor_invalid(`${what}.x509Certificate.rawBytes is not a DER X.509 certificate`);
        try {
            // Our own DER parser: about 40 µs for a 1.7 KB Fulcio-style leaf, where
            // X509Certificate and its publicKey cost about 145.
            spki = parseCertificate(der).publicKey;
        }
        catch {
            throw notDer();
        }
        json = { keyDetails, x509Certificate: { rawBytes: base64_toBase64(der) } };
    }
    else {
        spki = bytes(object(publicKey, `${what}.publicKey`), 'rawBytes', `${what}.publicKey.rawBytes`);
        notDer = () => rekor_invalid(`${what}.publicKey.rawBytes is not a DER SubjectPublicKeyInfo`);
        json = { keyDetails, publicKey: { rawBytes: base64_toBase64(spki) } };
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
            imported = (0,external_node_crypto_namespaceObject.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
        }
        catch {
            throw notDer();
        }
        description = describeKeyObject(imported);
        if (profile.matches(description)) {
            // OpenSSL reads it as the right key type, but not in the form PKIX prescribes.
            throw rekor_invalid(`${what} has a ${keyDetails} key encoded in a form this log does not accept: ${key.reason}`);
        }
    }
    else {
        description =
            key.kind === 'ec'
                ? { type: 'ec', namedCurve: key.curve }
                : { type: 'rsa', modulusLength: key.modulusBits };
    }
    if (key.kind === 'unsupported' || !profile.matches(description)) {
        throw rekor_invalid(`${what}.keyDetails is ${keyDetails} but the key is ${rekor_describeKey(description)}`);
    }
    return { json, key, profile, keyDetails };
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
function rekor_describeKey(key) {
    if ('namedCurve' in key)
        return `EC ${key.namedCurve ?? 'unknown curve'}`;
    if ('modulusLength' in key)
        return `RSA ${key.modulusLength ?? '?'} bits`;
    return key.type ?? 'an unknown key type';
}
function buildEntry(digest, signature, verifier) {
    const entry = {
        apiVersion: HASHEDREKORD.version,
        kind: HASHEDREKORD.kind,
        spec: {
            hashedRekordV002: {
                data: { algorithm: verifier.profile.hash, digest: base64_toBase64(digest) },
                signature: { content: base64_toBase64(signature), verifier: verifier.json },
            },
        },
    };
    return { body: Buffer.from(canonicalize(entry), 'utf8'), ...HASHEDREKORD };
}
function hashedRekord(request) {
    const digest = bytes(request, 'digest', 'digest');
    const signature = object(rekor_field(request, 'signature', 'signature'), 'signature');
    const content = bytes(signature, 'content', 'signature.content');
    const verifier = parseVerifier(rekor_field(signature, 'verifier', 'signature.verifier'), 'signature.verifier');
    if (digest.length !== verifier.profile.digestLength) {
        throw rekor_invalid(`digest is ${digest.length} bytes but ${verifier.keyDetails} needs a ${verifier.profile.digestLength}-byte ${verifier.profile.hash} digest`);
    }
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw rekor_invalid('signature.content does not verify over the digest with the given key');
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
    const envelope = object(rekor_field(request, 'envelope', 'envelope'), 'envelope');
    const payload = bytes(envelope, 'payload', 'envelope.payload');
    const payloadType = rekor_field(envelope, 'payloadType', 'envelope.payloadType');
    if (typeof payloadType !== 'string')
        throw rekor_invalid('envelope.payloadType must be a string');
    const signatures = rekor_field(envelope, 'signatures', 'envelope.signatures');
    if (!Array.isArray(signatures) || signatures.length !== 1) {
        throw rekor_invalid('envelope.signatures must hold exactly one signature');
    }
    const content = bytes(object(signatures[0], 'envelope.signatures[0]'), 'sig', 'envelope.signatures[0].sig');
    const verifiers = rekor_field(request, 'verifiers', 'verifiers');
    if (!Array.isArray(verifiers) || verifiers.length !== 1)
        throw rekor_invalid('verifiers must hold exactly one verifier');
    const verifier = parseVerifier(verifiers[0], 'verifiers[0]');
    // ECDSA and RSA PKCS#1 v1.5 sign a hash of the message, so verifying the signature over
    // H(PAE) is verifying it over the PAE, without importing the key into OpenSSL.
    const digest = (0,external_node_crypto_namespaceObject.createHash)(NODE_HASH[verifier.profile.hash])
        .update(pae(payloadType, payload))
        .digest();
    if (!verifyPrehashedKey(verifier.key, digest, content)) {
        throw rekor_invalid('envelope.signatures[0].sig does not verify over the envelope with the given key');
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
//# sourceMappingURL=rekor.js.map
;// CONCATENATED MODULE: ./build/server/http.js

/** An error of the service itself; `status` is the HTTP status it answers with. */
class ServerError extends SignetError {
    status;
    constructor(code, status, message, options) {
        super(code, message, options);
        this.status = status;
        this.headers = options?.headers ?? {};
    }
    headers;
}
/** grpc-gateway maps HTTP statuses from gRPC codes; Fulcio and Rekor clients read `message`. */
const GRPC_CODE = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    405: 12,
    409: 6,
    413: 3,
    415: 3,
    429: 8,
    499: 1,
    500: 13,
    501: 12,
    503: 14,
};
function sendError(res, status, message, style = 'grpc', headers = {}) {
    const body = style === 'grpc'
        ? { code: GRPC_CODE[status] ?? 2, message, details: [] }
        : { code: status, message };
    send(res, status, JSON.stringify(body), 'application/json', headers);
}
function send(res, status, body, contentType, headers = {}) {
    res.writeHead(status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        ...headers,
    });
    res.end(body);
}
function sendJson(res, status, value, headers = {}) {
    send(res, status, JSON.stringify(value), 'application/json', headers);
}
/** The request's media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
function mediaType(req) {
    return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
/**
 * Reads a request body up to `limit` bytes. A declared or actual size above the limit is a 413
 * before more than the limit is buffered, so an oversized body cannot exhaust memory.
 */
function readBody(req, limit) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
        req.resume();
        return Promise.reject(tooLarge(declared, limit));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.removeAllListeners('data');
                req.resume();
                reject(tooLarge(size, limit));
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
const tooLarge = (size, limit) => new ServerError('PAYLOAD_TOO_LARGE', 413, `request body is ${size > limit ? `over ${limit}` : size} bytes; the limit is ${limit} bytes`);
/** Parses a JSON body, naming the problem instead of passing on a bare SyntaxError. */
function parseJson(body) {
    if (body.length === 0)
        throw new ServerError('BAD_REQUEST', 400, 'request body is empty; expected JSON');
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch (error) {
        throw new ServerError('BAD_REQUEST', 400, `request body is not valid JSON: ${error.message}`);
    }
}
function requireMediaType(req, allowed) {
    const type = mediaType(req);
    if (!allowed.includes(type)) {
        throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type ${type || '(none)'} is not accepted here; use ${allowed.join(' or ')}`);
    }
    return type;
}
//# sourceMappingURL=http.js.map
;// CONCATENATED MODULE: ./build/server/verify-worker.js











/**
 * The request verification worker of verify-pool.ts, and the message format both sides share.
 * Loaded with `workerData.role` = WORKER_ROLE it serves batches of two kinds of job: Rekor
 * entries (parse, verify the signature, canonicalise) and signing-certificate requests
 * (token, identity, proof of possession: the CA's admission). Results travel packed into one
 * transferred buffer; every error is caught per request and sent back, so no input can stop
 * the thread. Imported anywhere else (the pool imports it for the format) it only defines
 * things.
 *
 * This file must not import verify-pool.ts: scripts/bundle.js bundles it as an entry point of
 * its own, and it has no use for the pool.
 */
const WORKER_ROLE = 'signet-verify-worker';
/** What a log-entry POST body becomes: the canonical entry, or the error `entryFromRequest` throws. */
function verifyRequestBody(body) {
    return entryFromRequest(parseJson(body));
}
/** The CA's admission of a signingCert POST body, with the request's Authorization header. */
const admitRequestBody = (verifier, body, authorization) => admitSigningRequest(verifier, parseJson(body), authorization);
const tokenVerifierFor = (identity) => new TokenVerifier(new IssuerRegistry(identity));
/** An admitted request as bytes (JSON), to travel in a batch's packed buffer. */
const encodeAdmitted = ({ identity, publicKey }) => Buffer.from(JSON.stringify({ identity, publicKey: publicKey.toString('base64') }));
function decodeAdmitted(bytes) {
    const { identity, publicKey } = JSON.parse(bytes.toString('utf8'));
    return { identity, publicKey: Buffer.from(publicKey, 'base64') };
}
function toWireError(error) {
    if (error instanceof ServerError) {
        return {
            kind: 'ServerError',
            code: error.code,
            message: error.message,
            status: error.status,
            headers: error.headers,
        };
    }
    for (const [kind, cls] of [
        ['TlogError', TlogError],
        ['PrehashError', PrehashError],
        ['CoreError', error_CoreError],
        ['OidcError', error_OidcError],
        ['CaError', error_CaError],
    ]) {
        if (error instanceof cls)
            return { kind, code: error.code, message: error.message };
    }
    const plain = error instanceof Error ? error : new Error(String(error));
    return {
        kind: 'Error',
        code: error instanceof SignetError ? error.code : plain.name,
        message: plain.message,
        stack: plain.stack,
    };
}
function fromWireError(wire) {
    switch (wire.kind) {
        case 'ServerError':
            return new ServerError(wire.code, wire.status ?? 500, wire.message, {
                headers: wire.headers,
            });
        case 'TlogError':
            return new TlogError(wire.code, wire.message);
        case 'PrehashError':
            return new PrehashError(wire.code, wire.message);
        case 'CoreError':
            return new error_CoreError(wire.code, wire.message);
        case 'OidcError':
            return new error_OidcError(wire.code, wire.message);
        case 'CaError':
            return new error_CaError(wire.code, wire.message);
        default: {
            const error = new Error(wire.message);
            error.name = wire.code;
            if (wire.stack !== undefined)
                error.stack = `${wire.stack}\n    (in a verification worker)`;
            return error;
        }
    }
}
/** Copies buffers back to back into one fresh ArrayBuffer (never a pooled one: it is transferred). */
function pack(buffers) {
    let total = 0;
    for (const b of buffers)
        total += b.length;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
        out.set(b, offset);
        offset += b.length;
    }
    return out.buffer;
}
// ---------------------------------------------------------------- the worker
function serve(port, setup) {
    const verifier = setup.identity && tokenVerifierFor(setup.identity);
    const run = async (kind, body, authorization) => {
        if (kind === 'entry')
            return verifyRequestBody(body).body;
        if (verifier === undefined)
            throw new Error('this worker was started without CA issuers');
        return encodeAdmitted(await admitRequestBody(verifier, body, authorization || undefined));
    };
    // Batches run at once but are answered in the order they came: certificate jobs wait on
    // token verification, and the pool matches answers to batches by order.
    let answered = Promise.resolve();
    port.on('message', ({ seq, kinds, authorizations, lengths, data }) => {
        const input = Buffer.from(data);
        let offset = 0;
        const jobs = lengths.map((length, i) => {
            const body = input.subarray(offset, offset + length);
            offset += length;
            return run(kinds[i] ?? 'entry', body, authorizations[i] ?? '').then((result) => result, (error) => toWireError(error));
        });
        const done = Promise.all(jobs);
        answered = answered
            .then(() => done)
            .then((outcomes) => {
            const results = outcomes.map((o) => (Buffer.isBuffer(o) ? o.length : o));
            const out = pack(outcomes.filter((o) => Buffer.isBuffer(o)));
            const answer = { type: 'done', seq, results, data: out };
            port.postMessage(answer, [out]);
        });
    });
    const ready = { type: 'ready' };
    port.postMessage(ready);
}
const setup = external_node_worker_threads_namespaceObject.workerData;
if (!external_node_worker_threads_namespaceObject.isMainThread && external_node_worker_threads_namespaceObject.parentPort !== null && setup?.role === WORKER_ROLE)
    serve(external_node_worker_threads_namespaceObject.parentPort, setup);
//# sourceMappingURL=verify-worker.js.map
var __webpack_exports__WORKER_ROLE = __webpack_exports__.MJ;
var __webpack_exports__admitRequestBody = __webpack_exports__.P6;
var __webpack_exports__decodeAdmitted = __webpack_exports__.nF;
var __webpack_exports__encodeAdmitted = __webpack_exports__.R_;
var __webpack_exports__fromWireError = __webpack_exports__.Wp;
var __webpack_exports__pack = __webpack_exports__.qq;
var __webpack_exports__toWireError = __webpack_exports__.x4;
var __webpack_exports__tokenVerifierFor = __webpack_exports__.nC;
var __webpack_exports__verifyRequestBody = __webpack_exports__.lk;
export { __webpack_exports__WORKER_ROLE as WORKER_ROLE, __webpack_exports__admitRequestBody as admitRequestBody, __webpack_exports__decodeAdmitted as decodeAdmitted, __webpack_exports__encodeAdmitted as encodeAdmitted, __webpack_exports__fromWireError as fromWireError, __webpack_exports__pack as pack, __webpack_exports__toWireError as toWireError, __webpack_exports__tokenVerifierFor as tokenVerifierFor, __webpack_exports__verifyRequestBody as verifyRequestBody };
