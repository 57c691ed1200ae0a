export const id = 7;
export const ids = [7];
export const modules = {

/***/ 5007:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_BUNDLE_BYTES: () => (/* binding */ MAX_BUNDLE_BYTES),
/* harmony export */   VERIFY_HELP: () => (/* binding */ VERIFY_HELP),
/* harmony export */   verifyCommand: () => (/* binding */ verifyCommand)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2077);
/* harmony import */ var _bundle_parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6981);
/* harmony import */ var _core_document_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9096);
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(279);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7422);
/* harmony import */ var _core_x509_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3317);
/* harmony import */ var _policy_error_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(390);
/* harmony import */ var _policy_pins_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(434);
/* harmony import */ var _policy_policy_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(728);
/* harmony import */ var _verify_policy_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1345);
/* harmony import */ var _verify_error_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4005);
/* harmony import */ var _verify_verifier_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(6241);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(2711);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(3774);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(8510);
/* harmony import */ var _trust_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(5978);

















/** A bundle is a few KiB (a DSSE envelope with a large attestation, a few MiB at most). */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
const pinHelp = _policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .PIN_NAMES */ .LI.map((name) => `${`  --${(0,_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .pinFlag */ .gU)(name)} VALUE`.padEnd(30)} ${_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .PINS */ .$x[name].description}`).join('\n');
const VERIFY_HELP = `Usage: signet verify [options] ARTIFACT...

Verifies each ARTIFACT (a file, or sha256:HEX) against its bundle, offline, from a trusted root:
certificate chain at signing time, SCT, log inclusion proof and signed checkpoint, RFC 3161
timestamps, the signature, then the pins. Exit 0 verified, 1 not verified, 2 usage error.

Trust:
  --trusted-root FILE|URL|public-good
                               trusted_root.json; public-good is the public Sigstore
                               instance's, embedded ("signet version" shows its date)
  --server URL                 use the service's /trusted_root.json (SIGNET_SERVER too)
  --tuf-url URL                the trusted root from a TUF repository (its mirror URL), verified
                               from a pinned first root; https://tuf-repo-cdn.sigstore.dev
                               (public-good) has its first root embedded
  --tuf-root FILE              the repository's first root (1.root.json), needed once: later
                               runs start from the cache
  --tuf-cache DIR              where verified TUF metadata is kept (default
                               $XDG_CACHE_HOME/signet/tuf/..., else ~/.cache/signet/tuf/...);
                               the cache is used while the mirror is unavailable, until it expires
  --policy FILE                a policy file (docs/policy.md): trust root and required signatures

Bundle (without --policy):
  --bundle PATH                default ARTIFACT.sigstore.json (ARTIFACT.kms.sigstore.json with --key)
  --key FILE|awskms:///KEY     verify a key bundle with this public key (PEM) or KMS key

Keyless pins (exact; each also has --NAME-regexp PATTERN, anchored). An issuer pin and one of
identity, repository, repository-id or workflow are required. URI pins take the claim as the
token gives it, with or without its host (docs/cli.md, "Pins").
  --certificate-oidc-issuer URL
  --certificate-identity SAN   the signing workflow identity (certificate SAN)
${pinHelp}
  --claim FIELD=VALUE          any certificate claim by field name (see docs/cli.md)

Output:
  --json                       machine-readable results
`;
const REGEXP_SUFFIX = '-regexp';
const CERTIFICATE_PINS = ['certificate-identity', 'certificate-oidc-issuer'];
const PIN_FLAGS = [...CERTIFICATE_PINS, ..._policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .PIN_NAMES */ .LI.map(_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .pinFlag */ .gU), 'claim'];
const OPTIONS = {
    'trusted-root': { type: 'string' },
    server: { type: 'string' },
    ..._trust_js__WEBPACK_IMPORTED_MODULE_16__/* .TUF_OPTIONS */ .Lv,
    policy: { type: 'string' },
    bundle: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(PIN_FLAGS.flatMap((flag) => [
        [flag, { type: 'string', multiple: flag === 'claim' }],
        [`${flag}${REGEXP_SUFFIX}`, { type: 'string', multiple: flag === 'claim' }],
    ])),
};
async function verifyCommand(argv, io) {
    const parsed = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .parseCommandLine */ .Du)('verify', argv, OPTIONS);
    if ((0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .flagOption */ .kY)(parsed, 'help')) {
        io.stdout(VERIFY_HELP);
        return _io_js__WEBPACK_IMPORTED_MODULE_15__/* .EXIT */ .d.ok;
    }
    (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .exclusive */ .jC)(parsed, 'trusted-root', 'server', 'tuf-url');
    const tuf = (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .tufOptions */ .cw)(parsed, io, 'verify');
    if (parsed.positionals.length === 0) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', 'no artifact to verify (see: signet verify --help)');
    }
    const policy = await requirements(parsed);
    if (parsed.values.bundle !== undefined) {
        if (parsed.positionals.length > 1) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', '--bundle names one bundle: give one ARTIFACT (bundles default to ARTIFACT.sigstore.json)');
        }
        if (policy.signatures.length > 1) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `--bundle names one bundle, but the policy ${policy.source} requires ${policy.signatures.length} signatures: name each one's bundle in the policy (bundle: with {artifact})`);
        }
    }
    if (tuf !== undefined && policy.trustedRoot !== undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --tuf-url cannot replace it`);
    }
    const trustSource = tuf === undefined ? trustedRootSource(parsed, policy, io) : undefined;
    const inputs = await Promise.all(parsed.positionals.map((name) => artifactInput(name, parsed)));
    const loaded = tuf !== undefined
        ? await (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .loadTufTrust */ .SR)(tuf)
        : await (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .loadTrust */ .Vc)(trustSource, policy.trustedRoot?.sha256 !== undefined ? { sha256: policy.trustedRoot.sha256 } : {});
    const verifier = new _verify_verifier_js__WEBPACK_IMPORTED_MODULE_12__/* .Verifier */ .B(loaded.trust);
    const keys = new Map();
    for (const requirement of policy.signatures) {
        if (requirement.kind === 'key' && !keys.has(requirement.key))
            keys.set(requirement.key, await (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .loadPublicKey */ .fg)(requirement.key));
    }
    const outcomes = [];
    for (const input of inputs) {
        const signatures = [];
        for (const requirement of policy.signatures) {
            const bundlePath = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, 'bundle') ?? (0,_policy_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .bundleFor */ .Yf)(requirement, input.path ?? input.name);
            signatures.push(await verifyOne(verifier, requirement, bundlePath, input, keys));
        }
        outcomes.push({
            artifact: input.name,
            sha256: input.sha256,
            verified: signatures.every((s) => s.verified),
            signatures,
        });
    }
    const verified = outcomes.every((o) => o.verified);
    if ((0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .flagOption */ .kY)(parsed, 'json')) {
        const json = {
            verified,
            trustedRoot: { source: loaded.source, sha256: loaded.sha256 },
            artifacts: outcomes,
        };
        io.stdout(`${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_5__/* .printableJson */ .et)(json)}\n`);
    }
    else {
        for (const outcome of outcomes)
            io.stdout(describeOutcome(outcome));
    }
    return verified ? _io_js__WEBPACK_IMPORTED_MODULE_15__/* .EXIT */ .d.ok : _io_js__WEBPACK_IMPORTED_MODULE_15__/* .EXIT */ .d.failed;
}
/** The policy file, or a one-signature policy made of the flags. */
async function requirements(parsed) {
    const pinFlagsGiven = PIN_FLAGS.flatMap((f) => [f, `${f}${REGEXP_SUFFIX}`]).filter((f) => parsed.values[f] !== undefined);
    const policyFile = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, 'policy');
    if (policyFile !== undefined) {
        const conflicting = [...pinFlagsGiven, ...(parsed.values.key !== undefined ? ['key'] : [])];
        if (conflicting.length > 0) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `--policy lists the required signatures; --${conflicting[0]} cannot be added to it`);
        }
        const text = await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_3__/* .readFileLimited */ .lB)(policyFile, 'policy', _policy_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .MAX_POLICY_BYTES */ .mk);
        return (0,_policy_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .parsePolicy */ .ON)(text.toString('utf8'), policyFile);
    }
    const key = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, 'key');
    if (key !== undefined) {
        if (pinFlagsGiven.length > 0) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `--key verifies a key bundle, which has no certificate to pin: --${pinFlagsGiven[0]} does not apply`);
        }
        return {
            source: 'command line',
            signatures: [{ name: 'key', kind: 'key', key, bundle: _policy_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_KEY_BUNDLE */ .ND }],
        };
    }
    const pin = (flag) => {
        (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .exclusive */ .jC)(parsed, flag, `${flag}${REGEXP_SUFFIX}`);
        const exact = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, flag);
        const pattern = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, `${flag}${REGEXP_SUFFIX}`);
        return exact ?? (pattern !== undefined ? { regexp: pattern } : undefined);
    };
    const issuer = pin('certificate-oidc-issuer');
    const identity = pin('certificate-identity');
    const typed = {};
    for (const name of _policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .PIN_NAMES */ .LI) {
        const value = pin((0,_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .pinFlag */ .gU)(name));
        if (value !== undefined)
            typed[name] = value;
    }
    if (issuer === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', 'pin the OIDC issuer: --certificate-oidc-issuer URL (e.g. https://token.actions.githubusercontent.com)');
    }
    if (identity === undefined &&
        typed.repository === undefined &&
        typed.repositoryId === undefined &&
        typed.workflow === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', 'pin who signed: --certificate-identity, --repository, --repository-id or --workflow (anything from the issuer would pass otherwise)');
    }
    const claims = {};
    for (const [list, asPin] of [
        ['claim', (v) => v],
        [`claim${REGEXP_SUFFIX}`, (v) => ({ regexp: v })],
    ]) {
        for (const item of (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringsOption */ .EB)(parsed, list)) {
            const at = item.indexOf('=');
            if (at <= 0)
                throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `--${list} takes FIELD=VALUE, got ${JSON.stringify(item)}`);
            claims[item.slice(0, at)] = asPin(item.slice(at + 1));
        }
    }
    let compiled;
    try {
        compiled = (0,_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .identityPolicy */ .rP)({
            certificateOidcIssuer: issuer,
            ...(identity !== undefined && { certificateIdentity: identity }),
        }, typed, claims);
    }
    catch (error) {
        if (error instanceof _policy_error_js__WEBPACK_IMPORTED_MODULE_7__/* .PolicyError */ .p)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', error.message, { cause: error });
        throw error;
    }
    return {
        source: 'command line',
        signatures: [
            {
                name: 'keyless',
                kind: 'keyless',
                pins: { issuer, ...(identity !== undefined && { identity }), typed, claims },
                policy: compiled,
                bundle: _policy_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_KEYLESS_BUNDLE */ .gj,
            },
        ],
    };
}
function trustedRootSource(parsed, policy, io) {
    const flag = (0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, 'trusted-root') ??
        (parsed.values.server !== undefined
            ? (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .serverTrustedRoot */ .$5)((0,_args_js__WEBPACK_IMPORTED_MODULE_13__/* .stringOption */ .Pp)(parsed, 'server'))
            : undefined);
    if (policy.trustedRoot !== undefined) {
        if (flag !== undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `the policy ${policy.source} pins its trusted root (${policy.trustedRoot.source}); --trusted-root and --server cannot replace it`);
        }
        return policy.trustedRoot.source;
    }
    const source = flag ?? (io.env.SIGNET_SERVER ? (0,_trust_js__WEBPACK_IMPORTED_MODULE_16__/* .serverTrustedRoot */ .$5)(io.env.SIGNET_SERVER) : undefined);
    if (source === undefined) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', 'say which trust root to verify against: --trusted-root FILE|URL, --server URL or --tuf-url URL');
    }
    return source;
}
async function artifactInput(name, parsed) {
    const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(name);
    if (digest?.[1] !== undefined) {
        if (parsed.values.bundle === undefined) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `${name} is a digest, so its bundle cannot be found by name: give --bundle PATH (with a policy of one signature), or the artifact file`);
        }
        const value = Buffer.from(digest[1], 'hex');
        return {
            name,
            sha256: digest[1].toLowerCase(),
            artifact: { digest: { algorithm: 'sha256', value } },
        };
    }
    if (/^sha\d+:/i.test(name)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_14__/* .CliError */ .z('USAGE', `${name}: digests are given as sha256: and 64 hex digits`);
    }
    const data = await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_3__/* .readFileLimited */ .lB)(name, 'artifact', 2 ** 31 - 1);
    return {
        name,
        path: name,
        sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex'),
        artifact: { data },
    };
}
async function verifyOne(verifier, requirement, bundlePath, input, keys) {
    const outcome = {
        name: requirement.name,
        kind: requirement.kind,
        bundle: bundlePath,
        verified: false,
    };
    let json;
    try {
        json = (0,_core_document_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJsonDocument */ .dH)(await (0,_core_document_js__WEBPACK_IMPORTED_MODULE_3__/* .readDocument */ .u0)(bundlePath, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES }), 'bundle', bundlePath);
    }
    catch (error) {
        outcome.error = errorOf(error, 'bundle');
        return outcome;
    }
    if (requirement.kind === 'keyless')
        outcome.identity = identityOf(json);
    try {
        const result = verifier.verify(json, input.artifact, requirement.kind === 'keyless'
            ? requirement.policy
            : { publicKey: keys.get(requirement.key) });
        Object.assign(outcome, describeResult(result));
        outcome.verified = true;
    }
    catch (error) {
        outcome.error = errorOf(error, 'verification');
    }
    if (requirement.kind === 'keyless') {
        const rows = pinTable(requirement.pins, requirement.policy, outcome.identity);
        outcome.pins = rows.map(({ written: _, ...row }) => row);
        if (outcome.error !== undefined)
            outcome.error = asWritten(outcome.error, rows);
    }
    return outcome;
}
function describeResult(result) {
    return {
        ...(result.signer.kind === 'certificate'
            ? { identity: result.signer.identity }
            : { keyHint: result.signer.hint }),
        timestamps: result.timestamps.map((t) => ({ time: t.genTime.toISOString(), authority: t.tsa })),
        logEntries: result.tlogEntries.map((e) => ({
            logIndex: e.logIndex,
            baseUrl: e.baseUrl,
            // A Rekor v1 entry's signed entry timestamp: the log's word on when it was logged.
            ...(e.integratedTime !== undefined && { integratedTime: e.integratedTime.toISOString() }),
        })),
    };
}
/** The certificate's claims, read without trusting them, so a failure can show what was signed. */
function identityOf(json) {
    try {
        const bundle = (0,_bundle_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .parseBundle */ .QN)(json);
        if (bundle.signer.kind !== 'certificate')
            return undefined;
        return (0,_ca_extensions_js__WEBPACK_IMPORTED_MODULE_1__/* .readIdentity */ .xN)((0,_core_x509_js__WEBPACK_IMPORTED_MODULE_6__/* .parseCertificate */ .hB)(bundle.signer.chain[0]));
    }
    catch {
        return undefined;
    }
}
/** A pin as its author wrote it: an exact value as itself, a pattern between slashes. */
const shown = (pin) => (typeof pin === 'string' ? pin : `/${pin.regexp}/`);
function pinTable(pins, policy, identity) {
    // Each pin is checked on its own, by the verifier's own matching, so a table can mark every
    // mismatch and not only the first one the verifier stopped at.
    const row = (claim, written, actual, only) => {
        let matched = identity !== undefined;
        try {
            if (identity !== undefined)
                (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_10__/* .checkPolicy */ .h)(identity, only);
        }
        catch {
            matched = false;
        }
        return { claim, expected: shown(written), actual, matched, written };
    };
    const rows = [];
    if (pins.identity !== undefined) {
        const pin = pins.identity;
        rows.push(row('certificate identity', pin, identity?.san.value ?? null, typeof pin === 'string'
            ? { certificateIdentity: pin }
            : { certificateIdentityRegexp: pin.regexp }));
    }
    const issuer = pins.issuer;
    rows.push(row('OIDC issuer', issuer, (identity && (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_10__/* .issuerOf */ .x)(identity)) ?? null, typeof issuer === 'string'
        ? { certificateOidcIssuer: issuer }
        : { certificateOidcIssuerRegexp: issuer.regexp }));
    const claims = [
        ...Object.entries(pins.typed).map(([name, pin]) => [_policy_pins_js__WEBPACK_IMPORTED_MODULE_8__/* .PINS */ .$x[name].field, pin]),
        ...Object.entries(pins.claims),
    ];
    for (const [field, pin] of claims) {
        if (pin === undefined)
            continue;
        rows.push(row(field, pin, identity?.[field] ?? null, {
            extensions: { [field]: policy.extensions?.[field] },
        }));
    }
    return rows;
}
/**
 * A pin failure as the table shows it: the verifier names the compiled pin, which for an exact
 * pin without its scheme is a pattern the reader never wrote. The first mismatched row is the
 * claim the verifier stopped at (same checks, same order); patterns keep the verifier's words.
 */
function asWritten(error, rows) {
    const row = rows.find((r) => !r.matched);
    if (error?.code !== 'POLICY' ||
        error.expected === undefined ||
        typeof row?.written !== 'string' ||
        row.written === error.expected)
        return error;
    return {
        ...error,
        message: error.message.replace(`expected ${error.expected}`, `expected ${row.written}`),
        expected: row.written,
    };
}
function errorOf(error, check) {
    if (error instanceof _verify_error_js__WEBPACK_IMPORTED_MODULE_11__/* .VerifyError */ .G) {
        return {
            code: error.code,
            check: error.check,
            message: error.message,
            ...(error.expected !== undefined && { expected: error.expected }),
            ...(error.actual !== undefined && { actual: error.actual }),
        };
    }
    if (error instanceof _core_error_js__WEBPACK_IMPORTED_MODULE_4__/* .SignetError */ .T)
        return { code: error.code, check, message: error.message };
    throw error;
}
/**
 * The human-readable result, one line per fact. Nearly every value in it is the signer's or
 * the caller's (claims, paths, messages quoting them), so each line is made printable: a claim
 * cannot print a line of its own, or colour one.
 */
function describeOutcome(outcome) {
    const lines = [
        `${outcome.artifact}: ${outcome.verified ? 'verified' : 'NOT VERIFIED'} (sha256:${outcome.sha256})`,
    ];
    for (const s of outcome.signatures) {
        const head = `  ${s.verified ? 'ok  ' : 'FAIL'} ${s.name} (${s.bundle})`;
        if (s.verified) {
            const who = s.identity !== undefined
                ? `${s.identity.san.value}, issuer ${(0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_10__/* .issuerOf */ .x)(s.identity) ?? 'unknown'}`
                : `key ${s.keyHint}`;
            const when = s.timestamps?.[0]?.time ??
                s.logEntries?.find((e) => e.integratedTime !== undefined)?.integratedTime ??
                'no signed time';
            const log = (s.logEntries ?? []).map((e) => `log index ${e.logIndex}`).join(', ');
            lines.push(`${head}: ${who}; signed ${when}; ${log}`);
        }
        else if (s.error !== undefined) {
            // A pin mismatch reads best as the claim and the two values, one under the other; other
            // failures explain themselves in their message.
            const { check, expected, actual, message } = s.error;
            if (s.error.code === 'POLICY' && expected !== undefined && actual !== undefined) {
                lines.push(`${head}: ${check}`, `         expected: ${expected}`, `         actual:   ${actual}`);
            }
            else {
                lines.push(`${head}: ${message}`);
            }
        }
    }
    return `${lines.map(_core_text_js__WEBPACK_IMPORTED_MODULE_5__/* .printable */ .g$).join('\n')}\n`;
}
//# sourceMappingURL=verify.js.map

/***/ }),

/***/ 434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $x: () => (/* binding */ PINS),
/* harmony export */   LI: () => (/* binding */ PIN_NAMES),
/* harmony export */   gU: () => (/* binding */ pinFlag),
/* harmony export */   rP: () => (/* binding */ identityPolicy)
/* harmony export */ });
/* harmony import */ var _ca_extensions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2077);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(390);


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

/***/ 728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ND: () => (/* binding */ DEFAULT_KEY_BUNDLE),
/* harmony export */   ON: () => (/* binding */ parsePolicy),
/* harmony export */   Yf: () => (/* binding */ bundleFor),
/* harmony export */   gj: () => (/* binding */ DEFAULT_KEYLESS_BUNDLE),
/* harmony export */   mk: () => (/* binding */ MAX_POLICY_BYTES)
/* harmony export */ });
/* unused harmony exports POLICY_VERSION, ARTIFACT_PLACEHOLDER */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(390);
/* harmony import */ var _pins_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(434);



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
const TOP_LEVEL = ['version', 'trustedRoot', 'signatures'];
const SIGNATURE_KEYS = ['name', 'bundle', 'keyless', 'key'];
const KEYLESS_KEYS = ['issuer', 'identity', 'claims', ...Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .PINS */ .$x)];
async function parsePolicy(text, source) {
    const fail = (where, why) => new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: ${where}: ${why}`);
    // Loaded here only: most verifications use flags, and the YAML parser costs start-up time.
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let document;
    try {
        // The failsafe schema reads every scalar as text: pins compare text, and YAML 1.2's
        // typing would turn a repository ID into a number and an all-digit digest into 0.
        document = parse(text, { schema: 'failsafe', uniqueKeys: true });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyError */ .p('POLICY_INVALID', `policy ${source}: not valid YAML: ${error.message}`, {
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
        if (entry.key !== undefined) {
            policy.signatures.push({
                name,
                kind: 'key',
                key: relative(scalarText(entry.key, `${where}.key`, fail)),
                bundle: entry.bundle ?? DEFAULT_KEY_BUNDLE,
            });
            return;
        }
        const pins = keylessPins(entry.keyless, `${where}.keyless`, fail);
        let compiled;
        try {
            compiled = (0,_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .identityPolicy */ .rP)({
                certificateOidcIssuer: pins.issuer,
                ...(pins.identity !== undefined && { certificateIdentity: pins.identity }),
            }, pins.typed, pins.claims);
        }
        catch (error) {
            throw fail(`${where}.keyless`, error.message);
        }
        policy.signatures.push({
            name,
            kind: 'keyless',
            pins,
            policy: compiled,
            bundle: entry.bundle ?? DEFAULT_KEYLESS_BUNDLE,
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
    for (const name of Object.keys(_pins_js__WEBPACK_IMPORTED_MODULE_2__/* .PINS */ .$x)) {
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
/** A requirement's bundle path for an artifact path. */
const bundleFor = (requirement, artifact) => requirement.bundle.split(ARTIFACT_PLACEHOLDER).join(artifact);
//# sourceMappingURL=policy.js.map

/***/ })

};
