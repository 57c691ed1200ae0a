export const id = 668;
export const ids = [668];
export const modules = {

/***/ 9668:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6058);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2785);
/* harmony import */ var _actions_tool_cache__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9805);








/**
 * actions/setup: puts a pinned `signet` release on PATH through the runner's tool cache. The
 * tarball is checked against a SHA-256 the workflow pins before anything in it is unpacked, so
 * a replaced release asset (or a compromised mirror) fails the step instead of running.
 */
const TOOL = 'signet';
async function sha256File(path) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
/** The download-url input, or the release asset of the repository the action came from. */
function downloadUrl(version) {
    const explicit = _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .getInput */ .V4('download-url');
    if (explicit !== '')
        return explicit.replaceAll('{version}', version);
    const repository = _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .getInput */ .V4('repository');
    if (repository === '') {
        throw new Error('the repository of the Signet release is unknown here: set download-url (a mirror, or the release asset URL)');
    }
    return `${_actions_github__WEBPACK_IMPORTED_MODULE_6__/* .context */ ._.serverUrl}/${repository}/releases/download/v${version}/signet-${version}.tar.gz`;
}
async function run() {
    const version = _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .getInput */ .V4('version', { required: true }).replace(/^v/, '');
    const pinned = _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .getInput */ .V4('sha256', { required: true }).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(pinned)) {
        throw new Error(`sha256 must be 64 hex digits (the release's published digest), got "${pinned}"`);
    }
    const url = downloadUrl(version);
    let dir = _actions_tool_cache__WEBPACK_IMPORTED_MODULE_7__/* .find */ .I6(TOOL, version);
    if (dir === '') {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`downloading ${url}`);
        const tarball = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_7__/* .downloadTool */ .bq(url);
        const actual = await sha256File(tarball);
        if (actual !== pinned) {
            throw new Error(`${url} has sha256 ${actual}, not the pinned ${pinned}: refusing to install it`);
        }
        const extracted = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_7__/* .extractTar */ .nN(tarball);
        dir = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_7__/* .cacheDir */ .e8((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(extracted, `signet-${version}`), TOOL, version);
    }
    else {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`signet ${version} from the tool cache (${dir})`);
    }
    // The launcher runs the CLI with this node, the runner's own (node24): jobs need no node
    // of their own on PATH to call `signet` in later steps.
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .exportVariable */ .dN('SIGNET_NODE', process.execPath);
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .addPath */ .fM((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'bin'));
    const { stdout } = await (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(process.execPath, [
        (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'lib', 'index.js'),
        'version',
    ]);
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(stdout.trim());
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setOutput */ .uH('path', (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'bin', 'signet'));
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setOutput */ .uH('version', version);
}
//# sourceMappingURL=setup.js.map

/***/ })

};
