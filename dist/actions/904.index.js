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

/***/ })

};
