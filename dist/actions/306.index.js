export const id = 306;
export const ids = [306];
export const modules = {

/***/ 43656:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cz: () => (/* binding */ annotateWarnings),
  tE: () => (/* binding */ booleanInput),
  kP: () => (/* binding */ cliMessage),
  aY: () => (/* binding */ code),
  U1: () => (/* binding */ headerRow),
  qy: () => (/* binding */ html),
  Op: () => (/* binding */ imageList),
  s: () => (/* binding */ imageNames),
  Ds: () => (/* binding */ inputList),
  _A: () => (/* binding */ registryOptions),
  sA: () => (/* binding */ resolveFiles),
  ak: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: STAGING_DIR

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(46058);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(42377);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __webpack_require__(50279);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(87422);
// EXTERNAL MODULE: ./build/src/policy/error.js
var policy_error = __webpack_require__(80390);
// EXTERNAL MODULE: ./build/src/cli/error.js
var cli_error = __webpack_require__(63774);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __webpack_require__(68510);
;// CONCATENATED MODULE: ./build/src/cli/main.js





/**
 * `signet`: the client the GitHub actions and GitLab templates wrap. Commands are imported
 * when run, so `signet verify` does not load the signing clients (or the AWS SDK) it never
 * uses: start-up time is on every deploy job's critical path.
 */
const HELP = `Usage: signet COMMAND [options]

Commands:
  sign FILE...         sign keyless (and with a KMS key), timestamp, log; write bundles
  attest FILE...       attest SLSA provenance (or any predicate) about files, signed as sign does
  verify ARTIFACT...   verify bundles offline against a trust root and pinned identities
  policy lint FILE     warn where a verification policy is broader than intended
  version              print the version (also --version)

Run "signet COMMAND --help" for a command's options. Exit status: 0 success, 1 failure
(not verified, signing failed), 2 usage error.
`;
const COMMANDS = {
    sign: async () => (await Promise.all(/* import() */[__webpack_require__.e(393), __webpack_require__.e(583), __webpack_require__.e(46), __webpack_require__.e(222), __webpack_require__.e(827), __webpack_require__.e(347), __webpack_require__.e(992)]).then(__webpack_require__.bind(__webpack_require__, 67992))).signCommand,
    attest: async () => (await Promise.all(/* import() */[__webpack_require__.e(393), __webpack_require__.e(583), __webpack_require__.e(46), __webpack_require__.e(222), __webpack_require__.e(827), __webpack_require__.e(347), __webpack_require__.e(811)]).then(__webpack_require__.bind(__webpack_require__, 64811))).attestCommand,
    verify: async () => (await Promise.all(/* import() */[__webpack_require__.e(393), __webpack_require__.e(583), __webpack_require__.e(46), __webpack_require__.e(222), __webpack_require__.e(827), __webpack_require__.e(705)]).then(__webpack_require__.bind(__webpack_require__, 59705))).verifyCommand,
    policy: async () => (await Promise.all(/* import() */[__webpack_require__.e(393), __webpack_require__.e(583), __webpack_require__.e(222), __webpack_require__.e(577)]).then(__webpack_require__.bind(__webpack_require__, 60713))).policyCommand,
    version: async () => (await Promise.all(/* import() */[__webpack_require__.e(393), __webpack_require__.e(583), __webpack_require__.e(351)]).then(__webpack_require__.bind(__webpack_require__, 67351))).versionCommand,
};
/** Options that stand for a command, as most CLIs have them. */
const ALIASES = { '--version': 'version' };
async function main(argv, io = (0,cli_io/* processIo */.W)()) {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
        io.stdout(HELP);
        return command === undefined ? cli_io/* EXIT */.d.usage : cli_io/* EXIT */.d.ok;
    }
    const name = ALIASES[command] ?? command;
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (load === undefined) {
        io.stderr(`signet: unknown command "${(0,core_text/* printable */.g$)(command)}"\n\n${HELP}`);
        return cli_io/* EXIT */.d.usage;
    }
    try {
        return await (await load())(rest, io);
    }
    catch (error) {
        if (!(error instanceof core_error/* SignetError */.T))
            throw error;
        // Messages quote what they refused: claims, paths, flags, all of it from outside.
        io.stderr((0,core_text/* printed */.zd) `signet ${name}: ${error.message}\n`);
        return error instanceof cli_error/* CliError */.z || error instanceof policy_error/* PolicyError */.p ? cli_io/* EXIT */.d.usage : cli_io/* EXIT */.d.failed;
    }
}
//# sourceMappingURL=main.js.map
// EXTERNAL MODULE: ./build/src/oci/reference.js
var reference = __webpack_require__(84974);
;// CONCATENATED MODULE: ./build/src/actions/common.js







/**
 * What the three actions share: running the CLI in this process (one node start per step,
 * and the JSON result never passes through a pipe), input lists, and job-summary helpers.
 */
/** Where the composite actions copy this runtime inside the workspace (see actions/stage.sh). */
const STAGING_DIR = '.signet-actions';
/** Runs `signet ARGV` in this process, with `env` added to the step's environment. */
async function runCli(argv, env = {}) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        env: { ...process.env, ...env },
    });
    return { code, stdout, stderr };
}
/** The CLI's warnings as annotations: with --json they would sit unseen in a log nobody reads. */
function annotateWarnings(run, command) {
    for (const line of run.stderr.split('\n')) {
        const warning = new RegExp(`^signet ${command}: warning: (.*)$`).exec(line)?.[1];
        if (warning !== undefined)
            core/* warning */.$e((0,core_text/* printable */.g$)(warning));
    }
}
/** The CLI's own message, without its "signet COMMAND: " prefix (the annotation names the step). */
const cliMessage = (run) => run.stderr.trim().replace(/^signet [a-z]+: /, '') || `signet exited with status ${run.code}`;
/** A multi-line input as a list: one item per line, blank lines and surrounding spaces dropped. */
const inputList = (name, required = false) => core/* getMultilineInput */.q3(name, { required }).filter((line) => line !== '');
/**
 * An image input as CLI arguments, in the order given: `oci://` is added where the workflow left
 * it out (`ghcr.io/org/app@${{ steps.build.outputs.digest }}` reads naturally); the CLI parses
 * and checks the reference itself.
 */
const imageList = (name) => [
    ...new Set(inputList(name).map((ref) => ((0,reference/* isImageReference */.hb)(ref) ? ref : `${reference/* REFERENCE_PREFIX */.hR}${ref}`))),
];
/**
 * The images among the CLI's results, in the order given: the CLI names each by the digest it
 * signed or verified (oci://REGISTRY/REPO@sha256:...), a tag resolved once.
 */
const imageNames = (names) => names.filter(reference/* isImageReference */.hb).join('\n');
/** A true/false input; anything else is a mistake in the workflow, not false. */
const booleanInput = (name) => core/* getBooleanInput */.Vt(name);
/**
 * The registry options every image step shares: `--allow-insecure-registry`, and the
 * registry-token input as the GITHUB_TOKEN the CLI sends to ghcr.io only (other registries'
 * credentials come from the docker config). The token is masked before anything runs.
 */
function registryOptions() {
    const token = core/* getInput */.V4('registry-token');
    if (token !== '')
        core/* setSecret */.Pq(token);
    return {
        argv: booleanInput('allow-insecure-registry') ? ['--allow-insecure-registry'] : [],
        env: token !== '' ? { GITHUB_TOKEN: token } : {},
    };
}
const GLOB_CHARACTERS = /[*?[\]{}]/;
/**
 * Paths and glob patterns to files, in the order given, without duplicates. A literal path
 * must exist and a pattern must match: signing or verifying nothing is a mistake in the
 * workflow, not a success. The staged runtime is never a match, so `**` means the user's files.
 */
async function resolveFiles(patterns, input) {
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const staging = (0,external_node_path_.resolve)(workspace, STAGING_DIR);
    const inStaging = (file) => file === staging || file.startsWith(`${staging}${external_node_path_.sep}`);
    const files = [];
    for (const pattern of patterns) {
        if (!GLOB_CHARACTERS.test(pattern)) {
            if (!(0,external_node_fs_.existsSync)(pattern))
                throw new Error(`${input}: ${pattern} does not exist`);
            files.push(pattern);
            continue;
        }
        const globber = await glob/* create */.v(pattern, { matchDirectories: false });
        const matches = (await globber.glob()).filter((file) => !inStaging(file)).sort();
        if (matches.length === 0)
            throw new Error(`${input}: ${pattern} matches no file`);
        // Relative paths read better in summaries and keep bundle outputs portable across jobs.
        files.push(...matches.map((file) => {
            const rel = (0,external_node_path_.relative)(process.cwd(), file);
            return rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? file : rel;
        }));
    }
    return [...new Set(files)];
}
/**
 * Text for the job summary's HTML: claims and paths come from the signer, never trusted as
 * markup. Unprintable characters are escaped first: a blank line would end the HTML block
 * and let the rest be read as Markdown, and a bidi override would reorder the table.
 */
const html = (text) => (0,core_text/* printable */.g$)(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const code = (text) => `<code>${html(text)}</code>`;
/** A header row for core.summary.addTable. */
const headerRow = (...cells) => cells.map((data) => ({ data, header: true }));
//# sourceMappingURL=common.js.map

/***/ }),

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

/***/ 63774:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ CliError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/** Command-line errors; every other module's errors pass through with their own codes. */
class CliError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 68510:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ processIo),
/* harmony export */   d: () => (/* binding */ EXIT)
/* harmony export */ });
const processIo = () => ({
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
});
/** Exit statuses shared by every command. */
const EXIT = { ok: 0, failed: 1, usage: 2 };
//# sourceMappingURL=io.js.map

/***/ }),

/***/ 50279:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ SignetError),
/* harmony export */   a: () => (/* binding */ CoreError)
/* harmony export */ });
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
class CoreError extends SignetError {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 51761:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ OciError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/**
 * Raised by the registry client, the referrers layer and the credential lookup. Messages name
 * the registry, the repository and the digest or tag; never a password, token or auth header.
 */
class OciError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 84974:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dh: () => (/* binding */ DIGEST),
/* harmony export */   hR: () => (/* binding */ REFERENCE_PREFIX),
/* harmony export */   hb: () => (/* binding */ isImageReference),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference)
/* harmony export */ });
/* unused harmony export DEFAULT_TAG */
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87422);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51761);


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

/***/ 80390:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ PolicyError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/** Raised while turning flags or a policy file into what the verifier checks. */
class PolicyError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

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
