export const id = 760;
export const ids = [760];
export const modules = {

/***/ 4760:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2785);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(7422);
;// CONCATENATED MODULE: ./build/src/actions/source.js
/**
 * Which repository and ref an action was downloaded from, read from where the runner put it.
 * `github.action_repository` and `github.action_ref` would say, but the runner leaves them
 * empty inside composite actions (actions/runner#2525), and GitHub does not promise them
 * there. The runner's layout is its own rule: it downloads `uses: OWNER/REPO/PATH@REF` to
 * `<actions dir>/OWNER/REPO/REF` (a REF with slashes becomes nested directories) under a
 * directory named `_actions`, so `github.action_path` is `.../_actions/OWNER/REPO/REF/PATH`.
 */
/** The runner's directory of downloaded actions, in every action path it gives. */
const ACTIONS_DIR = '_actions';
/**
 * The source of the action at `actionPath`, whose path inside its repository is `within`
 * (e.g. `actions/setup`); undefined when the path is not the runner's layout (a local
 * `uses: ./actions/setup`, or a runner that lays actions out otherwise).
 */
function actionSource(actionPath, within) {
    const parts = actionPath.split(/[\\/]+/).filter((part) => part !== '');
    const tail = within.split('/');
    if (parts.slice(-tail.length).join('/') !== tail.join('/'))
        return undefined;
    const above = parts.slice(0, -tail.length);
    // The last one: the runner's own directories may be anywhere above it, and an owner
    // (letters, digits, hyphens) is never named _actions.
    const at = above.lastIndexOf(ACTIONS_DIR);
    const [owner, repo, ...ref] = at < 0 ? [] : above.slice(at + 1);
    if (owner === undefined || repo === undefined || ref.length === 0)
        return undefined;
    return { owner, repo, ref: ref.join('/') };
}
//# sourceMappingURL=source.js.map
;// CONCATENATED MODULE: ./build/src/actions/setup.js










/**
 * actions/setup: puts a pinned `signet` release on PATH through the runner's tool cache. The
 * tarball is checked against a SHA-256 the workflow pins before anything in it is unpacked, so
 * a replaced release asset (or a compromised mirror) fails the step instead of running.
 */
const TOOL = 'signet';
async function sha256File(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
/** actions/setup's path inside this repository, under the runner's copy of it. */
const SETUP_PATH = 'actions/setup';
/**
 * The download-url input, or the release asset of the `repository` input, or by default of
 * the repository the action was downloaded from, which its path names.
 */
function downloadUrl(version) {
    const explicit = core/* getInput */.V4('download-url');
    if (explicit !== '')
        return explicit.replaceAll('{version}', version);
    let repository = core/* getInput */.V4('repository');
    if (repository === '') {
        const actionPath = core/* getInput */.V4('action-path');
        const source = actionSource(actionPath, SETUP_PATH);
        if (source === undefined) {
            throw new Error(`cannot tell which repository this action comes from: its path ${JSON.stringify(actionPath)} is not the runner's _actions/OWNER/REPO/REF/${SETUP_PATH}; set repository (OWNER/REPO, whose releases hold the tarball) or download-url (a mirror, or the release asset URL)`);
        }
        repository = `${source.owner}/${source.repo}`;
        core/* info */.pq((0,core_text/* printed */.zd) `actions/setup from ${repository}@${source.ref}: installing from its releases`);
    }
    return `${github/* context */._.serverUrl}/${repository}/releases/download/v${version}/signet-${version}.tar.gz`;
}
async function run() {
    const version = core/* getInput */.V4('version', { required: true }).replace(/^v/, '');
    const pinned = core/* getInput */.V4('sha256', { required: true }).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(pinned)) {
        throw new Error(`sha256 must be 64 hex digits (the release's published digest), got "${pinned}"`);
    }
    const url = downloadUrl(version);
    let dir = tool_cache/* find */.I6(TOOL, version);
    if (dir === '') {
        core/* info */.pq((0,core_text/* printed */.zd) `downloading ${url}`);
        const tarball = await tool_cache/* downloadTool */.bq(url);
        const actual = await sha256File(tarball);
        if (actual !== pinned) {
            throw new Error(`${url} has sha256 ${actual}, not the pinned ${pinned}: refusing to install it`);
        }
        const extracted = await tool_cache/* extractTar */.nN(tarball);
        dir = await tool_cache/* cacheDir */.e8((0,external_node_path_.join)(extracted, `signet-${version}`), TOOL, version);
    }
    else {
        core/* info */.pq((0,core_text/* printed */.zd) `signet ${version} from the tool cache (${dir})`);
    }
    // The launcher runs the CLI with this node, the runner's own (node24): jobs need no node
    // of their own on PATH to call `signet` in later steps.
    core/* exportVariable */.dN('SIGNET_NODE', process.execPath);
    core/* addPath */.fM((0,external_node_path_.join)(dir, 'bin'));
    const { stdout } = await (0,external_node_util_.promisify)(external_node_child_process_.execFile)(process.execPath, [
        (0,external_node_path_.join)(dir, 'lib', 'index.js'),
        'version',
    ]);
    core/* info */.pq((0,core_text/* printable */.g$)(stdout.trim()));
    core/* setOutput */.uH('path', (0,external_node_path_.join)(dir, 'bin', 'signet'));
    core/* setOutput */.uH('version', version);
}
//# sourceMappingURL=setup.js.map

/***/ })

};
