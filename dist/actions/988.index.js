export const id = 988;
export const ids = [988];
export const modules = {

/***/ 17863:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ PIN_INPUTS),
/* harmony export */   Y: () => (/* binding */ claimRows)
/* harmony export */ });
/* harmony import */ var _policy_pins_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70434);
/* harmony import */ var _verify_policy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81345);


/**
 * A certificate's claims as rows named by the `actions/verify` input that pins each one, so
 * the sign summary doubles as the list of values a release engineer copies into a deploy job.
 */
function claimRows(identity) {
    const rows = [{ input: 'certificate-identity', value: identity.san.value }];
    const issuer = (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .issuerOf */ .xD)(identity);
    if (issuer !== undefined)
        rows.push({ input: 'certificate-oidc-issuer', value: issuer });
    for (const name of _policy_pins_js__WEBPACK_IMPORTED_MODULE_0__/* .PIN_NAMES */ .LI) {
        const value = identity[_policy_pins_js__WEBPACK_IMPORTED_MODULE_0__/* .PINS */ .$x[name].field];
        if (value !== undefined)
            rows.push({ input: (0,_policy_pins_js__WEBPACK_IMPORTED_MODULE_0__/* .pinFlag */ .gU)(name), value });
    }
    return rows;
}
/** Every pin input of actions/verify, each with its -regexp twin: the CLI's flags, one for one. */
const PIN_INPUTS = [
    'certificate-identity',
    'certificate-oidc-issuer',
    ..._policy_pins_js__WEBPACK_IMPORTED_MODULE_0__/* .PIN_NAMES */ .LI.map(_policy_pins_js__WEBPACK_IMPORTED_MODULE_0__/* .pinFlag */ .gU),
].flatMap((flag) => [flag, `${flag}-regexp`]);
//# sourceMappingURL=identity.js.map

/***/ }),

/***/ 57988:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46058);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92785);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87422);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(43656);
/* harmony import */ var _signing_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(77346);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(17863);
/* harmony import */ var _verify_policy_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(81345);







/**
 * actions/sign: `signet sign --json` in this process, then outputs, a job summary and one
 * annotation on failure. No signing logic here: the CLI signs, verifies and writes.
 */
async function run() {
    const { files, images } = await (0,_signing_js__WEBPACK_IMPORTED_MODULE_4__/* .subjects */ .y)('files', 'sign');
    const summary = await (0,_signing_js__WEBPACK_IMPORTED_MODULE_4__/* .runSigning */ .P)('sign', { files, images });
    const bundles = summary.artifacts.flatMap((a) => a.bundles);
    const paths = (kind) => bundles
        .filter((b) => kind === undefined || b.kind === kind)
        .map((b) => b.path)
        .join('\n');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('bundles', paths());
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('keyless-bundles', paths('keyless'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('key-bundles', paths('key'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digests', (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .imageNames */ .s)(summary.artifacts.map((artifact) => artifact.path)));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('identity', summary.identity?.san.value ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('issuer', (summary.identity && (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .issuerOf */ .xD)(summary.identity)) ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('log-indexes', bundles.flatMap((b) => b.logEntries.map((e) => String(e.logIndex))).join('\n'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_core_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printed */ .zd) `signed ${files.length} file(s) and ${images.length} image(s) as ${summary.identity?.san.value ?? 'unknown'}`);
    await writeSummary(summary);
}
async function writeSummary(summary) {
    const s = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`Signet: signed ${summary.artifacts.length} artifact(s)`, 2);
    // An image's row names it by the digest signed; its bundles are referrers in its registry.
    s.addTable([
        (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .headerRow */ .U1)('Artifact', 'SHA-256', 'Bundle or referrer', 'Signature', 'Log entry', 'Timestamp'),
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
            ...(0,_identity_js__WEBPACK_IMPORTED_MODULE_5__/* .claimRows */ .Y)(summary.identity).map((row) => [(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(row.input), (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(row.value)]),
        ]);
    }
    s.addRaw(`<p>Run ${(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(`${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.serverUrl}/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo.owner}/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo.repo}/actions/runs/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.runId}`)}</p>`, true);
    await s.write();
}
//# sourceMappingURL=sign.js.map

/***/ }),

/***/ 72077:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _v: () => (/* binding */ IDENTITY_EXTENSIONS),
  xN: () => (/* binding */ readIdentity)
});

// UNUSED EXPORTS: FULCIO_OID_ARC, SIGNET_OID_ARC, SUBJECT_ALT_NAME_OID, identityExtensions, subjectAltName

// EXTERNAL MODULE: ./build/src/core/der.js
var der = __webpack_require__(93218);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __webpack_require__(63317);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(87422);
// EXTERNAL MODULE: ./build/src/core/error.js
var error = __webpack_require__(50279);
;// CONCATENATED MODULE: ./build/src/ca/error.js

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
class error_CaError extends error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/ca/extensions.js




/**
 * The identity a code-signing certificate carries: its subject alternative name plus the
 * Sigstore (Fulcio) extensions under 1.3.6.1.4.1.57264.1 and Signet's private ones. One table
 * drives both writing (the CA) and reading (verifiers and tests), so the two cannot drift.
 */
const SUBJECT_ALT_NAME_OID = x509/* OID */.Vx.subjectAltName;
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
        const { oid, encoding, label } = IDENTITY_EXTENSIONS[field];
        // Claims are checked where they are read; this also covers what configuration adds (a URL).
        const problem = controlCharacterProblem(value);
        if (problem !== undefined) {
            throw new CaError('IDENTITY_INVALID', `the ${label} extension (${oid}) value ${problem}`);
        }
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
    const node = (0,der/* parseDer */.zE)(value);
    if (node.tag !== der/* Tag */.vw.UTF8_STRING) {
        throw new error_CaError('IDENTITY_INVALID', `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`);
    }
    return node.value.toString('utf8');
}
/** Reads the identity back out of a certificate; the SAN must be a single URI or email. */
function readIdentity(cert) {
    if (!(0,x509/* findExtension */.bW)(cert, SUBJECT_ALT_NAME_OID)) {
        throw new error_CaError('IDENTITY_INVALID', 'certificate has no subject alternative name');
    }
    const names = (0,x509/* subjectAltNames */._X)(cert);
    if (names.length !== 1 || names[0] === undefined) {
        throw new error_CaError('IDENTITY_INVALID', `certificate must name exactly one URI or email identity, found ${names.length}`);
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

/***/ 81345:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hM: () => (/* binding */ checkPolicy),
/* harmony export */   tw: () => (/* binding */ matchPin),
/* harmony export */   xD: () => (/* binding */ issuerOf)
/* harmony export */ });
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72077);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44005);


const ABSENT = '(absent)';
/** Compiled once per pattern: policies are checked against many bundles. */
const compiled = new Map();
function anchored(pattern, claim) {
    let re = compiled.get(pattern);
    if (re === undefined) {
        try {
            re = new RegExp(`^(?:${pattern})$`, 'u');
        }
        catch (error) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: ${claim} pattern ${JSON.stringify(pattern)} is not a valid regular expression`, {
                check: `policy: ${claim}`,
                cause: error,
            });
        }
        compiled.set(pattern, re);
    }
    return re;
}
/**
 * Throws VerifyError POLICY unless `actual` meets `pin`, naming `claim` and both values; the
 * one matching rule for certificate claims and attestation conditions alike.
 */
function matchPin(claim, pin, actual) {
    const matches = actual !== undefined &&
        (typeof pin === 'string' ? actual === pin : anchored(pin.regexp, claim).test(actual));
    if (!matches) {
        const expected = typeof pin === 'string' ? pin : `/${pin.regexp}/ (anchored)`;
        const got = actual ?? ABSENT;
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: ${claim}: expected ${expected}, got ${actual === undefined ? ABSENT : JSON.stringify(got)}`, { check: `policy: ${claim}`, expected, actual: got });
    }
}
/** The issuer as sigstore-go reads it: the DER-encoded 1.8 when present, else the raw 1.1. */
const issuerOf = (identity) => identity.issuer ?? identity.issuerV1;
/** Throws VerifyError POLICY naming the first claim that does not match its pin. */
function checkPolicy(identity, policy) {
    const san = identity.san.value;
    if (policy.certificateIdentity !== undefined) {
        matchPin('certificate identity', policy.certificateIdentity, san);
    }
    if (policy.certificateIdentityRegexp !== undefined) {
        matchPin('certificate identity', { regexp: policy.certificateIdentityRegexp }, san);
    }
    const issuer = issuerOf(identity);
    if (policy.certificateOidcIssuer !== undefined) {
        matchPin('OIDC issuer', policy.certificateOidcIssuer, issuer);
    }
    if (policy.certificateOidcIssuerRegexp !== undefined) {
        matchPin('OIDC issuer', { regexp: policy.certificateOidcIssuerRegexp }, issuer);
    }
    for (const [field, pin] of Object.entries(policy.extensions ?? {})) {
        if (pin === undefined)
            continue;
        const known = _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__/* .IDENTITY_EXTENSIONS */ ._v[field];
        if (known === undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .VerifyError */ .G('POLICY', `policy: unknown claim ${JSON.stringify(field)}`, {
                check: `policy: ${field}`,
            });
        }
        matchPin(`${field} (${known.label})`, pin, identity[field]);
    }
}
//# sourceMappingURL=policy.js.map

/***/ })

};
