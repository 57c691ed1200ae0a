export const id = 306;
export const ids = [306];
export const modules = {

/***/ 43656:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kP: () => (/* binding */ cliMessage),
  aY: () => (/* binding */ code),
  U1: () => (/* binding */ headerRow),
  qy: () => (/* binding */ html),
  Ds: () => (/* binding */ inputList),
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
  verify ARTIFACT...   verify bundles offline against a trust root and pinned identities
  policy lint FILE     warn where a verification policy is broader than intended
  version              print the version (also --version)

Run "signet COMMAND --help" for a command's options. Exit status: 0 success, 1 failure
(not verified, signing failed), 2 usage error.
`;
const COMMANDS = {
    sign: async () => (await Promise.all(/* import() */[__webpack_require__.e(583), __webpack_require__.e(978), __webpack_require__.e(241), __webpack_require__.e(688)]).then(__webpack_require__.bind(__webpack_require__, 89688))).signCommand,
    verify: async () => (await Promise.all(/* import() */[__webpack_require__.e(583), __webpack_require__.e(978), __webpack_require__.e(241), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 15007))).verifyCommand,
    policy: async () => (await Promise.all(/* import() */[__webpack_require__.e(583), __webpack_require__.e(978), __webpack_require__.e(713)]).then(__webpack_require__.bind(__webpack_require__, 60713))).policyCommand,
    version: async () => (await Promise.all(/* import() */[__webpack_require__.e(583), __webpack_require__.e(351)]).then(__webpack_require__.bind(__webpack_require__, 67351))).versionCommand,
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
;// CONCATENATED MODULE: ./build/src/actions/common.js






/**
 * What the three actions share: running the CLI in this process (one node start per step,
 * and the JSON result never passes through a pipe), input lists, and job-summary helpers.
 */
/** Where the composite actions copy this runtime inside the workspace (see actions/stage.sh). */
const STAGING_DIR = '.signet-actions';
async function runCli(argv) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        env: process.env,
    });
    return { code, stdout, stderr };
}
/** The CLI's own message, without its "signet COMMAND: " prefix (the annotation names the step). */
const cliMessage = (run) => run.stderr.trim().replace(/^signet [a-z]+: /, '') || `signet exited with status ${run.code}`;
/** A multi-line input as a list: one item per line, blank lines and surrounding spaces dropped. */
const inputList = (name, required = false) => core/* getMultilineInput */.q3(name, { required }).filter((line) => line !== '');
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
    const issuer = (0,_verify_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .issuerOf */ .x)(identity);
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

/***/ 93218:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   It: () => (/* binding */ DerNode),
/* harmony export */   J8: () => (/* binding */ octetString),
/* harmony export */   K2: () => (/* binding */ sequence),
/* harmony export */   Pv: () => (/* binding */ nullValue),
/* harmony export */   jq: () => (/* binding */ oid),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   qA: () => (/* binding */ contextTag),
/* harmony export */   vw: () => (/* binding */ Tag),
/* harmony export */   zE: () => (/* binding */ parseDer),
/* harmony export */   zM: () => (/* binding */ boolean)
/* harmony export */ });
/* unused harmony exports tlv, setOf, OID_CACHE_LIMIT, utf8String, printableString, ia5String, bitString, namedBitString, utcTime, generalizedTime, x509Time */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

/**
 * A small DER (X.690) encoder and strict decoder. Hot paths (timestamps, certificates) build
 * their structures from these functions directly instead of going through a schema library.
 */
const Tag = {
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
function tlv(tag, ...content) {
    const body = content.length === 1 ? content[0] : Buffer.concat(content);
    return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}
const sequence = (...items) => tlv(Tag.SEQUENCE, ...items);
/** A SET OF with its elements sorted by their encodings, as DER requires. */
function setOf(...items) {
    const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
    return tlv(Tag.SET, ...sorted);
}
/** Context-specific tag [n]: constructed (explicit, or implicit over a constructed type) by default. */
function contextTag(n, content, constructed = true) {
    return tlv((constructed ? 0xa0 : 0x80) | n, content);
}
/** An INTEGER from a number, bigint, or unsigned big-endian magnitude. */
function integer(value) {
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
        return tlv(Tag.INTEGER, bytes);
    }
    let n = BigInt(value);
    if (n < 0n)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'negative INTEGER encoding is not supported');
    const out = [];
    do {
        out.unshift(Number(n & 0xffn));
        n >>= 8n;
    } while (n > 0n);
    if (out[0] & 0x80)
        out.unshift(0);
    return tlv(Tag.INTEGER, Buffer.from(out));
}
/**
 * Encoded OIDs by dotted string. Certificates are built from a few dozen fixed OIDs, and
 * encoding one (regex, BigInt arithmetic) cost more than the rest of a TBS; the bound keeps
 * arbitrary callers from growing it without limit.
 */
const OID_CACHE = new Map();
const OID_CACHE_LIMIT = 1024;
function oid(dotted) {
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `invalid OID ${dotted}`);
        return BigInt(p);
    });
    if (parts.length < 2)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `invalid OID ${dotted}`);
    const arcs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
    const out = [];
    for (const arc of arcs) {
        const group = [Number(arc & 0x7fn)];
        for (let n = arc >> 7n; n > 0n; n >>= 7n)
            group.unshift(Number(n & 0x7fn) | 0x80);
        out.push(...group);
    }
    return tlv(Tag.OID, Buffer.from(out));
}
const octetString = (data) => tlv(Tag.OCTET_STRING, data);
const utf8String = (text) => tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
const printableString = (text) => tlv(Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
const ia5String = (text) => tlv(Tag.IA5_STRING, Buffer.from(text, 'latin1'));
const nullValue = () => Buffer.from([Tag.NULL, 0]);
const boolean = (value) => tlv(Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));
/** A BIT STRING with no unused bits (keys, signatures). */
const bitString = (data) => tlv(Tag.BIT_STRING, Buffer.from([0]), data);
/**
 * A named BIT STRING (KeyUsage, PKIFailureInfo) with the given bit numbers set; DER drops
 * trailing zero bits, so the length and unused-bit count follow the highest bit set.
 */
function namedBitString(bits) {
    if (bits.length === 0)
        return Buffer.from([Tag.BIT_STRING, 1, 0]);
    const highest = Math.max(...bits);
    const bytes = Buffer.alloc((highest >> 3) + 1);
    for (const bit of bits)
        bytes[bit >> 3] = bytes[bit >> 3] | (0x80 >> (bit & 7));
    return tlv(Tag.BIT_STRING, Buffer.from([7 - (highest & 7)]), bytes);
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
    return tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
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
    return tlv(Tag.GENERALIZED_TIME, Buffer.from(text + 'Z', 'latin1'));
}
/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
const x509Time = (date) => date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: expected tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`);
        }
        return this;
    }
    /** A non-negative INTEGER as a bigint. */
    toBigInt(what = 'INTEGER') {
        this.expect(Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty INTEGER`);
        if (this.value.length > 1 && this.value[0] === 0 && !(this.value[1] & 0x80)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        if (this.value[0] & 0x80) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: negative INTEGER`);
        }
        return BigInt('0x' + (this.value.toString('hex') || '0'));
    }
    /**
     * A two's-complement INTEGER as a bigint. Only for fields where real-world encoders emit
     * negative values (certificate and timestamp serials); everything else uses toBigInt.
     */
    toSignedBigInt(what = 'INTEGER') {
        this.expect(Tag.INTEGER, what);
        if (this.value.length === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty INTEGER`);
        const [first, second] = this.value;
        if (this.value.length > 1 &&
            ((first === 0 && !(second & 0x80)) ||
                (first === 0xff && second & 0x80))) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER is not minimally encoded`);
        }
        return BigInt.asIntN(this.value.length * 8, BigInt('0x' + this.value.toString('hex')));
    }
    /** The bit numbers set in a named BIT STRING (KeyUsage, PKIFailureInfo). */
    toNamedBits(what = 'BIT STRING') {
        this.expect(Tag.BIT_STRING, what);
        const unused = this.value[0];
        if (unused === undefined || unused > 7 || (this.value.length === 1 && unused !== 0)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: malformed BIT STRING`);
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
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: INTEGER too large`);
        }
        return Number(n);
    }
    toOid(what = 'OBJECT IDENTIFIER') {
        this.expect(Tag.OID, what);
        const arcs = [];
        let current = 0n;
        for (let i = 0; i < this.value.length; i++) {
            const byte = this.value[i];
            if (current === 0n && byte === 0x80) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: OID arc is not minimally encoded`);
            }
            current = (current << 7n) | BigInt(byte & 0x7f);
            if (!(byte & 0x80)) {
                arcs.push(current);
                current = 0n;
            }
            else if (i === this.value.length - 1) {
                throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: truncated OID`);
            }
        }
        const first = arcs.shift();
        if (first === undefined)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: empty OID`);
        const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
        return [...head, ...arcs].join('.');
    }
    toBoolean(what = 'BOOLEAN') {
        this.expect(Tag.BOOLEAN, what);
        if (this.value.length !== 1 || (this.value[0] !== 0 && this.value[0] !== 0xff)) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: BOOLEAN must be 0x00 or 0xFF`);
        }
        return this.value[0] === 0xff;
    }
    /** UTCTime or GeneralizedTime (Z form only, as DER requires). */
    toDate(what = 'time') {
        const text = this.value.toString('latin1');
        let match;
        if (this.tag === Tag.UTC_TIME) {
            match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
            if (match) {
                const yy = Number(match[1]);
                match[1] = String(yy < 50 ? 2000 + yy : 1900 + yy);
            }
        }
        else if (this.tag === Tag.GENERALIZED_TIME) {
            match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
        }
        else {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: expected a UTCTime or GeneralizedTime`);
        }
        if (!match)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: malformed time ${text}`);
        const [, y, mo, d, h, mi, s, frac] = match;
        const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
        const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
        if (Number.isNaN(date.getTime()))
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `${what}: invalid time`);
        return date;
    }
}
function readNode(input, offset) {
    if (offset + 2 > input.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'truncated DER header');
    const tag = input[offset];
    if ((tag & 0x1f) === 0x1f)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'multi-byte DER tags are not supported');
    let length = input[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        if (count === 0)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'indefinite length is not DER');
        if (count > 4)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER length too large');
        if (offset + 2 + count > input.length)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'truncated DER length');
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + input[offset + 2 + i];
        if (input[offset + 2] === 0 || length < 0x80) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER length is not minimally encoded');
        }
        header += count;
    }
    const end = offset + header + length;
    if (end > input.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'DER value runs past the end of input');
    return new DerNode(tag, input.subarray(offset, end), input.subarray(offset + header, end));
}
/** Decodes exactly one DER value occupying the whole input. */
function parseDer(input) {
    const buffer = Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const node = readNode(buffer, 0);
    if (node.raw.length !== buffer.length) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', 'trailing bytes after DER value');
    }
    return node;
}
//# sourceMappingURL=der.js.map

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

/***/ 63317:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Av: () => (/* binding */ parseSubjectKeyIdentifier),
/* harmony export */   Bb: () => (/* binding */ spkiOf),
/* harmony export */   Gm: () => (/* binding */ certificatePublicKey),
/* harmony export */   Jm: () => (/* binding */ isCa),
/* harmony export */   NM: () => (/* binding */ parseExtKeyUsage),
/* harmony export */   Od: () => (/* binding */ verifySignature),
/* harmony export */   On: () => (/* binding */ algorithmOid),
/* harmony export */   T_: () => (/* binding */ describeName),
/* harmony export */   UG: () => (/* binding */ parseKeyUsage),
/* harmony export */   Ub: () => (/* binding */ isValidAt),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   XA: () => (/* binding */ verifyCertificateSignature),
/* harmony export */   _P: () => (/* binding */ parseBasicConstraints),
/* harmony export */   _X: () => (/* binding */ subjectAltNames),
/* harmony export */   bW: () => (/* binding */ findExtension),
/* harmony export */   dK: () => (/* binding */ isVerifiableAlgorithm),
/* harmony export */   hB: () => (/* binding */ parseCertificate)
/* harmony export */ });
/* unused harmony exports MAX_SERIAL_OCTETS, name, KEY_USAGE_BITS, keyUsage, extKeyUsage, basicConstraints, keyIdentifier, subjectKeyIdentifier, authorityKeyIdentifier, signatureAlgorithmIdentifier, signatureAlgorithmFor, signerFor, randomSerial, encodeExtension, buildTbs, assembleCertificate, buildCertificate, publicKeyOf, createSelfSignedCa, bitStringBytes, parseExtensionList, GENERAL_NAME_TAG */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(93218);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50279);



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
    subjectAltName: '2.5.29.17',
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
function name(attributes) {
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
    for (const rdn of (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(nameDer).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Name').children()) {
        for (const atv of rdn.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SET, 'RelativeDistinguishedName').children()) {
            const [type, value] = atv.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'AttributeTypeAndValue').children();
            if (!type || !value)
                throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'AttributeTypeAndValue: too short');
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
const signatureAlgorithmIdentifier = (algorithm) => sequence(oid(SIGNATURE_ALGORITHMS[algorithm].oid));
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
const VERSION_3 = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(2));
/** One Extension; critical FALSE is the DEFAULT, so DER omits it. */
const encodeExtension = (ext) => ext.critical
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
        signatureAlgorithmIdentifier(opts.signatureAlgorithm),
        opts.issuer,
        sequence(x509Time(opts.notBefore), x509Time(opts.notAfter)),
        opts.subject,
        opts.publicKey,
    ];
    if (opts.extensions.length > 0) {
        parts.push(contextTag(3, sequence(...opts.extensions.map(encodeExtension))));
    }
    return sequence(...parts);
}
/** A certificate from its TBS and the signature over it. */
const assembleCertificate = (tbs, algorithm, signature) => sequence(tbs, signatureAlgorithmIdentifier(algorithm), bitString(signature));
/** Builds and signs an X.509 v3 certificate; returns its DER. */
function buildCertificate(opts, sign) {
    const tbs = buildTbs(opts);
    return assembleCertificate(tbs, opts.signatureAlgorithm, sign(tbs));
}
/** The public half of a key (node:crypto refuses createPublicKey on a public KeyObject). */
const publicKeyOf = (key) => key.type === 'public' ? key : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key);
/** SubjectPublicKeyInfo DER of a key (public or private). */
const spkiOf = (key) => publicKeyOf(key).export({ type: 'spki', format: 'der' });
/** A self-signed root CA: KeyUsage keyCertSign|cRLSign and BasicConstraints CA:TRUE, both critical. */
function createSelfSignedCa(opts) {
    const publicKey = spkiOf(opts.privateKey);
    const subject = name([
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
    node.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.BIT_STRING, what);
    if (node.value[0] !== 0) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: BIT STRING unused bits must be 0`);
    }
    return node.value.subarray(1);
}
/**
 * The OID of an AlgorithmIdentifier. Parameters are not interpreted: every algorithm we verify
 * is identified by its OID alone, so unknown parameterised ones (RSA-PSS) simply don't verify.
 */
function algorithmOid(node, what) {
    if (!node)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: missing`);
    const [id, , extra] = node.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, what).children();
    if (!id || extra)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `${what}: malformed AlgorithmIdentifier`);
    return id.toOid(what);
}
/** Extensions ::= SEQUENCE OF Extension (certificates and CSR extensionRequests alike). */
function parseExtensionList(node) {
    const seen = new Set();
    return node
        .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'extensions')
        .children()
        .map((ext) => {
        const fields = ext.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        if (!extOid || fields.length < 2 || fields.length > 3) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Extension: malformed');
        }
        if (seen.has(extOid))
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `duplicate extension ${extOid}`);
        seen.add(extOid);
        const critical = fields.length === 3 ? fields[1].toBoolean('critical') : false;
        const value = fields[fields.length - 1].expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.OCTET_STRING, 'extnValue');
        return { oid: extOid, critical, value: value.value };
    });
}
/** A certificate's [3] extensions wrapper. */
function parseExtensions(node) {
    const list = node.children();
    if (list.length !== 1)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'extensions: expected one SEQUENCE');
    return parseExtensionList(list[0]);
}
/** Parses a DER certificate strictly enough to trust its fields; CoreError DER_INVALID otherwise. */
function parseCertificate(der) {
    const root = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(der).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'Certificate');
    const [tbsNode, outerAlg, sigNode, extra] = root.children();
    if (!tbsNode || !outerAlg || !sigNode || extra) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Certificate: expected tbsCertificate, algorithm, signature');
    }
    const fields = tbsNode.expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'TBSCertificate').children();
    let i = 0;
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
        const [v] = fields[0].children();
        if (!v)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'TBSCertificate: empty version');
        version = v.toNumber('version') + 1;
        if (version < 2 || version > 3) {
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: unsupported version ${version}`);
        }
        i++;
    }
    const next = (what) => {
        const node = fields[i++];
        if (!node)
            throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: missing ${what}`);
        return node;
    };
    const serialNode = next('serialNumber');
    const serial = serialNode.toSignedBigInt('serialNumber');
    const innerAlg = next('signature');
    const issuer = next('issuer').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'issuer');
    const validity = next('validity').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'validity').children();
    if (validity.length !== 2)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'validity: expected two times');
    const subject = next('subject').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'subject');
    const spki = next('subjectPublicKeyInfo').expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'subjectPublicKeyInfo');
    let extensions = [];
    for (; i < fields.length; i++) {
        const node = fields[i];
        if (node.tag === 0x81 || node.tag === 0x82)
            continue; // issuer/subject unique IDs (v2)
        if (node.tag === 0xa3 && version === 3 && i === fields.length - 1) {
            extensions = parseExtensions(node);
            continue;
        }
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', `TBSCertificate: unexpected field 0x${node.tag.toString(16)}`);
    }
    if (!innerAlg.raw.equals(outerAlg.raw)) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'Certificate: signature algorithm differs from the TBS one');
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
const findExtension = (cert, extOid) => cert.extensions.find((e) => e.oid === extOid);
// GeneralName CHOICE tags (implicit, primitive): rfc822Name [1], uniformResourceIdentifier [6].
const GENERAL_NAME_TAG = { email: 0x81, uri: 0x86 };
/** The URI and e-mail names of a certificate's SAN, in order; none without the extension. */
function subjectAltNames(cert) {
    const sanExt = findExtension(cert, OID.subjectAltName);
    if (sanExt === undefined)
        return [];
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(sanExt.value)
        .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'SubjectAltName')
        .children()
        .flatMap((name) => {
        if (name.tag === GENERAL_NAME_TAG.uri)
            return [{ type: 'uri', value: name.value.toString() }];
        if (name.tag === GENERAL_NAME_TAG.email)
            return [{ type: 'email', value: name.value.toString() }];
        return [];
    });
}
/** The OIDs of an ExtendedKeyUsage extnValue. */
const parseExtKeyUsage = (value) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value)
    .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'ExtendedKeyUsage')
    .children()
    .map((n) => n.toOid('KeyPurposeId'));
/** The usages set in a KeyUsage extnValue. */
function parseKeyUsage(value) {
    const bits = new Set((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).toNamedBits('KeyUsage'));
    return new Set(Object.keys(KEY_USAGE_BITS).filter((u) => bits.has(KEY_USAGE_BITS[u])));
}
/** BasicConstraints extnValue: cA and the optional pathLenConstraint. */
function parseBasicConstraints(value) {
    const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'BasicConstraints').children();
    let i = 0;
    let ca = false;
    if (fields[i]?.tag === _der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.BOOLEAN)
        ca = fields[i++].toBoolean('cA');
    const pathLen = fields[i] ? fields[i++].toNumber('pathLenConstraint') : undefined;
    if (i !== fields.length)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'BasicConstraints: malformed');
    return pathLen === undefined ? { ca } : { ca, pathLen };
}
/** The key identifier in a SubjectKeyIdentifier extnValue. */
const parseSubjectKeyIdentifier = (value) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(value).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.OCTET_STRING, 'SubjectKeyIdentifier').value;
/** Whether `cert` is a CA certificate (BasicConstraints cA TRUE). */
function isCa(cert) {
    const ext = findExtension(cert, OID.basicConstraints);
    return ext !== undefined && parseBasicConstraints(ext.value).ca;
}
/**
 * Verifies `signature` over `data` with the algorithm named by `algorithmOid`. CMS allows a
 * bare key algorithm (rsaEncryption, id-ecPublicKey) as the signature algorithm, with the
 * digest taken from the SignerInfo: pass that digest's node:crypto name as `digest`.
 * Unknown algorithms and key-type mismatches verify as false rather than throwing.
 */
function verifySignature(algorithmOid, publicKey, data, signature, digest) {
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
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(info.hash, data, publicKey, signature);
    }
    catch {
        return false;
    }
}
/** Whether algorithm `algorithmOid` is one verifySignature understands. */
const isVerifiableAlgorithm = (algorithmOid) => VERIFIABLE_ALGORITHMS.has(algorithmOid);
/** Checks `cert`'s signature with its issuer's public key. */
function verifyCertificateSignature(cert, issuerPublicKey) {
    return verifySignature(cert.signatureAlgorithm, issuerPublicKey, cert.tbs, cert.signature);
}
/** The certificate's public key as a KeyObject. */
function certificatePublicKey(cert) {
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: cert.publicKey, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'subjectPublicKeyInfo: unsupported or malformed key', {
            cause: error,
        });
    }
}
/** Whether `when` lies within the certificate's validity period (both ends inclusive). */
const isValidAt = (cert, when) => cert.notBefore.getTime() <= when.getTime() && when.getTime() <= cert.notAfter.getTime();
//# sourceMappingURL=x509.js.map

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

/***/ 44005:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ VerifyError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50279);

class VerifyError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
    check;
    expected;
    actual;
    constructor(code, message, details) {
        super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
        this.check = details.check;
        this.expected = details.expected;
        this.actual = details.actual;
    }
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 81345:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ checkPolicy),
/* harmony export */   x: () => (/* binding */ issuerOf)
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
function checkPin(claim, pin, actual) {
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
        checkPin('certificate identity', policy.certificateIdentity, san);
    }
    if (policy.certificateIdentityRegexp !== undefined) {
        checkPin('certificate identity', { regexp: policy.certificateIdentityRegexp }, san);
    }
    const issuer = issuerOf(identity);
    if (policy.certificateOidcIssuer !== undefined) {
        checkPin('OIDC issuer', policy.certificateOidcIssuer, issuer);
    }
    if (policy.certificateOidcIssuerRegexp !== undefined) {
        checkPin('OIDC issuer', { regexp: policy.certificateOidcIssuerRegexp }, issuer);
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
        checkPin(`${field} (${known.label})`, pin, identity[field]);
    }
}
//# sourceMappingURL=policy.js.map

/***/ })

};
