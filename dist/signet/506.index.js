export const id = 506;
export const ids = [506];
export const modules = {

/***/ 1506:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openAwsKmsSigner: () => (/* binding */ openAwsKmsSigner)
/* harmony export */ });
/* unused harmony exports DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, MAX_ALIAS_LENGTH, parseAwsKmsRef, AwsKmsSigner */
/* harmony import */ var _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2632);
/* harmony import */ var _core_prehash_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9361);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4741);
/* harmony import */ var _contract_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3209);




/**
 * KMS answers Sign and GetPublicKey in tens of milliseconds; an attempt that takes seconds
 * is stuck, and the SDK's default is no limit at all, which would hang issuance.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Connecting is the part that hangs on a black-holed endpoint; give up on it sooner. */
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const KEY_ID = '(?:mrk-[0-9A-Fa-f]{32}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})';
/** KMS's AliasName pattern; the whole name, prefix included, is at most 256 characters. */
const ALIAS = 'alias/[A-Za-z0-9:/_-]+';
const MAX_ALIAS_LENGTH = 256;
const KEY_ID_RE = new RegExp(`^${KEY_ID}$`);
const ALIAS_RE = new RegExp(`^${ALIAS}$`);
const ARN_RE = new RegExp(`^arn:aws(?:-[a-z]+)*:kms:([a-z0-9-]+):\\d{12}:(?:key/${KEY_ID}|(${ALIAS}))$`);
const AUTHORITY_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;
const FORMS = 'a key ID (UUID or mrk-...), key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), ' +
    'alias (alias/NAME) or alias ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME)';
/** Parses an `awskms://` reference; KEY_REF_INVALID says which part is wrong. */
function parseAwsKmsRef(ref) {
    const invalid = (why) => new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_REF_INVALID', `invalid AWS KMS key reference ${JSON.stringify(ref)}: ${why}`);
    const prefix = 'awskms://';
    if (!ref.startsWith(prefix))
        throw invalid('it must start with awskms://');
    const rest = ref.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
        throw invalid('the key must follow a third slash (awskms:///KEY), or an endpoint and a slash ' +
            '(awskms://HOST:PORT/KEY)');
    }
    const authority = rest.slice(0, slash);
    const keyId = rest.slice(slash + 1);
    if (authority !== '' && !AUTHORITY_RE.test(authority)) {
        throw invalid(`the endpoint ${JSON.stringify(authority)} is not HOST or HOST:PORT`);
    }
    const endpoint = authority === '' ? undefined : `https://${authority}`;
    const found = (kind, extra = {}) => ({
        ...(endpoint !== undefined && { endpoint }),
        keyId,
        kind,
        ...extra,
    });
    if (keyId === '')
        throw invalid(`it names no key; expected ${FORMS}`);
    if (KEY_ID_RE.test(keyId))
        return found('key-id');
    if (keyId.startsWith('alias/')) {
        if (!ALIAS_RE.test(keyId) || keyId.length > MAX_ALIAS_LENGTH) {
            throw invalid(`an alias name is alias/ and then up to ${MAX_ALIAS_LENGTH - 6} letters, digits, ` +
                `'/', '_', '-' or ':'`);
        }
        return found('alias-name', { alias: keyId });
    }
    if (keyId.startsWith('arn:')) {
        const arn = ARN_RE.exec(keyId);
        if (arn === null || (arn[2] !== undefined && arn[2].length > MAX_ALIAS_LENGTH)) {
            throw invalid('not a KMS key or alias ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or ' +
                '...:alias/NAME, with a 12-digit account)');
        }
        const [, region, alias] = arn;
        return alias === undefined
            ? found('key-arn', { region })
            : found('alias-arn', { region, alias });
    }
    throw invalid(`${JSON.stringify(keyId)} is not ${FORMS}` +
        (/^[A-Za-z0-9/_-]+$/.test(keyId) ? `; for an alias write alias/${keyId}` : ''));
}
const KEY_SPECS = {
    ECC_NIST_P256: { algorithm: 'ecdsa-p256-sha256', signingAlgorithm: 'ECDSA_SHA_256' },
    ECC_NIST_P384: { algorithm: 'ecdsa-p384-sha384', signingAlgorithm: 'ECDSA_SHA_384' },
};
/** A KMS key that signs. `destroy` closes the SDK client's connections. */
class AwsKmsSigner {
    ref;
    algorithm;
    publicKey;
    keyArn;
    keySpec;
    keyId;
    signingAlgorithm;
    client;
    signsDigests = true;
    constructor(ref, algorithm, publicKey, 
    /** The key's ARN, as GetPublicKey reported it when the signer opened. */
    keyArn, 
    /** The KMS key spec, ECC_NIST_P256 or ECC_NIST_P384. */
    keySpec, keyId, signingAlgorithm, client) {
        this.ref = ref;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.keyArn = keyArn;
        this.keySpec = keySpec;
        this.keyId = keyId;
        this.signingAlgorithm = signingAlgorithm;
        this.client = client;
    }
    /**
     * Fetches the public key once and checks that the key can sign here: KeyUsage SIGN_VERIFY,
     * KeySpec ECC_NIST_P256 or ECC_NIST_P384, and a public key on that curve.
     */
    static async open(ref, options = {}) {
        const parsed = parseAwsKmsRef(ref);
        const client = new _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .KMSClient */ .pgq(clientConfig(ref, parsed, options));
        try {
            try {
                await client.config.region();
            }
            catch (error) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_CONFIG_INVALID', `${ref}: no AWS region: use a key or alias ARN, the region option, AWS_REGION, or a ` +
                    `region in the AWS config profile (${error.message})`, { cause: error });
            }
            let output;
            try {
                output = await client.send(new _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .GetPublicKeyCommand */ .QSA({ KeyId: parsed.keyId }));
            }
            catch (error) {
                throw kmsError(ref, 'GetPublicKey', error);
            }
            const { KeyId: keyArn, KeyUsage: usage, PublicKey: spki } = output;
            const spec = output.KeySpec ?? output.CustomerMasterKeySpec;
            if (usage !== 'SIGN_VERIFY') {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref}: the key's usage is ${usage ?? 'not reported'}; signing needs a SIGN_VERIFY key`);
            }
            const info = spec === undefined ? undefined : KEY_SPECS[spec];
            if (info === undefined) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref}: key spec ${spec ?? '(not reported)'} is not supported; Signet signs with ` +
                    `ECC_NIST_P256 or ECC_NIST_P384 keys`);
            }
            if (keyArn === undefined || spki === undefined) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_RESPONSE_INVALID', `${ref}: GetPublicKey answered without ${keyArn === undefined ? 'KeyId' : 'PublicKey'}`);
            }
            const publicKey = Buffer.from(spki);
            let algorithm;
            try {
                algorithm = (0,_contract_js__WEBPACK_IMPORTED_MODULE_2__/* .algorithmOfSpki */ .AH)(ref, publicKey);
            }
            catch (error) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_RESPONSE_INVALID', `${ref}: KMS returned an unusable public key for a ${spec} key: ${error.message}`, { cause: error });
            }
            if (algorithm !== info.algorithm) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_RESPONSE_INVALID', `${ref}: KMS reports key spec ${spec} but returned a public key for ${algorithm}`);
            }
            const offered = output.SigningAlgorithms;
            if (offered !== undefined && !offered.includes(info.signingAlgorithm)) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_UNSUPPORTED', `${ref}: the key offers ${offered.join(', ') || 'no signing algorithms'}, not ${info.signingAlgorithm}`);
            }
            return new AwsKmsSigner(ref, algorithm, publicKey, keyArn, spec, parsed.keyId, info.signingAlgorithm, client);
        }
        catch (error) {
            client.destroy();
            throw error;
        }
    }
    sign(data) {
        return this.signDigest((0,_contract_js__WEBPACK_IMPORTED_MODULE_2__/* .digestOf */ .ol)(this.algorithm, data));
    }
    /**
     * Signs with the reference's own KeyId, not the resolved ARN, so that key policies with
     * kms:RequestAlias conditions still match. An alias can be moved to another key after the
     * signer opened; KMS names the key it used, and a mismatch is KEY_CHANGED rather than a
     * signature that would not verify under the cached public key.
     */
    async signDigest(digest) {
        (0,_contract_js__WEBPACK_IMPORTED_MODULE_2__/* .checkDigest */ .H2)(this.ref, this.algorithm, digest);
        let output;
        try {
            output = await this.client.send(new _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .SignCommand */ .fJE({
                KeyId: this.keyId,
                Message: digest,
                MessageType: 'DIGEST',
                SigningAlgorithm: this.signingAlgorithm,
            }));
        }
        catch (error) {
            throw kmsError(this.ref, 'Sign', error);
        }
        if (output.KeyId !== undefined && output.KeyId !== this.keyArn) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_CHANGED', `${this.ref} now names ${output.KeyId}, not ${this.keyArn} whose public key this ` +
                'signer holds; reopen the signer (and re-certify the key) to use the new key');
        }
        if (output.Signature === undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_RESPONSE_INVALID', `${this.ref}: Sign answered without a Signature`);
        }
        const signature = Buffer.from(output.Signature);
        // A signature that does not verify would end up in a certificate or bundle that every
        // verifier rejects; checking costs well under a millisecond next to the KMS round trip.
        if (!(0,_core_prehash_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyPrehashedSpki */ .jS)(this.publicKey, digest, signature)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_RESPONSE_INVALID', `${this.ref}: KMS returned a signature that does not verify under ${this.keyArn}'s public key`);
        }
        return signature;
    }
    destroy() {
        this.client.destroy();
    }
}
/** `AwsKmsSigner.open`, for `openSigner`'s dispatch. */
const openAwsKmsSigner = (ref, options) => AwsKmsSigner.open(ref, options);
function clientConfig(ref, parsed, options) {
    let endpoint = parsed.endpoint;
    if (options.endpoint !== undefined) {
        let url;
        try {
            url = new URL(options.endpoint);
        }
        catch {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_REF_INVALID', `${ref}: the endpoint option ${JSON.stringify(options.endpoint)} is not a URL`);
        }
        if (parsed.endpoint !== undefined && new URL(parsed.endpoint).host !== url.host) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KEY_REF_INVALID', `${ref} names endpoint ${parsed.endpoint} but the endpoint option is ${options.endpoint}; give one`);
        }
        endpoint = options.endpoint;
    }
    const region = parsed.region ??
        options.region ??
        (process.env.AWS_REGION ? undefined : process.env.AWS_DEFAULT_REGION || undefined);
    return {
        ...(region !== undefined && { region }),
        ...(endpoint !== undefined && { endpoint }),
        ...(options.credentials !== undefined && { credentials: options.credentials }),
        ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
        requestHandler: {
            connectionTimeout: Math.min(DEFAULT_CONNECT_TIMEOUT_MS, options.requestTimeoutMs ?? Infinity),
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
            ...(options.httpsAgent !== undefined && { httpsAgent: options.httpsAgent }),
        },
    };
}
/** Errors KMS may answer that clear up by themselves; the SDK has already retried them. */
const TRANSIENT = new Set([
    'ThrottlingException',
    'KMSInternalException',
    'DependencyTimeoutException',
    'KeyUnavailableException',
    'ServiceUnavailableException',
    'InternalFailure',
]);
/** What to tell the operator besides AWS's own message, for the refusals they will meet. */
const HINTS = {
    NotFoundException: 'no such key or alias in this account and region',
    AccessDeniedException: 'the credentials may not use this key (key policy or IAM)',
    DisabledException: 'the key is disabled',
    KMSInvalidStateException: 'the key is not usable in its current state (pending deletion or import?)',
    UnrecognizedClientException: 'AWS does not recognise the access key',
    InvalidSignatureException: 'check the secret access key and the system clock',
    ExpiredTokenException: 'the session credentials have expired',
};
/** Maps anything the SDK throws to a KmsError naming the key, the operation and AWS's error. */
function kmsError(ref, operation, error) {
    if (error instanceof _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M)
        return error;
    const err = (typeof error === 'object' && error !== null ? error : { message: String(error) });
    const attempts = err.$metadata?.attempts;
    const after = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
    if (error instanceof _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .KMSServiceException */ .GvD) {
        const hint = HINTS[error.name];
        const message = `AWS KMS ${operation} for ${ref} failed${after}: ${error.name}: ${error.message}${hint === undefined ? '' : ` (${hint})`}`;
        const transient = TRANSIENT.has(error.name) || error.$fault === 'server';
        return new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M(transient ? 'KMS_UNAVAILABLE' : 'KMS_REFUSED', message, { cause: error });
    }
    if (err.name === 'CredentialsProviderError') {
        return new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_CONFIG_INVALID', `AWS KMS ${operation} for ${ref}: no AWS credentials found in the SDK's default chain ` +
            `(environment, shared config and SSO, web identity, container or instance metadata): ${err.message ?? ''}`, { cause: error });
    }
    // Connection failures, timeouts and unparseable answers: KMS was not reachable as KMS.
    const what = err.code ?? err.name ?? 'Error';
    return new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .KmsError */ .M('KMS_UNAVAILABLE', `AWS KMS ${operation} for ${ref} failed${after}: ${what}: ${err.message ?? ''}`, { cause: error });
}
//# sourceMappingURL=aws.js.map

/***/ })

};
