import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 2250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 1943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 6460:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers/promises");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 3774:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ CliError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(279);

/** Command-line errors; every other module's errors pass through with their own codes. */
class CliError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 8510:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
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

/***/ 279:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
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

/***/ 7422:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   et: () => (/* binding */ printableJson),
/* harmony export */   g$: () => (/* binding */ printable),
/* harmony export */   wB: () => (/* binding */ controlCharacterProblem),
/* harmony export */   zd: () => (/* binding */ printed)
/* harmony export */ });
/**
 * Text from outside (token claims, certificate claims, file names, messages that quote them):
 * what Signet's CA refuses to sign into a certificate, and how it is shown to people, on a
 * terminal, in a CI log, an annotation or a job summary. A claim holding a newline could print a
 * line of its own ("ok  verified"), an ESC sequence could recolour or erase what came before, a
 * bidi override could reverse what follows, and a zero-width character could make two
 * different values look alike. A certificate from another CA (or an older Signet) may carry
 * what Signet's CA refuses, so output escapes whatever it shows, whoever issued it.
 */
/**
 * Control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F). Terminals act on
 * them (a newline starts a new line, ESC and CSI start ANSI sequences), so text that came from
 * outside and will be signed into a certificate or shown to someone must not carry them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what is matched
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** Where `text` has its first control character ("contains ... U+000A at offset 15"), if any. */
function controlCharacterProblem(text) {
    const match = CONTROL_CHARACTER.exec(text);
    if (match === null)
        return undefined;
    const code = match[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `contains the control character U+${code} at offset ${match.index}`;
}
/**
 * Characters that print nothing visible, or act on the text around them, for output: control
 * characters (C0, DEL, C1, as above), format characters (bidi embeddings, overrides and
 * isolates, zero-width spaces and joiners, the BOM, tag characters), line and paragraph
 * separators, unpaired surrogates, and whatever else Unicode says to render as nothing (Hangul
 * fillers, variation selectors).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const hex = (n, width) => n.toString(16).padStart(width, '0');
function escapeOne(c) {
    const named = NAMED[c];
    if (named !== undefined)
        return named;
    const point = c.codePointAt(0);
    if (point <= 0xff)
        return `\\x${hex(point, 2)}`;
    return point <= 0xffff ? `\\u${hex(point, 4)}` : `\\u{${hex(point, 0)}}`;
}
/**
 * `text` with every unprintable character written as a visible escape (`\n`, `\x1b`,
 * `\u202e`), so it prints on one line and as what it is. Backslashes are kept as they are, so
 * a pin pattern reads as written and escaping twice changes nothing; the JSON output is the
 * unambiguous form.
 */
const printable = (text) => text.replace(UNPRINTABLE, escapeOne);
/**
 * A template tag for output lines: every value put into the template is passed through
 * `printable`, while the template's own text (its newlines) is kept.
 */
function printed(strings, ...values) {
    let out = strings[0];
    values.forEach((value, i) => {
        out += printable(String(value)) + strings[i + 1];
    });
    return out;
}
/**
 * JSON text for output that people may also read: JSON.stringify escapes C0 controls inside
 * strings but leaves DEL, C1 controls and format characters raw, which a terminal acts on.
 * Those become \u escapes; the document parses to the same value.
 */
function printableJson(value) {
    // Outside strings JSON.stringify writes only newlines and spaces, and inside them it has
    // already escaped every C0 control: a raw newline here is layout.
    return JSON.stringify(value, null, 2).replace(UNPRINTABLE, (c) => c === '\n'
        ? c
        : Array.from({ length: c.length }, (_, i) => `\\u${hex(c.charCodeAt(i), 4)}`).join(''));
}
//# sourceMappingURL=text.js.map

/***/ }),

/***/ 390:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ PolicyError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(279);

/** Raised while turning flags or a policy file into what the verifier checks. */
class PolicyError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __nccwpck_require__(7422);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __nccwpck_require__(279);
// EXTERNAL MODULE: ./build/src/policy/error.js
var policy_error = __nccwpck_require__(390);
// EXTERNAL MODULE: ./build/src/cli/error.js
var cli_error = __nccwpck_require__(3774);
// EXTERNAL MODULE: ./build/src/cli/io.js
var cli_io = __nccwpck_require__(8510);
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
    sign: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(583), __nccwpck_require__.e(222), __nccwpck_require__.e(827), __nccwpck_require__.e(347), __nccwpck_require__.e(992)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7992))).signCommand,
    attest: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(583), __nccwpck_require__.e(222), __nccwpck_require__.e(827), __nccwpck_require__.e(347), __nccwpck_require__.e(811)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4811))).attestCommand,
    verify: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(583), __nccwpck_require__.e(222), __nccwpck_require__.e(827), __nccwpck_require__.e(705)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9705))).verifyCommand,
    policy: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(583), __nccwpck_require__.e(222), __nccwpck_require__.e(713)]).then(__nccwpck_require__.bind(__nccwpck_require__, 713))).policyCommand,
    version: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(583), __nccwpck_require__.e(351)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7351))).versionCommand,
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
;// CONCATENATED MODULE: ./build/src/cli/index.js


// The exit code is set rather than process.exit() called, so that stdout is flushed first when
// it is a pipe (a JSON result read by the actions).
main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (error) => {
    // A stack's lines stay lines; its message may quote input like any other.
    const text = (error.stack ?? String(error)).split('\n').map(core_text/* printable */.g$).join('\n');
    process.stderr.write(`signet: internal error: ${text}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=index.js.map
