export const id = 856;
export const ids = [856];
export const modules = {

/***/ 9856:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46058);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87422);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(43656);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17863);




/**
 * actions/verify: `signet verify --json` in this process. On a mismatch the step fails with
 * one annotation per failed signature and a job-summary table of each pin's expected and
 * actual value, so the deploy log says which claim to fix (or which signer to distrust).
 */
async function run() {
    const given = (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .inputList */ .Ds)('artifacts');
    const images = (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .imageList */ .Op)('images');
    if (given.length === 0 && images.length === 0) {
        throw new Error('nothing to verify: give artifacts, images or both');
    }
    // A digest names an artifact that is not on disk (a file elsewhere).
    const digests = given.filter((item) => /^sha256:/i.test(item));
    const files = await (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveFiles */ .sA)(given.filter((item) => !digests.includes(item)), 'artifacts');
    const argv = ['verify', '--json'];
    for (const name of [
        'trusted-root',
        'server',
        'tuf-url',
        'tuf-root',
        'policy',
        'bundle',
        'key',
        ..._identity_js__WEBPACK_IMPORTED_MODULE_3__/* .PIN_INPUTS */ .W,
    ]) {
        const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
        if (value !== '')
            argv.push(`--${name}`, value);
    }
    const predicateType = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('predicate-type');
    if (predicateType !== '')
        argv.push('--type', predicateType);
    const registry = images.length > 0 ? (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .registryOptions */ ._A)() : { argv: [], env: {} };
    argv.push(...registry.argv, '--', ...files, ...digests, ...images);
    const result = await (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .runCli */ .ak)(argv, registry.env);
    // 1 is "not verified" with a JSON report; without one, 1 is an error the CLI printed instead
    // (a registry that refused the credentials, a digest it does not have).
    if (result.code !== 0 && (result.code !== 1 || result.stdout.trim() === '')) {
        throw new Error((0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .cliMessage */ .kP)(result));
    }
    // A tag resolved to a digest: the run page says which digest the tag named.
    (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .annotateWarnings */ .cz)(result, 'verify');
    const verification = JSON.parse(result.stdout);
    const identity = verification.artifacts
        .flatMap((a) => a.signatures)
        .find((s) => s.verified && s.identity !== undefined)?.identity;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('verified', String(verification.verified));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digests', 
    // Each image by the digest the CLI resolved and verified (oci://REGISTRY/REPO@sha256:...),
    // in the order given: what the deploy must use, since a tag can be moved after this step.
    verification.verified ? (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .imageNames */ .s)(verification.artifacts.map((a) => a.artifact)) : '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('identity', verification.verified ? (identity?.san.value ?? '') : '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('trusted-root-sha256', verification.trustedRoot.sha256);
    await writeSummary(verification);
    if (!verification.verified) {
        for (const artifact of verification.artifacts) {
            for (const signature of artifact.signatures.filter((s) => !s.verified)) {
                // Annotations show in the log and on the run page: claims and paths are escaped there.
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3((0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g$)(failureText(signature)), {
                    title: (0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .printed */ .zd) `Signet: ${artifact.artifact} not verified (${signature.name})`,
                });
            }
        }
        process.exitCode = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.Failure;
    }
}
/**
 * A file: its path and digest. An image: the digest verified, and the reference given when it
 * was a tag, so the summary shows which digest the tag named at verification time.
 */
function artifactCell(artifact) {
    if (artifact.image === undefined) {
        return `${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(artifact.artifact)}<br>${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(`sha256:${artifact.sha256}`)}`;
    }
    return artifact.image.reference === artifact.artifact
        ? (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(artifact.artifact)
        : `${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(artifact.artifact)}<br>from ${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(artifact.image.reference)}`;
}
/** The failed check with both values, as the CLI reports it. */
function failureText(signature) {
    const error = signature.error;
    if (error === undefined)
        return `${signature.bundle}: not verified`;
    if (error.expected !== undefined && error.actual !== undefined) {
        return `${signature.bundle}: ${error.check}: expected ${error.expected}, got ${error.actual}`;
    }
    return `${signature.bundle}: ${error.message}`;
}
async function writeSummary(result) {
    const s = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(result.verified ? 'Signet: verified' : 'Signet: NOT verified', 2);
    s.addTable([
        (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .headerRow */ .U1)('Artifact', 'Signature', 'Bundle or referrer', 'Result', 'Signer', 'Signed at', 'Log entry'),
        ...result.artifacts.flatMap((artifact) => artifact.signatures.map((sig) => [
            artifactCell(artifact),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(sig.name),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(sig.bundle),
            sig.verified ? 'verified' : `<strong>failed</strong>: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(sig.error?.check ?? '')}`,
            (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(sig.identity?.san.value ?? (sig.keyHint !== undefined ? `key ${sig.keyHint}` : '(none)')),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)((sig.timestamps ?? []).map((t) => t.time).join(', ')),
            (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)((sig.logEntries ?? []).map((e) => String(e.logIndex)).join(', ')),
        ])),
    ]);
    for (const artifact of result.artifacts) {
        for (const sig of artifact.signatures) {
            if (sig.verified || sig.pins === undefined || sig.pins.length === 0)
                continue;
            s.addHeading(`${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(artifact.artifact)}: ${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(sig.name)} pins`, 3);
            s.addTable([
                (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .headerRow */ .U1)('Claim', 'Expected', 'Actual', ''),
                ...sig.pins.map((pin) => [
                    (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .html */ .qy)(pin.claim),
                    (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(pin.expected),
                    pin.actual === null ? '(absent)' : (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(pin.actual),
                    pin.matched ? 'match' : '<strong>MISMATCH</strong>',
                ]),
            ]);
        }
    }
    s.addRaw(`<p>Trusted root ${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(result.trustedRoot.source)} (sha256 ${(0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(result.trustedRoot.sha256)})</p>`, true);
    await s.write();
}
//# sourceMappingURL=verify.js.map

/***/ })

};
