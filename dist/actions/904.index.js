export const id = 904;
export const ids = [904];
export const modules = {

/***/ 89904:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46058);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87422);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(84974);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(43656);
/* harmony import */ var _signing_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(77346);





/**
 * actions/attest: `signet attest --json` in this process, then outputs, a job summary and one
 * annotation on failure. The CLI builds the provenance from this run's token and environment,
 * signs, verifies and writes (bundle files) or attaches (referrers in the registry).
 */
async function run() {
    const { files, images } = await (0,_signing_js__WEBPACK_IMPORTED_MODULE_4__/* .subjects */ .y)('subject-path', 'attest');
    const predicateType = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('predicate-type');
    const predicatePath = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('predicate-path');
    if ((predicateType === '') !== (predicatePath === '')) {
        throw new Error('predicate-type and predicate-path go together (leave both empty for SLSA provenance)');
    }
    const options = predicateType === ''
        ? ['--provenance']
        : ['--type', predicateType, '--predicate', predicatePath];
    if (images.length > 0 && !(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('push-to-registry'))
        options.push('--no-push');
    const summary = await (0,_signing_js__WEBPACK_IMPORTED_MODULE_4__/* .runSigning */ .P)('attest', { files, images }, options);
    // A bundle attached in a registry is named by its referrer, oci://REGISTRY/REPO@sha256:...;
    // any other (a file's, or an image's with push-to-registry false) is a file.
    const bundles = summary.artifacts.flatMap((artifact) => artifact.bundles.map((b) => b.path));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('bundles', bundles.filter((path) => !(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isImageReference */ .hb)(path)).join('\n'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('referrers', bundles.filter(_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isImageReference */ .hb).join('\n'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digests', (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .imageNames */ .s)(summary.artifacts.map((artifact) => artifact.path)));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('predicate-type', summary.predicateType);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('identity', summary.identity?.san.value ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .printed */ .zd) `attested ${files.length} file(s) and ${images.length} image(s) (${summary.predicateType}) as ${summary.identity?.san.value ?? 'a key'}`);
    await writeSummary(summary);
}
async function writeSummary(summary) {
    const s = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`Signet: attested ${summary.artifacts.length} subject(s)`, 2);
    s.addRaw(`<p>Predicate type ${(0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(summary.predicateType)}</p>`, true);
    s.addTable([
        (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .headerRow */ .U1)('Subject', 'Signature', 'Stored as'),
        ...summary.artifacts.flatMap((artifact) => artifact.bundles.map((bundle) => [
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(artifact.path),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .html */ .qy)(bundle.kind === 'keyless' ? 'keyless (certificate)' : 'key'),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .aY)(bundle.path),
        ])),
    ]);
    await s.write();
}
//# sourceMappingURL=attest.js.map

/***/ }),

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

/***/ 77346:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ runSigning),
/* harmony export */   y: () => (/* binding */ subjects)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46058);
/* harmony import */ var _oidc_sources_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26046);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(43656);



/** The files of `filesInput` and the images; at least one of them. */
async function subjects(filesInput, verb) {
    const files = await (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveFiles */ .sA)((0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .inputList */ .Ds)(filesInput), filesInput);
    const images = (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .imageList */ .Op)('images');
    if (files.length === 0 && images.length === 0) {
        throw new Error(`nothing to ${verb}: give ${filesInput}, images or both`);
    }
    return { files, images };
}
/** The inputs both actions have, and the CLI flag each one is. */
const SIGNING_INPUTS = [
    ['server', '--server'],
    ['signing-config', '--signing-config'],
    ['trusted-root', '--trusted-root'],
    ['tuf-url', '--tuf-url'],
    ['tuf-root', '--tuf-root'],
    ['kms-key', '--kms'],
    ['output-dir', '--output-dir'],
];
/**
 * `signet COMMAND --json` over the subjects, with `options` and the signing inputs; its JSON
 * summary, or an error in the CLI's words. Its warnings (a signing config that sends the
 * signature to another host, a tag resolved to a digest) become warning annotations.
 */
async function runSigning(command, { files, images }, options = []) {
    // The token is fetched here rather than by the CLI so that it is masked before anything
    // else runs: a token in a log is a signing credential for whoever reads the log.
    const token = await (0,_oidc_sources_js__WEBPACK_IMPORTED_MODULE_1__/* .identityToken */ ._M)({ env: process.env, audience: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('audience') });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token.token);
    const argv = [command, '--json', '--identity-token', token.token, ...options];
    for (const [input, flag] of SIGNING_INPUTS) {
        const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(input);
        if (value !== '')
            argv.push(flag, value);
    }
    const registry = images.length > 0 ? (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .registryOptions */ ._A)() : { argv: [], env: {} };
    if (images.length > 0 && (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('recursive'))
        argv.push('--recursive');
    argv.push(...registry.argv, '--', ...files, ...images);
    const result = await (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .runCli */ .ak)(argv, registry.env);
    if (result.code !== 0)
        throw new Error((0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .cliMessage */ .kP)(result));
    (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .annotateWarnings */ .cz)(result, command);
    return JSON.parse(result.stdout);
}
//# sourceMappingURL=signing.js.map

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

/***/ })

};
