export const id = 988;
export const ids = [988];
export const modules = {

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

/***/ })

};
