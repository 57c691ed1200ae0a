import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

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

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 7349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveBlockMap = __nccwpck_require__(7103);
var resolveBlockSeq = __nccwpck_require__(334);
var resolveFlowCollection = __nccwpck_require__(3142);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(3021);
var composeNode = __nccwpck_require__(5937);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var composeCollection = __nccwpck_require__(7349);
var composeScalar = __nccwpck_require__(5413);
var resolveEnd = __nccwpck_require__(7788);
var utilEmptyScalarPosition = __nccwpck_require__(2599);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 5413:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 9984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(1342);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var identity = __nccwpck_require__(1127);
var composeDoc = __nccwpck_require__(3683);
var resolveEnd = __nccwpck_require__(7788);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 7103:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilFlowIndentCheck = __nccwpck_require__(4051);
var utilMapIncludes = __nccwpck_require__(1187);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(2223);
var resolveProps = __nccwpck_require__(4631);
var utilFlowIndentCheck = __nccwpck_require__(4051);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 7788:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilMapIncludes = __nccwpck_require__(1187);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var resolveEnd = __nccwpck_require__(7788);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 4631:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 4051:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(9499);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var toJS = __nccwpck_require__(4043);
var Schema = __nccwpck_require__(5840);
var stringifyDocument = __nccwpck_require__(6829);
var anchors = __nccwpck_require__(1596);
var applyReviver = __nccwpck_require__(3661);
var createNode = __nccwpck_require__(2404);
var directives = __nccwpck_require__(1342);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 1596:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 3661:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 2404:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 1342:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1464:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 8815:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var Schema = __nccwpck_require__(5840);
var errors = __nccwpck_require__(1464);
var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);
var publicApi = __nccwpck_require__(4047);
var visit = __nccwpck_require__(204);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
__webpack_unused_export__ = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
__webpack_unused_export__ = identity.isMap;
__webpack_unused_export__ = identity.isNode;
__webpack_unused_export__ = identity.isPair;
__webpack_unused_export__ = identity.isScalar;
__webpack_unused_export__ = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
__webpack_unused_export__ = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
__webpack_unused_export__ = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
exports.qg = publicApi.parse;
__webpack_unused_export__ = publicApi.parseAllDocuments;
__webpack_unused_export__ = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
__webpack_unused_export__ = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 7249:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var visit = __nccwpck_require__(204);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 6673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(3661);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7165:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyPair = __nccwpck_require__(9748);
var addPairToJSMap = __nccwpck_require__(7104);
var identity = __nccwpck_require__(1127);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 3301:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(1212);
var addPairToJSMap = __nccwpck_require__(7104);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 2223:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyCollection = __nccwpck_require__(1212);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var toJS = __nccwpck_require__(4043);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(7249);
var merge = __nccwpck_require__(452);
var stringify = __nccwpck_require__(2148);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1127:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 4043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 110:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);
var errors = __nccwpck_require__(1464);
var stringifyString = __nccwpck_require__(3069);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 1733:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 7715:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(110);
var cstStringify = __nccwpck_require__(1733);
var cstVisit = __nccwpck_require__(7715);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 361:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(3461);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 6628:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 3456:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 4047:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var log = __nccwpck_require__(7249);
var identity = __nccwpck_require__(1127);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 5840:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var tags = __nccwpck_require__(18);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLMap = __nccwpck_require__(4454);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 3632:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLSeq = __nccwpck_require__(2223);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 6464:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(3069);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 3959:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 8405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 9874:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 896:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);
var schema = __nccwpck_require__(896);
var schema$1 = __nccwpck_require__(3559);
var binary = __nccwpck_require__(6083);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var schema$2 = __nccwpck_require__(5913);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(3301);
var stringifyString = __nccwpck_require__(3069);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 8398:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5782:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 452:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 303:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var pairs = __nccwpck_require__(8385);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 8385:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLSeq = __nccwpck_require__(2223);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 5913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var binary = __nccwpck_require__(6083);
var bool = __nccwpck_require__(8398);
var float = __nccwpck_require__(5782);
var int = __nccwpck_require__(873);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 4475:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var identity = __nccwpck_require__(1127);
var stringifyComment = __nccwpck_require__(9799);
var stringifyString = __nccwpck_require__(3069);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 1212:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 9799:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 6829:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 8689:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 9748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var foldFlowLines = __nccwpck_require__(4475);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 204:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ }),

/***/ 3218:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FY: () => (/* binding */ bitString),
/* harmony export */   Iz: () => (/* binding */ x509Time),
/* harmony export */   J8: () => (/* binding */ octetString),
/* harmony export */   K2: () => (/* binding */ sequence),
/* harmony export */   Pv: () => (/* binding */ nullValue),
/* harmony export */   _8: () => (/* binding */ generalizedTime),
/* harmony export */   jq: () => (/* binding */ oid),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   o5: () => (/* binding */ namedBitString),
/* harmony export */   qA: () => (/* binding */ contextTag),
/* harmony export */   rF: () => (/* binding */ printableString),
/* harmony export */   s4: () => (/* binding */ setOf),
/* harmony export */   t: () => (/* binding */ tlv),
/* harmony export */   tv: () => (/* binding */ utf8String),
/* harmony export */   vw: () => (/* binding */ Tag),
/* harmony export */   zE: () => (/* binding */ parseDer),
/* harmony export */   zM: () => (/* binding */ boolean)
/* harmony export */ });
/* unused harmony exports ia5String, utcTime, DerNode */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(279);

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
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .CoreError */ .a('DER_INVALID', `UTCTime cannot represent year ${year}`);
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

/***/ 5887:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   oW: () => (/* binding */ parsePem),
/* harmony export */   sg: () => (/* binding */ toPem)
/* harmony export */ });
/* unused harmony export parseSinglePem */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(279);

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;
/** Encodes DER as one PEM block with 64-column lines and a trailing newline. */
function toPem(label, der) {
    const body = Buffer.from(der)
        .toString('base64')
        .replace(/.{1,64}/g, '$&\n');
    return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
/** All PEM blocks in a text, in order; optionally only those with `label`. */
function parsePem(text, label) {
    const blocks = [];
    for (const match of text.matchAll(BLOCK)) {
        const [, found, body] = match;
        if (found === undefined || body === undefined)
            continue;
        if (label !== undefined && found !== label)
            continue;
        blocks.push({ label: found, der: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
    }
    return blocks;
}
/** Exactly one PEM block with `label`, or a CoreError naming what was found instead. */
function parseSinglePem(text, label) {
    const blocks = parsePem(text, label);
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw new CoreError('PEM_INVALID', `expected exactly one PEM block labelled ${label}, found ${blocks.length}`);
    }
    return blocks[0].der;
}
//# sourceMappingURL=pem.js.map

/***/ }),

/***/ 844:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FP: () => (/* binding */ parseSpki),
/* harmony export */   Fn: () => (/* binding */ verifyPrehashedKey),
/* harmony export */   e4: () => (/* binding */ PrehashError),
/* harmony export */   jS: () => (/* binding */ verifyPrehashedSpki)
/* harmony export */ });
/* unused harmony exports verifyPrehashed, parseEcSpki */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3218);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(279);



class PrehashError extends _error_js__WEBPACK_IMPORTED_MODULE_2__/* .SignetError */ .T {
}
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const CURVE_LIST = [
    {
        name: 'prime256v1',
        strategy: 'ecdh',
        spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
        compressedSpkiPrefix: Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
        p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
        b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
        n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
        nBits: 256,
        size: 32,
    },
    {
        name: 'secp384r1',
        strategy: 'shifted-key',
        spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
        compressedSpkiPrefix: Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
        p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
        b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
        n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
        nBits: 384,
        size: 48,
    },
    {
        name: 'secp521r1',
        strategy: 'shifted-key',
        spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
        compressedSpkiPrefix: Buffer.from('3058301006072a8648ce3d020106052b81040023034400', 'hex'),
        p: 2n ** 521n - 1n,
        b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
        n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
        nBits: 521,
        size: 66,
    },
];
/** Supported curves by named-curve OID (RFC 5480 2.1.1.1). */
const CURVES_BY_OID = new Map([
    ['1.2.840.10045.3.1.7', CURVE_LIST[0]],
    ['1.3.132.0.34', CURVE_LIST[1]],
    ['1.3.132.0.35', CURVE_LIST[2]],
]);
/** Names for the messages about keys that are refused (OpenSSL's names). */
const OTHER_CURVE_NAMES = new Map([
    ['1.3.132.0.10', 'secp256k1'],
    ['1.3.132.0.33', 'secp224r1'],
    ['1.2.840.10045.3.1.1', 'prime192v1'],
    ['1.3.36.3.3.2.8.1.1.7', 'brainpoolP256r1'],
    ['1.3.36.3.3.2.8.1.1.11', 'brainpoolP384r1'],
    ['1.3.36.3.3.2.8.1.1.13', 'brainpoolP512r1'],
    ['1.2.156.10197.1.301', 'SM2'],
]);
const OTHER_ALGORITHM_NAMES = new Map([
    ['1.3.101.112', 'ed25519'],
    ['1.3.101.113', 'ed448'],
    ['1.3.101.110', 'x25519'],
    ['1.3.101.111', 'x448'],
    ['1.2.840.113549.1.1.10', 'rsa-pss'],
    ['1.2.840.10040.4.1', 'dsa'],
    ['1.2.840.10046.2.1', 'dh'],
]);
/** DER DigestInfo up to the OCTET STRING header, keyed by digest length (RFC 8017 9.2 note 1). */
const DIGEST_INFO_PREFIXES = new Map([
    [32, Buffer.from('3031300d060960864801650304020105000420', 'hex')],
    [48, Buffer.from('3041300d060960864801650304020205000430', 'hex')],
    [64, Buffer.from('3051300d060960864801650304020305000440', 'hex')],
]);
const MIN_RSA_BITS = 2048;
const LEHMER_DIGIT_BITS = 50;
const UNCOMPRESSED = Buffer.from([0x04]);
/**
 * The fixed message the shifted-key strategy hands to OpenSSL, and its digest h0 as a
 * scalar. SHA-256 is no longer than the order of P-384 or P-521, so no truncation applies.
 */
const SHIFT_HASH = 'sha256';
const SHIFT_MESSAGE = Buffer.alloc(0);
const SHIFT_DIGEST = bytesToBigInt((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(SHIFT_HASH).update(SHIFT_MESSAGE).digest());
/**
 * Parsed keys by SPKI bytes, least recently used first. Log traffic repeats a few keys (KMS
 * signers) among many one-off ones (ephemeral keyless keys); a hit saves the parse and the
 * on-curve check (a few µs for EC) or the OpenSSL import (≈ 120 µs for RSA).
 */
const SPKI_CACHE_SIZE = 1024;
const spkiCache = new Map();
// KeyObject callers: the parse per key object (a WeakMap never holds a key alive).
const keyObjectCache = new WeakMap();
// ECDH objects are only used synchronously and hold no secret (their "private keys" are
// derived from public values), so one per curve can be shared by every call.
const ecdhByCurve = new Map();
/**
 * Verifies `signature` over an already computed `digest` with `publicKey` (SPKI KeyObject).
 * ECDSA P-256/P-384/P-521 (DER signature), RSA PKCS#1 v1.5 (DigestInfo with the hash
 * implied by digest length: 32->SHA-256, 48->SHA-384, 64->SHA-512). Returns false for any
 * invalid signature, and for a digest that is not 32, 48 or 64 bytes long; throws
 * PrehashError only for unsupported key types.
 *
 * ECDSA follows SEC 1 4.1.4: a digest longer than the group order is truncated to its
 * leftmost bits, so for example a SHA-512 digest verifies against P-256 exactly as
 * `crypto.verify('sha512', ...)` would. High-S signatures are accepted, as OpenSSL does.
 */
function verifyPrehashed(publicKey, digest, signature) {
    return verifyPrehashedKey(keyObjectInfo(publicKey), digest, signature);
}
/**
 * `verifyPrehashed` for a key given as DER SubjectPublicKeyInfo bytes (what Rekor entries and
 * certificates carry). Throws PrehashError PREHASH_INVALID_KEY for bytes that `parseSpki`
 * refuses and PREHASH_UNSUPPORTED_KEY for keys it cannot verify with.
 */
function verifyPrehashedSpki(spki, digest, signature) {
    return verifyPrehashedKey(parseSpki(spki), digest, signature);
}
/** `verifyPrehashed` for a key `parseSpki` returned. */
function verifyPrehashedKey(key, digest, signature) {
    if (key.kind === 'unsupported')
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.reason);
    if (key.kind === 'rsa' && key.modulusBits < MIN_RSA_BITS) {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `RSA keys need a modulus of at least ${MIN_RSA_BITS} bits, this one has ${key.modulusBits}`);
    }
    const digestInfoPrefix = DIGEST_INFO_PREFIXES.get(digest.length);
    if (digestInfoPrefix === undefined)
        return false;
    if (key.kind === 'rsa') {
        return verifyRsa(key.key, Math.ceil(key.modulusBits / 8), digestInfoPrefix, digest, signature);
    }
    return verifyEcdsa(ecInfo(key), digest, signature);
}
/**
 * Reads a DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7) strictly: DER only, nothing after it.
 * - id-ecPublicKey with a named curve P-256, P-384 or P-521 (RFC 5480) and an uncompressed
 *   or compressed point (SEC 1 2.3.3; a compressed one is expanded natively): the point's
 *   coordinates must be below p and satisfy the curve equation, else PREHASH_INVALID_KEY.
 *   The hybrid form and the point at infinity are refused the same way.
 * - rsaEncryption with NULL parameters (RFC 3279 2.3.1): the modulus length is read from the
 *   DER, and the key is imported once for `publicDecrypt`.
 * - Anything else that is well-formed (another algorithm or curve, explicit EC parameters)
 *   comes back as `unsupported`, with the reason a verification would give.
 * EC and RSA results are cached by SPKI bytes (bounded, least recently used evicted).
 */
function parseSpki(spki) {
    const cacheKey = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1');
    const cached = spkiCache.get(cacheKey);
    if (cached !== undefined) {
        spkiCache.delete(cacheKey);
        spkiCache.set(cacheKey, cached);
        return cached;
    }
    const parsed = parseSpkiUncached(spki);
    if (parsed.kind !== 'unsupported') {
        if (spkiCache.size >= SPKI_CACHE_SIZE) {
            spkiCache.delete(spkiCache.keys().next().value);
        }
        spkiCache.set(cacheKey, parsed);
    }
    return parsed;
}
/** `parseSpki` for callers that only take EC keys: anything else is a PrehashError. */
function parseEcSpki(spki) {
    const key = parseSpki(spki);
    if (key.kind === 'ec')
        return key;
    throw new PrehashError('PREHASH_UNSUPPORTED_KEY', key.kind === 'rsa' ? 'expected an EC key, got an RSA key' : key.reason);
}
function parseSpkiUncached(spki) {
    const bytes = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength);
    // Fast path: for a supported curve there is exactly one DER encoding of everything before
    // the point, so a prefix comparison is a complete parse of it.
    for (const curve of CURVE_LIST) {
        if (bytes.length === curve.spkiPrefix.length + 1 + 2 * curve.size) {
            if (bytes.subarray(0, curve.spkiPrefix.length).equals(curve.spkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.spkiPrefix.length));
            }
        }
        else if (bytes.length === curve.compressedSpkiPrefix.length + 1 + curve.size) {
            if (bytes.subarray(0, curve.compressedSpkiPrefix.length).equals(curve.compressedSpkiPrefix)) {
                return ecPoint(curve, bytes.subarray(curve.compressedSpkiPrefix.length));
            }
        }
    }
    let algorithm;
    let parameters;
    let subjectPublicKey;
    try {
        const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(bytes).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'SubjectPublicKeyInfo').children();
        if (fields.length !== 2)
            throw invalidKey('a SubjectPublicKeyInfo has exactly two fields');
        const identifier = fields[0].expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'algorithm').children();
        if (identifier.length < 1 || identifier.length > 2) {
            throw invalidKey('malformed AlgorithmIdentifier');
        }
        algorithm = identifier[0].toOid('algorithm');
        parameters = identifier[1];
        const bitString = fields[1].expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.BIT_STRING, 'subjectPublicKey').value;
        if (bitString[0] !== 0)
            throw invalidKey('subjectPublicKey has unused bits');
        subjectPublicKey = bitString.subarray(1);
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER SubjectPublicKeyInfo: ${error.message}`);
    }
    if (algorithm === OID_EC_PUBLIC_KEY) {
        if (parameters?.tag !== _der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.OID) {
            return unsupported(algorithm, 'EC keys must name their curve (RFC 5480); explicit or implicit curve parameters are not supported');
        }
        const curveOid = parameters.toOid('namedCurve');
        const curve = CURVES_BY_OID.get(curveOid);
        if (curve === undefined) {
            const name = OTHER_CURVE_NAMES.get(curveOid) ?? `with OID ${curveOid}`;
            return unsupported(algorithm, `ECDSA curve ${name} is not supported (P-256, P-384 and P-521 are)`);
        }
        // A supported curve that missed the fast path: a point of the wrong size or form.
        return ecPoint(curve, subjectPublicKey);
    }
    if (algorithm === OID_RSA_ENCRYPTION)
        return rsaKey(bytes, parameters, subjectPublicKey);
    const name = OTHER_ALGORITHM_NAMES.get(algorithm);
    if (name === 'ed25519' || name === 'ed448') {
        return unsupported(algorithm, `${name === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
            'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
            'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
    }
    return unsupported(algorithm, `${name ?? `algorithm ${algorithm}`} keys are not supported for prehashed verification`);
}
const invalidKey = (reason) => new PrehashError('PREHASH_INVALID_KEY', reason);
const unsupported = (algorithm, reason) => ({
    kind: 'unsupported',
    algorithm,
    reason,
});
/**
 * A SEC 1 point on `curve`: 04‖X‖Y, or 02/03‖X expanded natively. The coordinates must be
 * field elements (below p) satisfying y² = x³ - 3x + b; the cofactor is 1, so that puts the
 * point in the group. Infinity has no such encoding here.
 */
function ecPoint(curve, point) {
    const { size, p } = curve;
    const form = point[0];
    let x;
    let y;
    let compressed = false;
    if (form === 0x04 && point.length === 1 + 2 * size) {
        x = bytesToBigInt(point.subarray(1, 1 + size));
        y = bytesToBigInt(point.subarray(1 + size));
    }
    else if ((form === 0x02 || form === 0x03) && point.length === 1 + size) {
        x = bytesToBigInt(point.subarray(1));
        // OpenSSL reduces x mod p while expanding; a non-canonical x must not slip through.
        if (x >= p)
            throw invalidKey(`the EC point's x coordinate is not below p`);
        let expanded;
        try {
            expanded = node_crypto__WEBPACK_IMPORTED_MODULE_0__.ECDH.convertKey(point, curve.name, undefined, undefined, 'uncompressed');
        }
        catch {
            throw invalidKey(`the compressed EC point is not on ${curve.name}`);
        }
        y = bytesToBigInt(expanded.subarray(1 + size));
        compressed = true;
    }
    else {
        throw invalidKey(`the EC point must be uncompressed (${1 + 2 * size} bytes from 0x04) or compressed ` +
            `(${1 + size} bytes from 0x02 or 0x03) for ${curve.name}`);
    }
    if (x >= p || y >= p)
        throw invalidKey(`the EC point's coordinates are not below p`);
    if ((y * y) % p !== mod(x * x * x - 3n * x + curve.b, p)) {
        throw invalidKey(`the EC point is not on ${curve.name}`);
    }
    return { kind: 'ec', curve: curve.name, x, y, compressed, params: curve };
}
function rsaKey(spki, parameters, subjectPublicKey) {
    if (parameters === undefined || parameters.tag !== _der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.NULL || parameters.value.length !== 0) {
        return unsupported(OID_RSA_ENCRYPTION, 'rsaEncryption keys must have NULL parameters (RFC 3279 2.3.1)');
    }
    let modulus;
    try {
        const [n, e, extra] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(subjectPublicKey)
            .expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'RSAPublicKey')
            .children();
        if (n === undefined || e === undefined || extra !== undefined) {
            throw invalidKey('an RSAPublicKey has exactly two integers');
        }
        modulus = n.toBigInt('modulus');
        e.toBigInt('publicExponent');
    }
    catch (error) {
        if (error instanceof PrehashError)
            throw error;
        throw invalidKey(`not a DER RSAPublicKey: ${error.message}`);
    }
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw invalidKey(`OpenSSL refused the RSA key: ${error.message}`);
    }
    return { kind: 'rsa', modulusBits: modulus === 0n ? 0 : modulus.toString(2).length, key };
}
function ecInfo(key) {
    if ('params' in key)
        return key;
    // Built by the caller rather than by parseSpki: check it as parseSpki would.
    const curve = CURVE_LIST.find((c) => c.name === key.curve);
    if (curve === undefined)
        throw invalidKey(`unknown curve ${String(key.curve)}`);
    return ecPoint(curve, encodePoint(curve, [key.x, key.y]));
}
function keyObjectInfo(key) {
    const cached = keyObjectCache.get(key);
    if (cached !== undefined)
        return cached;
    if (key.type !== 'public') {
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `expected a public key, got a ${key.type} key`);
    }
    const type = key.asymmetricKeyType;
    if (type !== 'ec' && type !== 'rsa') {
        if (type === 'ed25519' || type === 'ed448') {
            throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type === 'ed25519' ? 'Ed25519ph' : 'Ed448ph'} signatures are not supported: pure ` +
                'EdDSA signs the whole message, so it cannot be checked against a digest, and ' +
                'Node 20 (OpenSSL 3.0) has no prehashed EdDSA variant');
        }
        throw new PrehashError('PREHASH_UNSUPPORTED_KEY', `${type ?? 'unknown'} keys are not supported for prehashed verification`);
    }
    // Only the DER export, never asymmetricKeyDetails or a JWK export: in Node 20 those hold
    // the key's mutex while allocating JS values, and if that allocation runs a GC which
    // finalizes the generateKeyPair job that made the key (the job shares the mutex), the
    // thread deadlocks on itself (seen here with freshly generated keys). DER export allocates
    // without holding the lock.
    const info = parseSpki(key.export({ format: 'der', type: 'spki' }));
    keyObjectCache.set(key, info);
    return info;
}
/**
 * RFC 8017 8.2.2 by re-encoding: raw RSA recovers the whole encoded message, which must equal
 * 00 01 FF..FF 00 || DigestInfo || digest byte for byte. Checking the full block ourselves
 * (instead of letting OpenSSL strip PKCS#1 padding) also pins the signature to exactly the
 * modulus length, as RSASSA-PKCS1-v1_5 and OpenSSL's own verify require.
 */
function verifyRsa(key, modulusBytes, prefix, digest, signature) {
    if (signature.length !== modulusBytes)
        return false;
    let encoded;
    try {
        encoded = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.publicDecrypt)({ key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_NO_PADDING }, signature);
    }
    catch {
        // OpenSSL refuses a signature representative >= n, which RFC 8017 5.2.2 also rejects.
        return false;
    }
    const expected = Buffer.alloc(modulusBytes, 0xff);
    expected[0] = 0x00;
    expected[1] = 0x01;
    const tLength = prefix.length + digest.length;
    expected[modulusBytes - tLength - 1] = 0x00;
    prefix.copy(expected, modulusBytes - tLength);
    expected.set(digest, modulusBytes - digest.length);
    return encoded.equals(expected);
}
/**
 * SEC 1 4.1.4 verification of (r, s) over e: accept iff R = (e·G + r·Q)/s is finite and
 * x(R) ≡ r (mod n). The curve's strategy decides which native operations compute R.
 */
function verifyEcdsa(info, digest, signature) {
    const curve = info.params;
    const parsed = parseDerSignature(signature, curve.size);
    if (parsed === undefined)
        return false;
    const [r, s] = parsed;
    if (r === 0n || r >= curve.n || s === 0n || s >= curve.n)
        return false;
    const e = digestToScalar(digest, curve);
    return curve.strategy === 'ecdh'
        ? verifyWithEcdh(info, e, r, s)
        : verifyWithShiftedKey(info, e, r, s);
}
/**
 * R = u2·(k·G + Q) with u2 = r/s and k = e/r. setPrivateKey(k) yields the full point k·G,
 * JavaScript adds Q, and computeSecret(S) under private key u2 yields x(u2·S), the only
 * coordinate the check needs. u2 is nonzero and n prime, so u2·S is infinity exactly when S
 * is, and checking S covers the "R = infinity" rejection.
 */
function verifyWithEcdh({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    // One inversion serves both 1/r and 1/s; r·s is nonzero mod the prime n.
    const rsInverse = modInverse((r * s) % n, n);
    const k = (((e * s) % n) * rsInverse) % n;
    const u2 = (((r * r) % n) * rsInverse) % n;
    let sum = [qx, qy];
    // k = 0 (e ≡ 0 mod n) makes k·G infinity, so S = Q; ECDH would refuse a zero private key.
    if (k !== 0n)
        sum = addPoints(curve, multiplyG(curve, k), [qx, qy]);
    if (sum === undefined)
        return false;
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(u2, curve.size));
    // S is on the curve (both summands are) and finite and u2 is in [1, n-1], so a throw
    // here would be a bug rather than a bad signature: let it surface.
    const x = bytesToBigInt(ecdh.computeSecret(encodePoint(curve, sum)));
    return x % n === r;
}
/**
 * Hands the whole check to OpenSSL's ECDSA verify, over a fixed message with digest h0,
 * under the shifted key Q' = Q + β·G, β = (e - h0)/r. Its R' = (h0·G + r·Q')/s equals
 * (e·G + r·Q)/s = R exactly, so its verdict (range checks, infinity, x(R') ≡ r) is the
 * verdict for e under Q. β·G still costs one native multiplication.
 */
function verifyWithShiftedKey({ params: curve, x: qx, y: qy }, e, r, s) {
    const { n } = curve;
    const beta = mod((e - SHIFT_DIGEST) * modInverse(r, n), n);
    let shifted = [qx, qy];
    if (beta !== 0n) {
        shifted = addPoints(curve, multiplyG(curve, beta), [qx, qy]);
        if (shifted === undefined) {
            // Q' is infinity, which no key can encode; then R = (h0/s)·G, and h0 ≢ 0 mod n.
            const [x] = multiplyG(curve, (SHIFT_DIGEST * modInverse(s, n)) % n);
            return x % n === r;
        }
    }
    const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({
        key: Buffer.concat([curve.spkiPrefix, encodePoint(curve, shifted)]),
        format: 'der',
        type: 'spki',
    });
    const signatureP1363 = Buffer.concat([toFixedBytes(r, curve.size), toFixedBytes(s, curve.size)]);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(SHIFT_HASH, SHIFT_MESSAGE, { key, dsaEncoding: 'ieee-p1363' }, signatureP1363);
}
/** k·G for k in [1, n-1], natively: ECDH derives its public key from the private scalar. */
function multiplyG(curve, k) {
    const ecdh = ecdhFor(curve);
    ecdh.setPrivateKey(toFixedBytes(k, curve.size));
    const point = ecdh.getPublicKey();
    return [
        bytesToBigInt(point.subarray(1, 1 + curve.size)),
        bytesToBigInt(point.subarray(1 + curve.size)),
    ];
}
function encodePoint(curve, [x, y]) {
    return Buffer.concat([UNCOMPRESSED, toFixedBytes(x, curve.size), toFixedBytes(y, curve.size)]);
}
function ecdhFor(curve) {
    let ecdh = ecdhByCurve.get(curve);
    if (ecdh === undefined) {
        ecdh = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createECDH)(curve.name);
        ecdhByCurve.set(curve, ecdh);
    }
    return ecdh;
}
/**
 * Affine P + Q on y² = x³ - 3x + b, or undefined for P = -Q (infinity). Both inputs are
 * finite curve points. No point has y = 0 (it would have order 2 in a group of odd prime
 * order), so the doubling denominator is never zero.
 */
function addPoints(curve, [x1, y1], [x2, y2]) {
    const { p } = curve;
    let lambda;
    if (x1 === x2) {
        // Same x means y2 = ±y1.
        if (y1 !== y2)
            return undefined;
        lambda = mod((3n * x1 * x1 - 3n) * modInverse((2n * y1) % p, p), p);
    }
    else {
        lambda = mod((y2 - y1) * modInverse(mod(x2 - x1, p), p), p);
    }
    const x3 = mod(lambda * lambda - x1 - x2, p);
    const y3 = mod(lambda * (x1 - x3) - y1, p);
    return [x3, y3];
}
/**
 * SEC 1 4.1.4 step 3 and 5: the leftmost nBits bits of the digest as an integer, mod n.
 * Only a digest longer than the order is truncated (P-521 keeps all 512 bits of SHA-512).
 */
function digestToScalar(digest, curve) {
    const e = bytesToBigInt(digest);
    const excessBits = digest.length * 8 - curve.nBits;
    return (excessBits > 0 ? e >> BigInt(excessBits) : e) % curve.n;
}
/**
 * Strict DER `SEQUENCE { r INTEGER, s INTEGER }`: minimal lengths and minimal, non-negative
 * integers, nothing after the sequence. OpenSSL enforces the same by re-encoding, and any
 * laxity here would make signatures malleable. Integers longer than a field element plus a
 * sign byte cannot be below n, so they are refused before any BigInt work.
 */
function parseDerSignature(sig, size) {
    const seq = readHeader(sig, 0, 0x30);
    if (seq === undefined || seq.end !== sig.length)
        return undefined;
    const r = readInteger(sig, seq.start, size);
    if (r === undefined)
        return undefined;
    const s = readInteger(sig, r.end, size);
    if (s === undefined || s.end !== seq.end)
        return undefined;
    return [r.value, s.value];
}
function readInteger(buf, offset, size) {
    const header = readHeader(buf, offset, 0x02);
    if (header === undefined)
        return undefined;
    const { start, end } = header;
    const length = end - start;
    if (length === 0 || length > size + 1)
        return undefined;
    const first = buf[start];
    if (first & 0x80)
        return undefined;
    if (first === 0 && length > 1 && !(buf[start + 1] & 0x80))
        return undefined;
    return { value: bytesToBigInt(buf.subarray(start, end)), end };
}
/**
 * A TLV header with the given tag. Signatures for these curves are at most 139 bytes, so
 * only the short form and the one-byte long form (0x81, for lengths 128-255) can be valid.
 */
function readHeader(buf, offset, tag) {
    if (buf[offset] !== tag)
        return undefined;
    const first = buf[offset + 1];
    if (first === undefined)
        return undefined;
    let start = offset + 2;
    let length = first;
    if (first === 0x81) {
        const second = buf[offset + 2];
        if (second === undefined || second < 0x80)
            return undefined;
        length = second;
        start = offset + 3;
    }
    else if (first >= 0x80) {
        return undefined;
    }
    const end = start + length;
    return end <= buf.length ? { start, end } : undefined;
}
function mod(a, m) {
    const r = a % m;
    return r < 0n ? r + m : r;
}
/**
 * Inverse of `a` (in [1, m-1]) modulo the prime m, by Lehmer's extended Euclid (Knuth,
 * TAOCP 4.5.2, Algorithm L): runs of quotients are found from the leading 50 bits in float
 * arithmetic and applied to the BigInts as one 2x2 matrix, which is about three times faster
 * than dividing BigInts at every step. Every float stays below 2^52, where division and
 * Math.floor are exact. The final multiplication check costs well under a microsecond and
 * turns any arithmetic slip into a loud failure rather than a wrong verdict.
 */
function modInverse(a, m) {
    let u = m;
    let v = a;
    // Coefficients of `a`: u ≡ tu·a and v ≡ tv·a (mod m) throughout.
    let tu = 0n;
    let tv = 1n;
    while (v !== 0n) {
        const shift = BigInt(Math.max(0, u.toString(16).length * 4 - LEHMER_DIGIT_BITS));
        let uHat = Number(u >> shift);
        let vHat = Number(v >> shift);
        let A = 1;
        let B = 0;
        let C = 0;
        let D = 1;
        while (vHat + C !== 0 && vHat + D !== 0) {
            const q = Math.floor((uHat + A) / (vHat + C));
            if (q !== Math.floor((uHat + B) / (vHat + D)))
                break;
            [A, C] = [C, A - q * C];
            [B, D] = [D, B - q * D];
            [uHat, vHat] = [vHat, uHat - q * vHat];
        }
        if (B === 0) {
            // The leading digits could not settle even one quotient: take a full-precision step.
            const q = u / v;
            [u, v] = [v, u - q * v];
            [tu, tv] = [tv, tu - q * tv];
        }
        else {
            const [a0, b0, c0, d0] = [BigInt(A), BigInt(B), BigInt(C), BigInt(D)];
            [u, v] = [a0 * u + b0 * v, c0 * u + d0 * v];
            [tu, tv] = [a0 * tu + b0 * tv, c0 * tu + d0 * tv];
        }
    }
    const inverse = tu < 0n ? tu + m : tu;
    if (u !== 1n || (a * inverse) % m !== 1n) {
        throw new Error(`modular inverse failed (gcd ${u}); the caller broke the [1, m-1] contract`);
    }
    return inverse;
}
/** `bytes` must be non-empty, as every caller's input is by construction. */
function bytesToBigInt(bytes) {
    return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}
function toFixedBytes(value, size) {
    return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}
//# sourceMappingURL=prehash.js.map

/***/ }),

/***/ 3317:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A3: () => (/* binding */ assembleCertificate),
/* harmony export */   Av: () => (/* binding */ parseSubjectKeyIdentifier),
/* harmony export */   Bb: () => (/* binding */ spkiOf),
/* harmony export */   Eo: () => (/* binding */ authorityKeyIdentifier),
/* harmony export */   F$: () => (/* binding */ keyUsage),
/* harmony export */   Fi: () => (/* binding */ subjectKeyIdentifier),
/* harmony export */   Gm: () => (/* binding */ certificatePublicKey),
/* harmony export */   I2: () => (/* binding */ buildTbs),
/* harmony export */   Jm: () => (/* binding */ isCa),
/* harmony export */   KB: () => (/* binding */ buildCertificate),
/* harmony export */   NM: () => (/* binding */ parseExtKeyUsage),
/* harmony export */   Od: () => (/* binding */ verifySignature),
/* harmony export */   On: () => (/* binding */ algorithmOid),
/* harmony export */   P_: () => (/* binding */ keyIdentifier),
/* harmony export */   T_: () => (/* binding */ describeName),
/* harmony export */   UG: () => (/* binding */ parseKeyUsage),
/* harmony export */   UU: () => (/* binding */ name),
/* harmony export */   Ub: () => (/* binding */ isValidAt),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   XA: () => (/* binding */ verifyCertificateSignature),
/* harmony export */   YG: () => (/* binding */ randomSerial),
/* harmony export */   Zi: () => (/* binding */ signatureAlgorithmFor),
/* harmony export */   _P: () => (/* binding */ parseBasicConstraints),
/* harmony export */   bW: () => (/* binding */ findExtension),
/* harmony export */   cD: () => (/* binding */ bitStringBytes),
/* harmony export */   cw: () => (/* binding */ extKeyUsage),
/* harmony export */   hB: () => (/* binding */ parseCertificate),
/* harmony export */   hO: () => (/* binding */ parseExtensionList),
/* harmony export */   jV: () => (/* binding */ signatureAlgorithmIdentifier),
/* harmony export */   k8: () => (/* binding */ signerFor),
/* harmony export */   kc: () => (/* binding */ publicKeyOf),
/* harmony export */   q4: () => (/* binding */ encodeExtension),
/* harmony export */   rq: () => (/* binding */ createSelfSignedCa),
/* harmony export */   vw: () => (/* binding */ basicConstraints)
/* harmony export */ });
/* unused harmony exports MAX_SERIAL_OCTETS, KEY_USAGE_BITS, isVerifiableAlgorithm */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3218);
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(279);



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
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(...attributes.map((attr) => {
        const type = 'short' in attr ? SHORT_NAMES[attr.short] : attr.oid;
        const value = type === OID.countryName ? (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .printableString */ .rF)(attr.value) : (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .utf8String */ .tv)(attr.value);
        return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .setOf */ .s4)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .oid */ .jq)(type), value));
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
const keyUsage = (usages) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .namedBitString */ .o5)(usages.map((u) => KEY_USAGE_BITS[u]));
/** ExtendedKeyUsage extnValue contents. */
const extKeyUsage = (oids) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(...oids.map((o) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .oid */ .jq)(o)));
/** BasicConstraints extnValue contents; cA FALSE is the DEFAULT, so DER omits it. */
function basicConstraints(ca, pathLen) {
    const items = [];
    if (ca)
        items.push((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zM)(true));
    if (pathLen !== undefined)
        items.push((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(pathLen));
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(...items);
}
/** The subjectPublicKey BIT STRING contents (without the unused-bits byte) of an SPKI. */
function subjectPublicKeyBits(spki) {
    const [, key] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDer */ .zE)(spki).expect(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .Tag */ .vw.SEQUENCE, 'SubjectPublicKeyInfo').children();
    if (!key)
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'SubjectPublicKeyInfo: missing subjectPublicKey');
    return bitStringBytes(key, 'subjectPublicKey');
}
/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. Returns the key id bytes. */
const keyIdentifier = (spki) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(subjectPublicKeyBits(spki)).digest();
/** SubjectKeyIdentifier extnValue contents for the given SPKI. */
const subjectKeyIdentifier = (spki) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .octetString */ .J8)(keyIdentifier(spki));
/** AuthorityKeyIdentifier extnValue contents carrying only keyIdentifier [0]. */
const authorityKeyIdentifier = (keyId) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, keyId, false));
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
const signatureAlgorithmIdentifier = (algorithm) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .oid */ .jq)(SIGNATURE_ALGORITHMS[algorithm].oid));
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
    return (tbs) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(hash, tbs, privateKey);
}
/**
 * 20 random bytes, first byte forced into 0x01..0x7f: positive, never shortened by the
 * INTEGER encoder, and never a 21st octet for the sign.
 */
function randomSerial() {
    const serial = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(MAX_SERIAL_OCTETS);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    return serial;
}
const VERSION_3 = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(2));
/** One Extension; critical FALSE is the DEFAULT, so DER omits it. */
const encodeExtension = (ext) => ext.critical
    ? (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .oid */ .jq)(ext.oid), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zM)(true), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .octetString */ .J8)(ext.value))
    : (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .oid */ .jq)(ext.oid), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .octetString */ .J8)(ext.value));
/**
 * The TBSCertificate DER. Split from signing so that a signer that answers asynchronously (a
 * KMS) can sign it, and so precertificate and final certificate share every byte but one
 * extension.
 */
function buildTbs(opts) {
    const serial = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(opts.serial);
    if (serial.length - 2 > MAX_SERIAL_OCTETS || serial.equals((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .integer */ .nd)(0))) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'certificate serial must be positive and at most 20 octets');
    }
    if (opts.notAfter.getTime() < opts.notBefore.getTime()) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_2__/* .CoreError */ .a('DER_INVALID', 'certificate notAfter is before notBefore');
    }
    const parts = [
        VERSION_3,
        serial,
        signatureAlgorithmIdentifier(opts.signatureAlgorithm),
        opts.issuer,
        (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .x509Time */ .Iz)(opts.notBefore), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .x509Time */ .Iz)(opts.notAfter)),
        opts.subject,
        opts.publicKey,
    ];
    if (opts.extensions.length > 0) {
        parts.push((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(3, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(...opts.extensions.map(encodeExtension))));
    }
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(...parts);
}
/** A certificate from its TBS and the signature over it. */
const assembleCertificate = (tbs, algorithm, signature) => (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .sequence */ .K2)(tbs, signatureAlgorithmIdentifier(algorithm), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .bitString */ .FY)(signature));
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

/***/ 4741:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ KmsError)
/* harmony export */ });
/* harmony import */ var _core_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(279);

/** Every error raised by src/kms. */
class KmsError extends _core_error_js__WEBPACK_IMPORTED_MODULE_0__/* .SignetError */ .T {
}
//# sourceMappingURL=error.js.map

/***/ }),

/***/ 2312:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  AH: () => (/* binding */ algorithmOfSpki),
  H2: () => (/* binding */ checkDigest),
  ol: () => (/* binding */ digestOf),
  M: () => (/* binding */ localSigner),
  Hs: () => (/* binding */ openSigner)
});

// UNUSED EXPORTS: MAX_KEY_FILE_BYTES, SIGNER_ALGORITHMS, ephemeralSigner, fileSigner

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
// EXTERNAL MODULE: ./build/src/core/der.js
var der = __nccwpck_require__(3218);
// EXTERNAL MODULE: ./build/src/core/pem.js
var pem = __nccwpck_require__(5887);
// EXTERNAL MODULE: ./build/src/core/prehash.js
var prehash = __nccwpck_require__(844);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __nccwpck_require__(3317);
// EXTERNAL MODULE: ./build/src/kms/error.js
var kms_error = __nccwpck_require__(4741);
;// CONCATENATED MODULE: ./build/src/kms/signer.js








const SIGNER_ALGORITHMS = {
    'ecdsa-p256-sha256': { curve: 'prime256v1', hash: 'sha256', digestLength: 32 },
    'ecdsa-p384-sha384': { curve: 'secp384r1', hash: 'sha384', digestLength: 48 },
};
/** The digest `sign(data)` signs for `algorithm`. */
const digestOf = (algorithm, data) => (0,external_node_crypto_.createHash)(SIGNER_ALGORITHMS[algorithm].hash).update(data).digest();
/** Throws DIGEST_INVALID unless `digest` has the length of `algorithm`'s hash. */
function checkDigest(ref, algorithm, digest) {
    const { digestLength, hash } = SIGNER_ALGORITHMS[algorithm];
    if (digest.length !== digestLength) {
        throw new kms_error/* KmsError */.M('DIGEST_INVALID', `${ref} signs ${hash.toUpperCase()} digests of ${digestLength} bytes, got ${digest.length} bytes`);
    }
}
/**
 * The algorithm an EC SubjectPublicKeyInfo signs with; KEY_UNSUPPORTED for any other key.
 * Read from the DER rather than `asymmetricKeyDetails`, which can deadlock on Node 20 for a
 * key fresh from generateKeyPair (see prehash.ts).
 */
function algorithmOfSpki(ref, spki) {
    let key;
    try {
        key = (0,prehash/* parseSpki */.FP)(spki);
    }
    catch (error) {
        if (!(error instanceof prehash/* PrehashError */.e4))
            throw error;
        throw new kms_error/* KmsError */.M('KEY_UNSUPPORTED', `${ref}: unusable public key: ${error.message}`, {
            cause: error,
        });
    }
    if (key.kind === 'ec') {
        if (key.curve === 'prime256v1')
            return 'ecdsa-p256-sha256';
        if (key.curve === 'secp384r1')
            return 'ecdsa-p384-sha384';
    }
    let what;
    if (key.kind === 'ec')
        what = `an EC ${key.curve} key`;
    else if (key.kind === 'rsa')
        what = 'an RSA key';
    else if (key.algorithm === x509/* OID */.Vx.ecPublicKey)
        what = `an EC key on curve ${curveOf(spki)}`;
    else
        what = `a key Signet cannot use (${key.reason})`;
    throw new kms_error/* KmsError */.M('KEY_UNSUPPORTED', `${ref} is ${what}; Signet signs with ECDSA P-256 or P-384 keys`);
}
/** Curves parseSpki does not know, by OID, for messages. */
const OTHER_CURVES = {
    '1.3.132.0.10': 'secp256k1',
    '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
    '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
};
/** The named curve of an EC SubjectPublicKeyInfo, for a message: its name or its OID. */
function curveOf(spki) {
    try {
        const [algorithm] = (0,der/* parseDer */.zE)(spki).children();
        const [, parameters] = algorithm?.children() ?? [];
        const curve = parameters?.toOid('namedCurve');
        return curve === undefined ? 'unknown' : (OTHER_CURVES[curve] ?? curve);
    }
    catch {
        return '(explicit parameters)';
    }
}
/**
 * A signer for a private key held in this process.
 *
 * `sign` runs node:crypto synchronously inside the returned promise: an ECDSA signature
 * costs tens of microseconds, about what a thread-pool round trip would add.
 *
 * `signDigest` is refused (DIGEST_SIGNING_UNSUPPORTED). Node 20 (OpenSSL 3.0) offers no
 * ECDSA signing over a precomputed digest: `crypto.sign` always hashes its input, and
 * `crypto.sign(null, ...)` on an EC key hashes with SHA-256 rather than signing the bytes
 * as given. The only alternative is ECDSA arithmetic in JavaScript, as prehash.ts does for
 * verification, but signing would run variable-time BigInt operations on the private key
 * and the nonce (a modular inversion of k), and leaked nonce bits are enough for lattice
 * attacks to recover the key. Verification has only public inputs; signing does not. Local
 * keys are always next to the data, so callers sign the message with `sign` instead.
 */
function localSigner(privateKey, ref) {
    if (privateKey.type !== 'private') {
        throw new kms_error/* KmsError */.M('KEY_UNSUPPORTED', `${ref} is a ${privateKey.type} key, not a private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ec') {
        throw new kms_error/* KmsError */.M('KEY_UNSUPPORTED', `${ref}: ${privateKey.asymmetricKeyType ?? 'unknown'} keys cannot sign here; ` +
            'Signet signs with ECDSA P-256 or P-384 keys');
    }
    const publicKey = (0,x509/* spkiOf */.Bb)(privateKey);
    const algorithm = algorithmOfSpki(ref, publicKey);
    const { hash } = SIGNER_ALGORITHMS[algorithm];
    return {
        ref,
        algorithm,
        publicKey,
        signsDigests: false,
        sign: async (data) => (0,external_node_crypto_.sign)(hash, data, privateKey),
        signDigest: async (digest) => {
            checkDigest(ref, algorithm, digest);
            throw new kms_error/* KmsError */.M('DIGEST_SIGNING_UNSUPPORTED', `${ref} is a local key, which can only sign whole messages (Node has no ECDSA ` +
                'signing over a precomputed digest); use sign(data)');
        },
    };
}
/** A new key that lives only in this signer (Sigstore's ephemeral leaf keys are P-256). */
function ephemeralSigner(curve = 'P-256') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
    // Re-imported rather than used as generated: on Node 20, reading a generateKeyPair key's
    // details can deadlock against the collection of its generation job (server/instance.ts).
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    return localSigner(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'ephemeral');
}
/**
 * Key files are a few hundred bytes; anything much larger is a wrong path (an artifact, a
 * bundle) and is refused before it is read into memory.
 */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** The PEM labels of the unencrypted private key forms `fileSigner` reads, and their DER type. */
const PRIVATE_KEY_LABELS = {
    'PRIVATE KEY': 'pkcs8',
    'EC PRIVATE KEY': 'sec1',
};
/**
 * A signer for a PEM file holding one unencrypted EC P-256 or P-384 private key, as PKCS#8
 * (`BEGIN PRIVATE KEY`, what `openssl genpkey` writes) or SEC 1 (`BEGIN EC PRIVATE KEY`,
 * what `openssl ecparam -genkey` writes; an `EC PARAMETERS` block beside it is ignored).
 * Encrypted keys (PKCS#8, legacy OpenSSL or cosign's) are refused with KEY_FILE_INVALID:
 * there is no passphrase prompt, so decrypt them first.
 */
async function fileSigner(path) {
    const ref = `file:${path}`;
    const text = await readKeyFile(path);
    const fail = (message) => new kms_error/* KmsError */.M('KEY_FILE_INVALID', `${ref}: ${message}`);
    if (/^Proc-Type:\s*4,\s*ENCRYPTED/m.test(text)) {
        throw fail('the key is encrypted (legacy OpenSSL PEM encryption); decrypt it first');
    }
    const blocks = (0,pem/* parsePem */.oW)(text);
    const encrypted = blocks.find((b) => b.label.startsWith('ENCRYPTED '));
    if (encrypted !== undefined) {
        throw fail(`the key is encrypted (${encrypted.label}); Signet reads only unencrypted PKCS#8 or ` +
            'SEC 1 keys, so decrypt it first (for PKCS#8: openssl pkey -in FILE -out NEW)');
    }
    if (blocks.some((b) => b.label === 'RSA PRIVATE KEY')) {
        throw new kms_error/* KmsError */.M('KEY_UNSUPPORTED', `${ref} holds an RSA key; Signet signs with ECDSA P-256 or P-384 keys`);
    }
    const keys = blocks.filter((b) => PRIVATE_KEY_LABELS[b.label] !== undefined);
    if (keys.length !== 1 || keys[0] === undefined) {
        if (keys.length > 1)
            throw fail(`holds ${keys.length} private keys; expected one`);
        const found = [...new Set(blocks.map((b) => b.label))].join(', ');
        throw fail(blocks.length === 0
            ? 'not a PEM file (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)'
            : `holds no private key (found ${found}; expected PRIVATE KEY or EC PRIVATE KEY)`);
    }
    const { label, der } = keys[0];
    const type = PRIVATE_KEY_LABELS[label];
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type });
    }
    catch (error) {
        throw fail(`the ${label} block is not a valid ${type === 'pkcs8' ? 'PKCS#8' : 'SEC 1'} key: ${error.message}`);
    }
    return localSigner(key, ref);
}
async function readKeyFile(path) {
    const ref = `file:${path}`;
    try {
        const handle = await (0,promises_.open)(path, 'r');
        try {
            const stats = await handle.stat();
            if (!stats.isFile())
                throw new kms_error/* KmsError */.M('KEY_FILE_INVALID', `${ref}: not a regular file`);
            if (stats.size > MAX_KEY_FILE_BYTES) {
                throw new kms_error/* KmsError */.M('KEY_FILE_INVALID', `${ref}: ${stats.size} bytes is too large for a key file (at most ${MAX_KEY_FILE_BYTES}); is it the right path?`);
            }
            return await handle.readFile('utf8');
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        if (error instanceof kms_error/* KmsError */.M)
            throw error;
        throw new kms_error/* KmsError */.M('KEY_FILE_INVALID', `${ref}: cannot read the key file: ${error.message}`, {
            cause: error,
        });
    }
}
/** `scheme://` (or `pkcs11:`, which has no slashes): key references that are not file paths. */
const URI_SCHEME = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/|(pkcs11):)/;
/**
 * Opens the signer a key reference names, as `--kms`/`--key` and the server's key settings
 * give it:
 * - `awskms://...`: a key in AWS KMS (see aws.ts for the forms and `options`);
 * - `file:PATH`, `file:///PATH` or a plain path: a PEM key file (`fileSigner`).
 * Other KMS schemes cosign knows (gcpkms://, azurekms://, hashivault://, pkcs11:, ...) are
 * refused with KEY_REF_INVALID rather than looked up as files that cannot exist.
 *
 * The AWS SDK is loaded only when an awskms:// reference is opened: importing it took 90-160
 * ms on the development machine, against about 17 ms for this module without it, and a
 * process that signs with a file key should not pay for it at start-up.
 */
async function openSigner(ref, options) {
    if (ref.startsWith('awskms://')) {
        const { openAwsKmsSigner } = await Promise.all(/* import() */[__nccwpck_require__.e(632), __nccwpck_require__.e(506)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1506));
        return openAwsKmsSigner(ref, options);
    }
    if (ref.startsWith('file://')) {
        let path;
        try {
            path = (0,external_node_url_namespaceObject.fileURLToPath)(ref);
        }
        catch (error) {
            throw new kms_error/* KmsError */.M('KEY_REF_INVALID', `${ref}: not a usable file URL: ${error.message}`);
        }
        return fileSigner(path);
    }
    if (ref.startsWith('file:'))
        return fileSigner(ref.slice('file:'.length));
    const scheme = URI_SCHEME.exec(ref);
    if (scheme !== null) {
        throw new kms_error/* KmsError */.M('KEY_REF_INVALID', `${ref}: ${scheme[1] ?? scheme[2]} keys are not supported; use awskms://... for AWS KMS ` +
            'or the path of a PEM private key file');
    }
    if (ref.trim() === '')
        throw new kms_error/* KmsError */.M('KEY_REF_INVALID', 'the key reference is empty');
    return fileSigner(ref);
}
//# sourceMappingURL=signer.js.map

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

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __nccwpck_require__(8815);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./build/src/core/error.js
var core_error = __nccwpck_require__(279);
;// CONCATENATED MODULE: ./build/src/core/merkle.js


/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashing, proof generation from stored
 * complete subtrees, and proof verification.
 *
 * Indices and sizes are JS numbers. Every bit manipulation below is done with division
 * and remainder by powers of two instead of `>>`, `&` or `^`, because those truncate to
 * 32 bits and logs outgrow 2^32 entries long before they outgrow 2^53.
 */
class MerkleError extends core_error/* SignetError */.T {
}
const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
/** SHA-256(0x00 || entry): the domain-separated hash of one log entry. */
function leafHash(entry) {
    return (0,external_node_crypto_.createHash)('sha256').update(LEAF_PREFIX).update(entry).digest();
}
/** SHA-256(0x01 || left || right): the hash of an interior node. */
function nodeHash(left, right) {
    return (0,external_node_crypto_.createHash)('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}
/** The Merkle Tree Hash of the empty tree, SHA-256 of the empty string. */
const EMPTY_ROOT = (0,external_node_crypto_.createHash)('sha256').digest();
/** The Merkle Tree Hash of a whole list of leaf hashes (any count, including 0). */
function rootFromLeafHashes(hashes) {
    // A stack of perfect subtrees behaves like a binary counter: each push merges equal-height
    // neighbours, so this is O(n) hashing with O(log n) memory. Folding what remains from the
    // right gives exactly RFC 6962's split at the largest power of two.
    const stack = [];
    hashes.forEach((hash, i) => {
        requireHash(hash, `leaf hash ${i}`);
        let entry = { level: 0, hash: Buffer.from(hash) };
        for (let top = stack.at(-1); top !== undefined && top.level === entry.level; top = stack.at(-1)) {
            stack.pop();
            entry = { level: entry.level + 1, hash: nodeHash(top.hash, entry.hash) };
        }
        stack.push(entry);
    });
    return foldRight(stack.map((s) => s.hash)) ?? Buffer.from(EMPTY_ROOT);
}
/** The root hash of the tree of `size` leaves, from O(log size) stored subtrees. */
function rootHash(size, nodes) {
    requireCount(size, 'tree size');
    return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(0, size, nodes);
}
/** The RFC 9162 audit path for leaf `index` in the tree of `size` leaves, leaf to root. */
function inclusionProof(index, size, nodes) {
    requireIndex(index, size);
    return auditPath(0, index, size, nodes);
}
/** The RFC 9162 consistency proof from the tree of `size1` leaves to the tree of `size2`. */
function consistencyProof(size1, size2, nodes) {
    requireConsistencySizes(size1, size2);
    if (size1 === size2)
        return [];
    // The proof is the audit path, inside the bigger tree, of the largest perfect subtree that
    // ends at size1, preceded by that subtree's hash unless it is the whole old tree (the
    // verifier already holds that one as root1).
    const level = trailingZeros(size1);
    const index = size1 / 2 ** level - 1;
    const path = auditPath(level, index, size2, nodes);
    return index === 0 ? path : [fetchNode(nodes, level, index), ...path];
}
/**
 * Recomputes the root from a leaf hash (`leaf` is `leafHash(entry)`, not the entry) and
 * its audit path. Throws MerkleError if the proof has the wrong shape for (index, size).
 */
function rootFromInclusionProof(index, size, leaf, proof) {
    requireIndex(index, size);
    requireHash(leaf, 'leaf hash');
    proof.forEach((hash, i) => requireHash(hash, `inclusion proof hash ${i}`));
    const { inner, border } = decompose(index, size - 1);
    if (proof.length !== inner + border) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `inclusion proof for index ${index} in a tree of size ${size} must have ${inner + border} hashes, got ${proof.length}`);
    }
    const seed = chainInner(Buffer.from(leaf), proof.slice(0, inner), index);
    return chainBorder(seed, proof.slice(inner));
}
/** Checks that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with `root`. */
function verifyInclusion(index, size, leaf, proof, root) {
    requireHash(root, 'root hash');
    const computed = rootFromInclusionProof(index, size, leaf, proof);
    if (!sameBytes(computed, root)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `inclusion proof for index ${index} does not lead to the root hash of the tree of size ${size}`);
    }
}
/**
 * Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` with `root1`.
 * Like transparency-dev/merkle, a proof from the empty tree is rejected (it proves nothing),
 * and for equal sizes the proof must be empty and the roots byte-identical.
 */
function verifyConsistency(size1, size2, root1, root2, proof) {
    requireConsistencySizes(size1, size2);
    if (size1 === size2) {
        verifySameTree(size1, root1, root2, proof);
        return;
    }
    requireHash(root1, 'root1');
    requireHash(root2, 'root2');
    proof.forEach((hash, i) => requireHash(hash, `consistency proof hash ${i}`));
    const level = trailingZeros(size1);
    const index = size1 / 2 ** level - 1;
    const { inner, border } = decompose(index, Math.floor((size2 - 1) / 2 ** level));
    // When size1 is a power of two the subtree the proof starts from is the old root itself,
    // which the verifier already has, so the proof omits it.
    const [seed, rest] = index === 0 ? [root1, proof] : [proof[0], proof.slice(1)];
    if (seed === undefined || rest.length !== inner + border) {
        const expected = inner + border + (index === 0 ? 0 : 1);
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof from size ${size1} to ${size2} must have ${expected} hashes, got ${proof.length}`);
    }
    const innerPart = rest.slice(0, inner);
    const borderPart = rest.slice(inner);
    const start = Buffer.from(seed);
    if (!sameBytes(chainBorder(chainInnerRight(start, innerPart, index), borderPart), root1)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof does not lead to root1 of the tree of size ${size1}`);
    }
    if (!sameBytes(chainBorder(chainInner(start, innerPart, index), borderPart), root2)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof does not lead to root2 of the tree of size ${size2}`);
    }
}
function verifySameTree(size, root1, root2, proof) {
    if (proof.length !== 0) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `consistency proof between equal sizes (${size}) must be empty, got ${proof.length} hashes`);
    }
    if (!sameBytes(root1, root2)) {
        throw new MerkleError('MERKLE_PROOF_INVALID', `two different roots for the same size ${size}`);
    }
}
/**
 * The audit path of the complete node (level, index) inside the tree of `size` leaves.
 * Below the level where the path meets the tree's right border, every sibling exists; the
 * highest of them may be an incomplete (ephemeral) node, computed from complete ones. Above
 * it, the path runs along the border where only left siblings exist.
 */
function auditPath(level, index, size, nodes) {
    const proof = [];
    let l = level;
    let i = index;
    for (; i !== Math.floor((size - 1) / 2 ** l); l++, i = Math.floor(i / 2)) {
        proof.push(subtreeHash(l, i % 2 === 0 ? i + 1 : i - 1, size, nodes));
    }
    for (; i > 0; l++, i = Math.floor(i / 2)) {
        if (i % 2 === 1)
            proof.push(fetchNode(nodes, l, i - 1));
    }
    return proof;
}
/** The hash of node (level, index), which is complete unless it straddles the tree's end. */
function subtreeHash(level, index, size, nodes) {
    const width = 2 ** level;
    const start = index * width;
    return start + width <= size ? fetchNode(nodes, level, index) : rangeHash(start, size, nodes);
}
/**
 * MTH of leaves [start, end), where start is aligned to a power of two at least end-start:
 * the range splits into perfect subtrees of strictly decreasing size (the binary digits of
 * its length), and folding them from the right reproduces RFC 6962's recursive split.
 */
function rangeHash(start, end, nodes) {
    const parts = [];
    let offset = start;
    for (let level = bitLength(end - start) - 1; level >= 0; level--) {
        const width = 2 ** level;
        if (offset + width <= end) {
            parts.push(fetchNode(nodes, level, offset / width));
            offset += width;
        }
    }
    return foldRight(parts) ?? Buffer.from(EMPTY_ROOT);
}
function fetchNode(nodes, level, index) {
    const hash = nodes.node(level, index);
    requireHash(hash, `stored node (level ${level}, index ${index})`);
    return Buffer.from(hash);
}
function foldRight(hashes) {
    return hashes.reduceRight((acc, hash) => (acc === undefined ? hash : nodeHash(hash, acc)), undefined);
}
/**
 * Splits an audit path into its inner part (levels where the path and the last leaf are in
 * different subtrees, one sibling per level) and its border part (one left sibling per set
 * bit of what remains of the index). Equivalent to RFC 9162's bit_length(index XOR last)
 * and popcount, without 32-bit operators.
 */
function decompose(index, last) {
    let inner = 0;
    let i = index;
    for (let j = last; i !== j; i = Math.floor(i / 2), j = Math.floor(j / 2))
        inner++;
    let border = 0;
    for (; i > 0; i = Math.floor(i / 2))
        border += i % 2;
    return { inner, border };
}
/** Hashes up the inner part of a path, taking sides from the bits of `index`. */
function chainInner(seed, proof, index) {
    return proof.reduce((hash, sibling, level) => bit(index, level) === 0 ? nodeHash(hash, sibling) : nodeHash(sibling, hash), seed);
}
/** Like chainInner, but only through left siblings: how the old, smaller root was built. */
function chainInnerRight(seed, proof, index) {
    return proof.reduce((hash, sibling, level) => (bit(index, level) === 1 ? nodeHash(sibling, hash) : hash), seed);
}
/** Along the right border every sibling is on the left. */
function chainBorder(seed, proof) {
    return proof.reduce((hash, sibling) => nodeHash(sibling, hash), seed);
}
function bit(value, position) {
    return Math.floor(value / 2 ** position) % 2;
}
function bitLength(value) {
    let bits = 0;
    for (let v = value; v > 0; v = Math.floor(v / 2))
        bits++;
    return bits;
}
function trailingZeros(value) {
    let zeros = 0;
    for (let v = value; v % 2 === 0; v /= 2)
        zeros++;
    return zeros;
}
function sameBytes(a, b) {
    return a.length === b.length && Buffer.compare(a, b) === 0;
}
function requireHash(hash, what) {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
        const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
        throw new MerkleError('MERKLE_INPUT_INVALID', `${what} must be ${HASH_SIZE} bytes, got ${got}`);
    }
}
function requireCount(value, what) {
    if (!Number.isSafeInteger(value) || value < 0) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `${what} must be a non-negative safe integer, got ${value}`);
    }
}
function requireIndex(index, size) {
    requireCount(index, 'leaf index');
    requireCount(size, 'tree size');
    if (index >= size) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `leaf index ${index} is outside the tree of size ${size}`);
    }
}
function requireConsistencySizes(size1, size2) {
    requireCount(size1, 'size1');
    requireCount(size2, 'size2');
    if (size1 > size2) {
        throw new MerkleError('MERKLE_INPUT_INVALID', `size1 (${size1}) is larger than size2 (${size2})`);
    }
    if (size1 === 0) {
        throw new MerkleError('MERKLE_INPUT_INVALID', 'a consistency proof from the empty tree proves nothing (size1 is 0)');
    }
}
//# sourceMappingURL=merkle.js.map
;// CONCATENATED MODULE: ./build/src/core/base64.js

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;
/** Standard base64 with padding (RFC 4648 §4), the form protojson emits for `bytes`. */
function toBase64(data) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
/**
 * Decodes standard or URL-safe base64 (protojson parsers accept both), rejecting anything
 * else: Node's own decoder silently skips invalid characters, which would let garbage through.
 * `what` names the field in the error message.
 */
function fromBase64(text, what = 'value') {
    if (typeof text !== 'string') {
        throw new core_error/* CoreError */.a('BASE64_INVALID', `${what} must be a base64 string`);
    }
    // Each test scans the whole text, and verifiers decode kilobytes per bundle: scan once.
    const standard = STANDARD.test(text);
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if ((!standard && !URL_SAFE.test(text)) || (text.length - padding) % 4 === 1) {
        throw new core_error/* CoreError */.a('BASE64_INVALID', `${what} is not valid base64`);
    }
    if (padding > 0 && text.length % 4 !== 0) {
        throw new core_error/* CoreError */.a('BASE64_INVALID', `${what} has malformed base64 padding`);
    }
    return Buffer.from(text, standard ? 'base64' : 'base64url');
}
//# sourceMappingURL=base64.js.map
;// CONCATENATED MODULE: ./build/src/core/note.js



/**
 * C2SP signed notes (c2sp.org/signed-note): text, a blank line, then one line per signature
 * of the form "— <key name> <base64(4-byte key hint || signature)>".
 *
 * Supported keys: Ed25519 (type 0x01, key ID = SHA-256(name || 0x0A || 0x01 || raw key)) and
 * ECDSA P-256 with DER signatures over SHA-256, whose key ID follows rekor-tiles and C2SP
 * type 0x02: SHA-256(SPKI DER), without name or type byte.
 */
class NoteError extends core_error/* SignetError */.T {
}
const SIGNATURE_PREFIX = '\u2014 ';
const ED25519_TYPE = 0x01;
const KEY_ID_SIZE = 32;
const HINT_SIZE = 4;
/** The spec asks verifiers to cap signatures and accept at least 16; Go's sumdb caps at 100. */
const MAX_SIGNATURES = 100;
/** Go's unicode.IsSpace, which is what "Unicode spaces" means for the reference implementation. */
const SPACE = /[\p{Z}\t\n\v\f\r\u0085]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Cs}/u;
// ignoreBOM keeps a leading U+FEFF as text instead of silently dropping signed bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 public key), the signed-note key ID. */
function ed25519NoteKeyId(name, publicKey) {
    requireKeyName(name);
    requireKind(publicKey, 'public', 'ed25519');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(name, 'utf8')
        .update(Buffer.from([0x0a, ED25519_TYPE]))
        .update(rawEd25519(publicKey))
        .digest();
}
/** SHA-256(SPKI DER): the ECDSA key ID of rekor-tiles (equal to the classic RFC 6962 log ID). */
function ecdsaNoteKeyId(publicKey) {
    requireKind(publicKey, 'public', 'p256');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest();
}
/** A signer for an Ed25519 or ECDSA P-256 private key. */
function noteSigner(name, privateKey) {
    requireKeyName(name);
    const kind = requireKind(privateKey, 'private');
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    if (kind === 'ed25519') {
        return {
            name,
            keyId: ed25519NoteKeyId(name, publicKey),
            sign: (message) => (0,external_node_crypto_.sign)(null, message, privateKey),
        };
    }
    return {
        name,
        keyId: ecdsaNoteKeyId(publicKey),
        sign: (message) => (0,external_node_crypto_.sign)('sha256', message, { key: privateKey, dsaEncoding: 'der' }),
    };
}
/** A verifier for an Ed25519 or ECDSA P-256 public key. */
function noteVerifier(name, publicKey) {
    requireKeyName(name);
    const kind = requireKind(publicKey, 'public');
    if (kind === 'ed25519') {
        return {
            name,
            keyId: ed25519NoteKeyId(name, publicKey),
            verify: (message, signature) => signature.length === 64 && safeVerify(() => (0,external_node_crypto_.verify)(null, message, publicKey, signature)),
        };
    }
    return {
        name,
        keyId: ecdsaNoteKeyId(publicKey),
        verify: (message, signature) => safeVerify(() => (0,external_node_crypto_.verify)('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)),
    };
}
/** A verifier from the text form "<name>+<8 hex key hint>+<base64(0x01 || 32-byte key)>". */
function verifierFromVkey(vkey) {
    const first = vkey.indexOf('+');
    const second = vkey.indexOf('+', first + 1);
    if (first < 0 || second < 0) {
        throw new NoteError('NOTE_KEY_INVALID', 'verifier key must be <name>+<hex key ID>+<base64 key>');
    }
    const name = vkey.slice(0, first);
    const hint = vkey.slice(first + 1, second);
    const key = decodeStrictBase64(vkey.slice(second + 1));
    if (!/^[0-9a-fA-F]{8}$/.test(hint)) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key ID "${hint}" is not 8 hex digits`);
    }
    if (key === undefined || key.length !== 33 || key[0] !== ED25519_TYPE) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key for ${name} is not base64 of 0x01 followed by a 32-byte Ed25519 key`);
    }
    const publicKey = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') },
        format: 'jwk',
    });
    const verifier = noteVerifier(name, publicKey);
    if (!verifier.keyId.subarray(0, HINT_SIZE).equals(Buffer.from(hint, 'hex'))) {
        throw new NoteError('NOTE_KEY_INVALID', `verifier key ID ${hint} does not match the key for ${name}`);
    }
    return verifier;
}
/** Signs `text` (which must end with a newline) with every signer, in order. */
function signNote(text, signers) {
    requireNoteText(text);
    if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
        throw new NoteError('NOTE_KEY_INVALID', `a note needs 1 to ${MAX_SIGNATURES} signers, got ${signers.length}`);
    }
    const message = Buffer.from(text, 'utf8');
    const lines = signers.map((signer) => {
        requireKeyName(signer.name);
        requireKeyId(signer.keyId, signer.name);
        const signature = Buffer.concat([signer.keyId.subarray(0, HINT_SIZE), signer.sign(message)]);
        return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(signature)}\n`;
    });
    return `${text}\n${lines.join('')}`;
}
/**
 * Splits a note into its text and signature lines without verifying anything. Bytes are
 * accepted as well as strings so that invalid UTF-8 is rejected rather than replaced.
 */
function parseNote(note) {
    const message = decodeNote(note);
    requireCharacters(message, 'note');
    // Text may itself contain blank lines; the signature block starts after the last one.
    const split = message.lastIndexOf('\n\n');
    if (split < 0)
        throw malformed('note has no blank line before its signatures');
    const block = message.slice(split + 2);
    if (block === '')
        throw malformed('note has no signature lines');
    if (!block.endsWith('\n'))
        throw malformed('last signature line does not end with a newline');
    const lines = block.slice(0, -1).split('\n');
    if (lines.length > MAX_SIGNATURES) {
        throw malformed(`note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);
    }
    return { text: message.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}
/**
 * Verifies a note against trusted keys. A signature line is checked by every verifier with
 * the same name and key hint; if none of them accepts it the whole note is rejected. Lines
 * from unknown keys (e.g. witness cosignatures) are ignored and listed as `unverified`, one
 * entry per distinct line. At least one trusted signature is required.
 */
function openNote(note, verifiers) {
    verifiers.forEach((v) => {
        requireKeyName(v.name);
        requireKeyId(v.keyId, v.name);
    });
    const { text, signatures } = parseNote(note);
    const message = Buffer.from(text, 'utf8');
    const verified = new Map();
    const unverified = new Map();
    for (const { name, keyHint, signature } of signatures) {
        const key = `${name}+${keyHint.toString('hex')}`;
        const candidates = verifiers.filter((v) => v.name === name && v.keyId.subarray(0, HINT_SIZE).equals(keyHint));
        if (candidates.length === 0) {
            unverified.set(`${key}+${signature.toString('base64')}`, name);
        }
        else if (candidates.some((v) => v.verify(message, signature))) {
            verified.set(key, name);
        }
        else {
            throw new NoteError('NOTE_INVALID_SIGNATURE', `signature by trusted key ${key} does not verify`);
        }
    }
    if (verified.size === 0) {
        const signers = signatures.map((s) => `${s.name}+${s.keyHint.toString('hex')}`).join(', ');
        throw new NoteError('NOTE_NO_VERIFIABLE_SIGNATURE', `note has no signature from a trusted key (signed by: ${signers})`);
    }
    return { text, verified: [...verified.values()], unverified: [...unverified.values()] };
}
function parseSignatureLine(line, i) {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw malformed(`${where} does not start with an em dash and a space`);
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    if (!isKeyName(name))
        throw malformed(`${where} has an invalid key name`);
    const bytes = space < 0 ? undefined : decodeStrictBase64(rest.slice(space + 1));
    if (bytes === undefined || bytes.length <= HINT_SIZE) {
        throw malformed(`${where} (${name}) does not end with base64 of a key hint and a signature`);
    }
    return {
        name,
        keyHint: bytes.subarray(0, HINT_SIZE),
        signature: bytes.subarray(HINT_SIZE),
    };
}
function decodeNote(note) {
    if (typeof note === 'string')
        return note;
    try {
        return UTF8.decode(note);
    }
    catch {
        throw malformed('note is not valid UTF-8');
    }
}
/** Only canonical, padded standard base64: one spelling per value, as Go's decoder requires. */
function decodeStrictBase64(text) {
    try {
        const bytes = fromBase64(text);
        return toBase64(bytes) === text ? bytes : undefined;
    }
    catch {
        return undefined;
    }
}
function requireNoteText(text) {
    if (typeof text !== 'string' || !text.endsWith('\n')) {
        throw malformed('note text must end with a newline');
    }
    requireCharacters(text, 'note text');
}
function requireCharacters(text, what) {
    if (FORBIDDEN_CONTROL.test(text)) {
        throw malformed(`${what} contains a control character other than newline`);
    }
    if (LONE_SURROGATE.test(text))
        throw malformed(`${what} is not valid Unicode`);
}
function isKeyName(name) {
    return (name !== '' &&
        !name.includes('+') &&
        !SPACE.test(name) &&
        !FORBIDDEN_CONTROL.test(name) &&
        !LONE_SURROGATE.test(name));
}
function requireKeyName(name) {
    if (typeof name !== 'string' || !isKeyName(name)) {
        throw new NoteError('NOTE_KEY_INVALID', `key name ${JSON.stringify(name)} must be non-empty, without spaces, "+" or control characters`);
    }
}
function requireKeyId(keyId, name) {
    if (!Buffer.isBuffer(keyId) || keyId.length !== KEY_ID_SIZE) {
        throw new NoteError('NOTE_KEY_INVALID', `key ID for ${name} must be ${KEY_ID_SIZE} bytes`);
    }
}
function requireKind(key, type, only) {
    const kind = key.asymmetricKeyType === 'ed25519'
        ? 'ed25519'
        : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
            ? 'p256'
            : undefined;
    if (key.type !== type || kind === undefined || (only !== undefined && kind !== only)) {
        const wanted = only === 'ed25519' ? 'Ed25519' : only === 'p256' ? 'ECDSA P-256' : 'Ed25519 or ECDSA P-256';
        const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
        throw new NoteError('NOTE_KEY_INVALID', `expected an ${wanted} ${type} key, got a ${got.trim()} key`);
    }
    return kind;
}
function rawEd25519(publicKey) {
    const { x } = publicKey.export({ format: 'jwk' });
    return Buffer.from(x ?? '', 'base64url');
}
/** OpenSSL throws on some malformed signatures (e.g. bad DER); that is a failed check too. */
function safeVerify(check) {
    try {
        return check();
    }
    catch {
        return false;
    }
}
function malformed(message) {
    return new NoteError('NOTE_MALFORMED', message);
}
//# sourceMappingURL=note.js.map
;// CONCATENATED MODULE: ./build/src/tlog/error.js

/** Raised by the transparency-log module: tiles, checkpoints and the log engine. */
class error_TlogError extends core_error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/tlog/checkpoint.js



const ROOT_HASH_SIZE = 32;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f]/;
const NOTE_TO_TLOG = {
    NOTE_MALFORMED: 'CHECKPOINT_MALFORMED',
    NOTE_INVALID_SIGNATURE: 'CHECKPOINT_INVALID',
    NOTE_NO_VERIFIABLE_SIGNATURE: 'CHECKPOINT_UNVERIFIED',
    NOTE_KEY_INVALID: 'CHECKPOINT_UNVERIFIED',
};
/** The checkpoint's note text, "origin\nsize\nb64root\n[extension lines\n]". */
function formatCheckpoint(c) {
    requireLine(c.origin, 'origin');
    if (!Number.isSafeInteger(c.size) || c.size < 0) {
        throw checkpoint_malformed(`tree size must be a non-negative safe integer, got ${c.size}`);
    }
    if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== ROOT_HASH_SIZE) {
        throw checkpoint_malformed(`root hash must be ${ROOT_HASH_SIZE} bytes`);
    }
    c.extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
    const lines = [c.origin, String(c.size), toBase64(c.rootHash), ...c.extensions];
    return lines.map((line) => `${line}\n`).join('');
}
/** Parses checkpoint note text (already verified: the spec says to ignore unverified text). */
function parseCheckpointText(text) {
    if (typeof text !== 'string' || !text.endsWith('\n')) {
        throw checkpoint_malformed('checkpoint text must end with a newline');
    }
    const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
    if (sizeText === '' || rootText === '') {
        throw checkpoint_malformed('checkpoint text needs origin, tree size and root hash lines');
    }
    requireLine(origin, 'origin');
    extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
    return { origin, size: parseSize(sizeText), rootHash: parseRootHash(rootText), extensions };
}
function signCheckpoint(c, signers) {
    return signNote(formatCheckpoint(c), signers);
}
/**
 * Verifies a checkpoint note against trusted log keys and parses its text. Signatures by
 * unknown keys (witnesses, rotated keys) are ignored; any trusted signature that fails, or
 * no trusted signature at all, rejects the checkpoint. The origin is returned, not checked:
 * Rekor v1 origins differ from their key names, so matching is the caller's policy.
 */
function verifyCheckpoint(note, verifiers) {
    let text;
    try {
        ({ text } = openNote(note, verifiers));
    }
    catch (err) {
        if (!(err instanceof NoteError))
            throw err;
        throw new error_TlogError(NOTE_TO_TLOG[err.code], `checkpoint: ${err.message}`, { cause: err });
    }
    return parseCheckpointText(text);
}
function parseSize(text) {
    if (!DECIMAL.test(text)) {
        throw checkpoint_malformed(`tree size ${JSON.stringify(text)} is not a decimal without leading zeros`);
    }
    const size = Number(text);
    if (!Number.isSafeInteger(size))
        throw checkpoint_malformed(`tree size ${text} is too large`);
    return size;
}
function parseRootHash(text) {
    let root;
    try {
        root = fromBase64(text, 'root hash');
    }
    catch (err) {
        throw checkpoint_malformed(`root hash ${JSON.stringify(text)} is not base64`, err);
    }
    if (toBase64(root) !== text) {
        throw checkpoint_malformed(`root hash ${JSON.stringify(text)} is not canonical padded standard base64`);
    }
    if (root.length !== ROOT_HASH_SIZE) {
        throw checkpoint_malformed(`root hash is ${root.length} bytes, expected ${ROOT_HASH_SIZE}`);
    }
    return root;
}
function requireLine(line, what) {
    if (typeof line !== 'string' || line === '')
        throw checkpoint_malformed(`${what} is empty`);
    if (CONTROL.test(line))
        throw checkpoint_malformed(`${what} contains a newline or control character`);
}
function checkpoint_malformed(message, cause) {
    return new error_TlogError('CHECKPOINT_MALFORMED', message, cause === undefined ? undefined : { cause });
}
//# sourceMappingURL=checkpoint.js.map
;// CONCATENATED MODULE: ./build/src/tlog/tiles.js

/**
 * c2sp.org/tlog-tiles resource paths. Paths carry no leading slash so they work both as
 * storage keys and, prefixed with the log's URL, as HTTP paths.
 */
/** Hashes in a full tile: a tile is a perfect subtree of height TILE_HEIGHT. */
const TILE_WIDTH = 256;
const TILE_HEIGHT = 8;
const MAX_LEVEL = 63;
const PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;
/** A tile index as zero-padded 3-digit path elements, all but the last prefixed with `x`. */
function encodeTileIndex(index) {
    tiles_requireIndex(index);
    const groups = [];
    let rest = index;
    do {
        groups.unshift(String(rest % 1000).padStart(3, '0'));
        rest = Math.floor(rest / 1000);
    } while (rest > 0);
    return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}
/**
 * The path of the hash tile at (level, index), e.g. `tile/0/x001/067.p/5`. A width of 1..255
 * names a partial tile; omitting it or passing TILE_WIDTH names the full tile.
 */
function tilePath(level, index, width) {
    if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
        throw new error_TlogError('TILE_PATH_INVALID', `tile level must be 0..${MAX_LEVEL}, got ${level}`);
    }
    return `tile/${level}/${encodeTileIndex(index)}${widthSuffix(width)}`;
}
/** The path of the entry bundle with the given index, e.g. `tile/entries/042.p/5`. */
function entriesPath(index, width) {
    return `tile/entries/${encodeTileIndex(index)}${widthSuffix(width)}`;
}
/**
 * Parses a tile or entry-bundle path, accepting only the one canonical spelling of each
 * resource so that two paths never name the same tile (which would split caches and let
 * a client fetch a tile under a name the log never published).
 */
function parseTilePath(path) {
    const match = typeof path === 'string' ? PATH.exec(path) : null;
    if (match === null) {
        throw new error_TlogError('TILE_PATH_INVALID', `not a tlog-tiles path: ${JSON.stringify(path)}`);
    }
    const [, levelText = '', indexText = '', widthText] = match;
    const kind = levelText === 'entries' ? 'entries' : 'hash';
    const level = kind === 'entries' ? -1 : Number(levelText);
    if (level > MAX_LEVEL) {
        throw new error_TlogError('TILE_PATH_INVALID', `tile level ${level} in ${path} is above ${MAX_LEVEL}`);
    }
    const index = parseIndex(indexText, path);
    if (widthText === undefined)
        return { kind, level, index, width: TILE_WIDTH };
    const width = Number(widthText);
    if (width >= TILE_WIDTH) {
        throw new error_TlogError('TILE_PATH_INVALID', `partial tile width ${width} in ${path} must be 1..${TILE_WIDTH - 1}`);
    }
    return { kind, level, index, width };
}
/**
 * Every hash tile of a tree of `size` leaves: all full tiles and, per level, the partial one
 * if any, in order of level then index. Level l holds floor(size / 256^l) hashes. The list has
 * about size/255 entries, so it is meant for building and checking logs, not for huge sizes.
 */
function tilesForSize(size) {
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new TlogError('TILE_PATH_INVALID', `tree size must be a non-negative integer, got ${size}`);
    }
    const tiles = [];
    for (let level = 0, hashes = size; hashes > 0; level++, hashes = Math.floor(hashes / TILE_WIDTH)) {
        const full = Math.floor(hashes / TILE_WIDTH);
        for (let index = 0; index < full; index++)
            tiles.push({ level, index, width: TILE_WIDTH });
        const partial = hashes % TILE_WIDTH;
        if (partial > 0)
            tiles.push({ level, index: full, width: partial });
    }
    return tiles;
}
function parseIndex(text, path) {
    const groups = text.split('/');
    if (groups.length > 1 && groups[0] === 'x000') {
        throw new error_TlogError('TILE_PATH_INVALID', `tile index in ${path} has a leading zero group`);
    }
    const index = Number(groups.map((group) => group.replace('x', '')).join(''));
    if (!Number.isSafeInteger(index)) {
        throw new error_TlogError('TILE_PATH_INVALID', `tile index in ${path} is too large`);
    }
    return index;
}
function widthSuffix(width) {
    if (width === undefined || width === TILE_WIDTH)
        return '';
    if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
        throw new error_TlogError('TILE_PATH_INVALID', `tile width must be 1..${TILE_WIDTH}, got ${width}`);
    }
    return `.p/${width}`;
}
function tiles_requireIndex(index) {
    if (!Number.isSafeInteger(index) || index < 0) {
        throw new error_TlogError('TILE_PATH_INVALID', `tile index must be a non-negative integer, got ${index}`);
    }
}
//# sourceMappingURL=tiles.js.map
;// CONCATENATED MODULE: ./build/src/tlog/leaf-index.js
/**
 * Leaf hash → log index, for answering a resubmitted entry with its existing index. Keys are a
 * 48-bit prefix of the leaf hash (a caller confirms a hit against the full hash in the tiles),
 * spread over 256 maps by the hash's first byte: one V8 Map holds at most 2^24 keys, and a log
 * must not stop at its 16,777,217th entry.
 */
class LeafIndex {
    shards = Array.from({ length: 256 }, () => new Map());
    shard(hash) {
        return this.shards[hash[0]];
    }
    add(hash, index) {
        const shard = this.shard(hash);
        const key = hash.readUIntBE(1, 6);
        const existing = shard.get(key);
        if (existing === undefined)
            shard.set(key, index);
        else if (Array.isArray(existing))
            existing.push(index);
        else
            shard.set(key, [existing, index]);
    }
    has(hash) {
        return this.shard(hash).has(hash.readUIntBE(1, 6));
    }
    /** Indices whose leaf hash shares this hash's prefix: usually none, almost always at most one. */
    candidates(hash) {
        const found = this.shard(hash).get(hash.readUIntBE(1, 6));
        if (found === undefined)
            return [];
        return Array.isArray(found) ? found : [found];
    }
    get size() {
        return this.shards.reduce((n, shard) => n + shard.size, 0);
    }
}
//# sourceMappingURL=leaf-index.js.map
;// CONCATENATED MODULE: ./build/src/tlog/tree.js



const HASH = 32;
/** A tile the tree needs but does not hold in memory; the caller loads it and retries. */
class MissingTile {
    level;
    index;
    width;
    constructor(level, index, 
    /** How many hashes of the tile are needed: a partial tile of this width will do. */
    width) {
        this.level = level;
        this.index = index;
        this.width = width;
    }
}
/** How many complete tree nodes a level-`tileLevel` tile row holds for a tree of `size` leaves. */
function nodesAtTileLevel(size, tileLevel) {
    return Math.floor(size / TILE_WIDTH ** tileLevel);
}
/** Complete node hashes memoised per generation (two are kept): each costs one SHA-256 to recompute. */
const NODE_MEMO_SIZE = 1 << 16;
/** How many published full tiles stay cached for proofs and deduplication look-ups. */
const TILE_CACHE_SIZE = 1024;
/**
 * The log's Merkle tree as tlog-tiles: the growing right edge (one partial tile per level, and
 * the partial entry bundle) in memory, older tiles loaded on demand. It answers NodeSource
 * look-ups for any complete node and tracks which tiles changed since the last publication.
 */
class TiledTree {
    size = 0;
    edge = [[]];
    edgeEntries = [];
    /** Objects changed since the last publication, by path; full tiles stay here until written. */
    dirty = new Map();
    tiles = new Map();
    /**
     * Two generations of memoised nodes: when the young one fills, it becomes the old one and the
     * previous old one is dropped whole. Evicting single keys from a large Map costs O(size) in V8.
     */
    memo = new Map();
    oldMemo = new Map();
    /** Restores the right edge of a published tree from its partial tiles (or none at size 0). */
    restoreEdge(size, edgeTiles, edgeEntries) {
        this.size = size;
        this.edge.length = 0;
        for (let level = 0; level === 0 || nodesAtTileLevel(size, level) > 0; level++) {
            const tile = edgeTiles[level] ?? Buffer.alloc(0);
            const hashes = [];
            for (let at = 0; at < tile.length; at += HASH)
                hashes.push(tile.subarray(at, at + HASH));
            this.edge.push(hashes);
        }
        this.edgeEntries = edgeEntries;
    }
    /** The partial-tile widths a tree of `size` has per level (0 where the level is all full tiles). */
    static edgeWidths(size) {
        const widths = [];
        for (let level = 0; level === 0 || nodesAtTileLevel(size, level) > 0; level++) {
            widths.push(nodesAtTileLevel(size, level) % TILE_WIDTH);
        }
        return widths;
    }
    /** Appends entries, with their precomputed leaf hashes, at the end of the tree. */
    append(entries, hashes) {
        for (const [i, entry] of entries.entries()) {
            this.edgeEntries.push(entry);
            this.size++;
            this.pushHash(0, hashes[i]);
            if (this.edgeEntries.length === TILE_WIDTH) {
                const index = Math.floor(this.size / TILE_WIDTH) - 1;
                this.dirty.set(entriesPath(index), encodeBundle(this.edgeEntries));
                this.edgeEntries = [];
            }
        }
    }
    pushHash(level, hash) {
        const row = (this.edge[level] ??= []);
        row.push(hash);
        if (row.length < TILE_WIDTH)
            return;
        const index = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH) - 1;
        const tile = Buffer.concat(row);
        this.tiles.set(`${level}/${index}`, tile);
        this.dirty.set(tilePath(level, index), tile);
        this.edge[level] = [];
        // The completed tile's root is the next level's newest hash: the two halves below it are
        // complete nodes, answered from the tile just cached.
        const below = (level + 1) * TILE_HEIGHT - 1;
        this.pushHash(level + 1, nodeHash(this.node(below, 2 * index), this.node(below, 2 * index + 1)));
    }
    /**
     * The objects to publish for the current size: tiles and bundles completed since the last
     * publication, and the current partial tile of each level. Clears the dirty set.
     */
    takeDirty() {
        const out = new Map(this.dirty);
        this.dirty.clear();
        const widths = TiledTree.edgeWidths(this.size);
        for (const [level, width] of widths.entries()) {
            if (width === 0)
                continue;
            const index = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH);
            out.set(tilePath(level, index, width), Buffer.concat(this.edge[level] ?? []));
        }
        if (this.edgeEntries.length > 0) {
            out.set(entriesPath(Math.floor(this.size / TILE_WIDTH), this.edgeEntries.length), encodeBundle(this.edgeEntries));
        }
        this.trimTileCache();
        return out;
    }
    /** Adds a tile read from storage (full, or partial of at least the width asked for). */
    addTile(level, index, data) {
        this.tiles.set(`${level}/${index}`, data);
        this.trimTileCache();
    }
    trimTileCache() {
        for (const key of this.tiles.keys()) {
            if (this.tiles.size <= TILE_CACHE_SIZE)
                break;
            this.tiles.delete(key);
        }
    }
    /** Hash `offset` of the level-`level` tile `index`, from the edge or the cache. */
    tileHash(level, index, offset, width) {
        const edgeIndex = Math.floor(nodesAtTileLevel(this.size, level) / TILE_WIDTH);
        if (index === edgeIndex) {
            const hash = this.edge[level]?.[offset];
            if (hash !== undefined)
                return hash;
        }
        const tile = this.tiles.get(`${level}/${index}`);
        if (tile !== undefined && tile.length >= (offset + 1) * HASH) {
            return tile.subarray(offset * HASH, (offset + 1) * HASH);
        }
        throw new MissingTile(level, index, width);
    }
    /**
     * Hash of the complete subtree at `level` (in tree levels, not tile levels) number `index`.
     * Complete nodes never change, so they are memoised across publications.
     */
    node(level, index) {
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        if (level % TILE_HEIGHT === 0) {
            const tileIndex = Math.floor(index / TILE_WIDTH);
            const offset = index % TILE_WIDTH;
            return this.tileHash(tileLevel, tileIndex, offset, offset + 1);
        }
        // Numeric keys (cheaper than strings): index < 2^47 and level < 64 fit a safe integer.
        const key = index * 64 + level;
        const cached = this.memo.get(key) ?? this.oldMemo.get(key);
        if (cached !== undefined)
            return cached;
        const hash = nodeHash(this.node(level - 1, 2 * index), this.node(level - 1, 2 * index + 1));
        if (this.memo.size >= NODE_MEMO_SIZE) {
            this.oldMemo = this.memo;
            this.memo = new Map();
        }
        this.memo.set(key, hash);
        return hash;
    }
}
/** tlog-tiles entry bundle: each entry prefixed by its big-endian uint16 length. */
function encodeBundle(entries) {
    const parts = [];
    for (const entry of entries) {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(entry.length);
        parts.push(prefix, entry);
    }
    return Buffer.concat(parts);
}
/** Splits an entry bundle; undefined if it is malformed. */
function decodeBundle(data) {
    const entries = [];
    let at = 0;
    while (at < data.length) {
        if (at + 2 > data.length)
            return undefined;
        const length = data.readUInt16BE(at);
        if (at + 2 + length > data.length)
            return undefined;
        entries.push(data.subarray(at + 2, at + 2 + length));
        at += 2 + length;
    }
    return entries;
}
/**
 * Runs a look-up against `tree`, loading from `read` each tile it turns out to need: the full
 * tile if it exists, else the partial tile that a tree of `size` publishes.
 */
async function loadingTiles(tree, size, read, lookup) {
    for (;;) {
        try {
            return lookup();
        }
        catch (error) {
            if (!(error instanceof MissingTile))
                throw error;
            const { level, index } = error;
            let tile = await read(tilePath(level, index));
            if (tile === undefined) {
                const width = Math.min(TILE_WIDTH, nodesAtTileLevel(size, level) - index * TILE_WIDTH);
                if (width >= error.width)
                    tile = await read(tilePath(level, index, width));
                if (tile === undefined || tile.length < error.width * HASH) {
                    throw new error_TlogError('LOG_STATE_CORRUPT', `tile ${level}/${index} is missing for tree size ${size}`);
                }
            }
            tree.addTile(level, index, tile);
        }
    }
}
//# sourceMappingURL=tree.js.map
;// CONCATENATED MODULE: ./build/src/tlog/log.js






/** Named defaults for the write path; every one is validated by `validateLogOptions`. */
const LOG_DEFAULTS = {
    /** A batch is sequenced as soon as this many entries wait (Tessera's default is 256). */
    batchMaxSize: 512,
    /** ...or when its oldest entry has waited this long. */
    batchMaxAgeMs: 25,
    /**
     * Checkpoints are signed and published at most this often; writers wait for the first
     * checkpoint that covers their entry. Rekor v2 uses seconds; CI jobs wait on every entry, so
     * a private log on local disk defaults to 50 ms (measured in docs/performance.md: more
     * throughput and lower latency than 100 ms at the same CPU).
     */
    checkpointIntervalMs: 50,
    /**
     * Entries accepted but not yet published before new ones are pushed back (503 with
     * Retry-After). Tessera's figure: about a second of queue at the measured rate, so an
     * overloaded log answers "retry" quickly instead of answering everyone slowly.
     */
    maxPending: 4096,
    /** The tlog-tiles entry bundle prefixes each entry with a uint16 length. */
    maxEntryBytes: 65535,
};
function validateLogOptions(tuning) {
    const check = (name, min, max) => {
        const value = tuning[name];
        if (!Number.isInteger(value) || value < min || value > max) {
            throw new error_TlogError('LOG_CONFIG_INVALID', `${name} must be an integer from ${min} to ${max}, got ${value}`);
        }
    };
    check('batchMaxSize', 1, 65536);
    check('batchMaxAgeMs', 0, 10_000);
    check('checkpointIntervalMs', 0, 60_000);
    check('maxPending', 1, 1_000_000);
    check('maxEntryBytes', 1, 65535);
}
/**
 * A durable, batched, tiled transparency log. `append` resolves only once the entry is
 * sequenced durably and a signed checkpoint covering it is published, with an inclusion proof
 * against that checkpoint.
 */
class TransparencyLog {
    options;
    tree = new TiledTree();
    tuning;
    queue = [];
    /** Sequenced entries waiting for a checkpoint that covers them. */
    unpublished = [];
    /** In-flight entries by leaf hash, so that concurrent duplicates share one index. */
    inFlight = new Map();
    dedup = new LeafIndex();
    published;
    lastPublishAt = 0;
    timer;
    timerDue = 0;
    admitting = 0;
    running;
    closed = false;
    failure;
    now;
    constructor(options) {
        this.options = options;
        this.tuning = { ...LOG_DEFAULTS };
        for (const key of Object.keys(LOG_DEFAULTS)) {
            if (options[key] !== undefined)
                this.tuning[key] = options[key];
        }
        validateLogOptions(this.tuning);
        this.now = options.now ?? Date.now;
    }
    /** Opens (or creates) the log in `storage`, re-integrating anything sequenced but unpublished. */
    static async open(options) {
        const log = new TransparencyLog(options);
        await log.recover();
        return log;
    }
    get checkpoint() {
        return this.published;
    }
    get pending() {
        return this.queue.length + this.unpublished.length + this.admitting;
    }
    get storage() {
        return this.options.storage;
    }
    async recover() {
        const state = await this.storage.recover();
        let size = 0;
        if (state.checkpoint !== undefined) {
            const checkpoint = parseCheckpointText(state.checkpoint.slice(0, state.checkpoint.indexOf('\n\n') + 1));
            if (checkpoint.origin !== this.options.origin) {
                throw new error_TlogError('LOG_ORIGIN_MISMATCH', `the log's checkpoints have origin "${checkpoint.origin}" but this server is configured for "${this.options.origin}"; the origin cannot change for an existing log`);
            }
            size = checkpoint.size;
            this.published = { ...checkpoint, note: state.checkpoint };
            await this.restoreEdge(size);
        }
        await this.loadDedupIndex(size);
        let replayed = 0;
        for (const batch of state.journal) {
            const end = batch.firstIndex + batch.entries.length;
            if (end <= this.tree.size)
                continue;
            if (batch.firstIndex > this.tree.size) {
                throw new error_TlogError('LOG_STATE_CORRUPT', `journal skips from index ${this.tree.size} to ${batch.firstIndex}: entries are missing`);
            }
            const fresh = batch.entries.slice(this.tree.size - batch.firstIndex);
            this.integrate(fresh, fresh.map((entry) => leafHash(entry)));
            replayed += fresh.length;
        }
        if (state.checkpoint === undefined || replayed > 0)
            await this.publish();
    }
    async restoreEdge(size) {
        const widths = TiledTree.edgeWidths(size);
        const tiles = [];
        for (const [level, width] of widths.entries()) {
            if (width === 0)
                continue;
            const index = Math.floor(Math.floor(size / TILE_WIDTH ** level) / TILE_WIDTH);
            tiles[level] = await this.mustRead(tilePath(level, index, width), width * 32);
        }
        const entryWidth = size % TILE_WIDTH;
        let entries = [];
        if (entryWidth > 0) {
            const path = entriesPath(Math.floor(size / TILE_WIDTH), entryWidth);
            const bundle = decodeBundle(await this.mustRead(path));
            if (bundle === undefined || bundle.length !== entryWidth) {
                throw new error_TlogError('LOG_STATE_CORRUPT', `entry bundle ${path} is malformed`);
            }
            entries = bundle.map((e) => Buffer.from(e));
        }
        this.tree.restoreEdge(size, tiles, entries);
    }
    async mustRead(path, length) {
        const data = await this.storage.read(path);
        if (data === undefined || (length !== undefined && data.length !== length)) {
            throw new error_TlogError('LOG_STATE_CORRUPT', `published object ${path} is missing or truncated`);
        }
        return data;
    }
    /** Rebuilds the duplicate index from the level-0 tiles: 32 bytes read per entry. */
    async loadDedupIndex(size) {
        for (let tile = 0; tile * TILE_WIDTH < size; tile++) {
            const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
            const data = await this.mustRead(tilePath(0, tile, width === TILE_WIDTH ? undefined : width), width * 32);
            for (let i = 0; i < width; i++)
                this.dedup.add(data.subarray(i * 32, i * 32 + 32), tile * TILE_WIDTH + i);
        }
    }
    /** The index of an already sequenced entry with this leaf hash, if any. */
    async findSequenced(leafHash) {
        for (const index of this.dedup.candidates(leafHash)) {
            const stored = await this.withTiles(() => this.tree.node(0, index));
            if (stored.equals(leafHash))
                return index;
        }
        return undefined;
    }
    /** Runs a tree look-up against the published tree, loading the tiles it turns out to need. */
    withTiles(lookup) {
        return loadingTiles(this.tree, this.published.size, (path) => this.storage.read(path), lookup);
    }
    /**
     * Adds an entry (its canonical bytes). Resolves once it is durable and published; an entry
     * already in the log resolves to its existing index.
     */
    async append(entry) {
        if (this.closed)
            throw new error_TlogError('LOG_CLOSED', 'the log is shutting down');
        if (this.failure !== undefined) {
            throw new error_TlogError('LOG_UNAVAILABLE', 'the log stopped after a storage failure', {
                cause: this.failure,
            });
        }
        if (entry.length > this.tuning.maxEntryBytes) {
            throw new error_TlogError('ENTRY_TOO_LARGE', `entry is ${entry.length} bytes; the limit is ${this.tuning.maxEntryBytes}`);
        }
        if (this.pending >= this.tuning.maxPending) {
            throw new error_TlogError('LOG_PUSHBACK', `the log has ${this.pending} entries in flight; retry shortly`);
        }
        const hash = leafHash(entry);
        const key = hash.toString('base64');
        const inFlight = this.inFlight.get(key);
        if (inFlight !== undefined)
            return this.join(inFlight);
        if (this.dedup.has(hash)) {
            // Only a prefix match needs the tiles; counted as pending meanwhile so pushback holds.
            this.admitting++;
            let existing;
            try {
                existing = await this.findSequenced(hash);
            }
            finally {
                this.admitting--;
            }
            const checkpoint = this.published;
            if (existing !== undefined && existing < checkpoint.size) {
                const proof = await this.withTiles(() => inclusionProof(existing, checkpoint.size, this.tree));
                return { index: existing, duplicate: true, checkpoint, proof };
            }
            const again = this.inFlight.get(key);
            if (again !== undefined)
                return this.join(again);
        }
        return new Promise((resolve, reject) => {
            const waiter = {
                entry,
                hash,
                arrivedAt: this.now(),
                index: -1,
                resolve,
                reject,
                duplicates: [],
            };
            this.inFlight.set(key, waiter);
            this.queue.push(waiter);
            this.schedule();
        });
    }
    join(first) {
        return new Promise((resolve, reject) => {
            first.duplicates.push({ ...first, resolve, reject, duplicates: [] });
        });
    }
    schedule() {
        if (this.running !== undefined || this.failure !== undefined)
            return;
        const now = this.now();
        let due = Infinity;
        const oldest = this.queue[0];
        if (oldest !== undefined) {
            due =
                this.queue.length >= this.tuning.batchMaxSize || this.closed
                    ? now
                    : oldest.arrivedAt + this.tuning.batchMaxAgeMs;
        }
        if (this.tree.size > this.published.size) {
            due = Math.min(due, this.closed ? now : this.lastPublishAt + this.tuning.checkpointIntervalMs);
        }
        if (due === Infinity)
            return;
        if (this.timer !== undefined) {
            if (this.timerDue <= due)
                return;
            clearTimeout(this.timer);
        }
        this.timerDue = due;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.startCycle();
        }, Math.max(0, due - now));
    }
    /**
     * Starts a cycle, or joins the one already running: the write path is strictly sequential.
     * Two cycles at once would sequence two batches at the same first index and race two
     * publications (close() used to run its own cycles beside the timer's).
     */
    startCycle() {
        this.running ??= this.cycle().finally(() => {
            this.running = undefined;
            this.schedule();
        });
        return this.running;
    }
    /** One turn of the write path: sequence a due batch durably, publish a due checkpoint. */
    async cycle() {
        try {
            const now = this.now();
            const oldest = this.queue[0];
            if (oldest !== undefined &&
                (this.closed ||
                    this.queue.length >= this.tuning.batchMaxSize ||
                    now - oldest.arrivedAt >= this.tuning.batchMaxAgeMs)) {
                const batch = this.queue.splice(0, this.tuning.batchMaxSize);
                const firstIndex = this.tree.size;
                batch.forEach((waiter, i) => (waiter.index = firstIndex + i));
                const entries = batch.map((waiter) => waiter.entry);
                await this.storage.sequence({ firstIndex, entries });
                this.integrate(entries, batch.map((waiter) => waiter.hash));
                this.unpublished.push(...batch);
            }
            if (this.tree.size > this.published.size &&
                (this.closed || this.now() - this.lastPublishAt >= this.tuning.checkpointIntervalMs)) {
                await this.publish();
            }
        }
        catch (error) {
            this.fail(error);
        }
    }
    integrate(entries, hashes) {
        const first = this.tree.size;
        this.tree.append(entries, hashes);
        hashes.forEach((hash, i) => this.dedup.add(hash, first + i));
    }
    async publish() {
        // The interval runs from the start of a publication, so the time its fsyncs take is not
        // added to every writer's wait.
        const startedAt = this.now();
        const size = this.tree.size;
        const root = await loadingTiles(this.tree, size, (path) => this.storage.read(path), () => rootHash(size, this.tree));
        const checkpoint = {
            origin: this.options.origin,
            size,
            rootHash: root,
            extensions: [],
        };
        const note = signCheckpoint(checkpoint, [this.options.signer]);
        await this.storage.publish(this.tree.takeDirty(), note, size);
        this.published = { ...checkpoint, note };
        this.lastPublishAt = startedAt;
        const covered = this.unpublished;
        this.unpublished = [];
        for (const waiter of covered) {
            this.inFlight.delete(waiter.hash.toString('base64'));
            try {
                const proof = await this.withTiles(() => inclusionProof(waiter.index, size, this.tree));
                const result = { index: waiter.index, duplicate: false, checkpoint: this.published, proof };
                waiter.resolve(result);
                for (const twin of waiter.duplicates)
                    twin.resolve({ ...result, duplicate: true });
            }
            catch (error) {
                waiter.reject(error);
                for (const twin of waiter.duplicates)
                    twin.reject(error);
            }
        }
    }
    /**
     * Storage failed mid-write: the engine no longer knows what is durable, so it stops taking
     * entries and fails every waiter. Nothing acknowledged is at risk; a restart recovers.
     */
    fail(error) {
        this.failure = error;
        const waiting = [...this.queue, ...this.unpublished];
        this.queue = [];
        this.unpublished = [];
        this.inFlight.clear();
        const reason = new error_TlogError('LOG_UNAVAILABLE', 'the log stopped after a storage failure', {
            cause: error,
        });
        for (const waiter of waiting) {
            waiter.reject(reason);
            for (const twin of waiter.duplicates)
                twin.reject(reason);
        }
    }
    /** Why the log stopped accepting entries, if it did. */
    get failed() {
        return this.failure;
    }
    /** Audit path for `index` against the published tree of `size` (default: the latest). */
    proveInclusion(index, size = this.published.size) {
        this.checkSize(size);
        if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
            throw new error_TlogError('LOG_INDEX_INVALID', `index ${index} is not in a tree of size ${size}`);
        }
        return this.withTiles(() => inclusionProof(index, size, this.tree));
    }
    /** Consistency proof between two published tree sizes. */
    proveConsistency(size1, size2 = this.published.size) {
        this.checkSize(size2);
        if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > size2) {
            throw new error_TlogError('LOG_INDEX_INVALID', `cannot prove consistency from size ${size1} to ${size2}`);
        }
        return this.withTiles(() => consistencyProof(size1, size2, this.tree));
    }
    checkSize(size) {
        if (!Number.isSafeInteger(size) || size < 0 || size > this.published.size) {
            throw new error_TlogError('LOG_INDEX_INVALID', `tree size ${size} is beyond the published size ${this.published.size}`);
        }
    }
    /**
     * A published object by tlog-tiles path (`checkpoint`, `tile/...`). A partial tile that was
     * garbage-collected after its full tile appeared is served as the full tile's prefix, which is
     * exactly what it contained.
     */
    async readObject(path) {
        if (path === 'checkpoint')
            return Buffer.from(this.published.note, 'utf8');
        const tile = parseTilePath(path);
        const stored = await this.storage.read(path);
        if (stored !== undefined || tile.width === TILE_WIDTH)
            return stored;
        const full = await this.storage.read(tile.kind === 'entries' ? entriesPath(tile.index) : tilePath(tile.level, tile.index));
        if (full === undefined)
            return undefined;
        if (tile.kind === 'hash')
            return full.subarray(0, tile.width * 32);
        const entries = decodeBundle(full);
        return entries === undefined ? undefined : encodeBundle(entries.slice(0, tile.width));
    }
    /** Stops taking entries, finishes every batch in flight, publishes, and closes storage. */
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timer = undefined;
        while (this.failure === undefined && (this.running !== undefined || this.pending > 0)) {
            if (this.running === undefined && this.queue.length + this.unpublished.length === 0) {
                // Only duplicate look-ups are pending: yield to the event loop so their tile reads can
                // finish (an empty cycle resolves in a microtask, and looping on it would spin forever).
                await new Promise((resolve) => setImmediate(resolve));
            }
            else {
                await this.startCycle();
            }
        }
        await this.storage.close();
    }
}
//# sourceMappingURL=log.js.map
// EXTERNAL MODULE: ./build/src/core/der.js
var core_der = __nccwpck_require__(3218);
// EXTERNAL MODULE: ./build/src/core/x509.js
var x509 = __nccwpck_require__(3317);
;// CONCATENATED MODULE: ./build/src/tsa/oids.js


/** Object identifiers of RFC 3161, CMS (RFC 5652) and ESS (RFC 2634, 5035). */
const oids_TSA_OID = {
    signedData: '1.2.840.113549.1.7.2',
    tstInfo: '1.2.840.113549.1.9.16.1.4',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    signingTime: '1.2.840.113549.1.9.5',
    signingCertificate: '1.2.840.113549.1.9.16.2.12',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    sha1: '1.3.14.3.2.26',
};
/** Sigstore's timestamp policy, the default of sigstore/timestamp-authority. */
const DEFAULT_POLICY_OID = '1.3.6.1.4.1.57264.2';
const oids_HASH_ALGORITHMS = {
    sha256: { oid: '2.16.840.1.101.3.4.2.1', length: 32, ecdsaOid: x509/* OID */.Vx.ecdsaWithSha256 },
    sha384: { oid: '2.16.840.1.101.3.4.2.2', length: 48, ecdsaOid: x509/* OID */.Vx.ecdsaWithSha384 },
    sha512: { oid: '2.16.840.1.101.3.4.2.3', length: 64, ecdsaOid: x509/* OID */.Vx.ecdsaWithSha512 },
};
const BY_OID = new Map(Object.keys(oids_HASH_ALGORITHMS).map((name) => [
    oids_HASH_ALGORITHMS[name].oid,
    name,
]));
/** The supported hash algorithm with this OID, if any. */
const oids_hashAlgorithmByOid = (hashOid) => BY_OID.get(hashOid);
const isHashAlgorithm = (name) => typeof name === 'string' && Object.hasOwn(oids_HASH_ALGORITHMS, name);
/** A digest AlgorithmIdentifier without parameters, as CMS (RFC 5754 §2) prefers. */
const digestAlgorithmIdentifier = (hash) => (0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(oids_HASH_ALGORITHMS[hash].oid));
//# sourceMappingURL=oids.js.map
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./build/src/core/url.js

/**
 * Which URLs Signet will send a request to. One rule for every client (OIDC discovery and JWKS,
 * the signing services, the trusted root): tokens and trust material never travel in clear
 * text beyond this machine.
 */
/** True for the hosts plain `http:` is allowed to: 127.0.0.0/8, ::1 and localhost. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost')
        return true;
    if ((0,external_node_net_namespaceObject.isIP)(host) === 4)
        return host.startsWith('127.');
    return (0,external_node_net_namespaceObject.isIP)(host) === 6 && host === '::1';
}
/**
 * Why `url` may not be fetched, or undefined when it may: https anywhere, http only on loopback
 * (a token's keys fetched in clear text could be swapped by anyone on the path), no credentials.
 */
function fetchableUrlProblem(url) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return `scheme must be https, got ${url.protocol.replace(/:$/, '')}`;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        return 'plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https';
    }
    if (url.username !== '' || url.password !== '')
        return 'must not contain credentials';
    return undefined;
}
//# sourceMappingURL=url.js.map
// EXTERNAL MODULE: ./build/src/core/pem.js
var core_pem = __nccwpck_require__(5887);
;// CONCATENATED MODULE: ./build/src/oidc/difference.js
/**
 * Explaining why two issuer strings that should be equal are not. Issuers are compared byte for
 * byte (as Fulcio and go-oidc do), and the usual near misses are a trailing slash, letter case,
 * http vs https, and an extra or missing path segment; naming which one it is saves the operator
 * staring at two almost identical URLs.
 */
/** Longest issuer text quoted in a message; a token's `iss` is attacker-controlled. */
const MAX_QUOTED = 200;
/** JSON-quotes a string for a message (escaping control characters), shortened if very long. */
function quote(text) {
    const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
    return JSON.stringify(shown);
}
const exactMatcher = (expected) => (candidate, ignoreCase) => ignoreCase ? candidate.toLowerCase() === expected.toLowerCase() : candidate === expected;
/** `actual` with its scheme swapped and/or its trailing slash toggled, fewest changes first. */
function variants(actual) {
    const out = [{ value: actual, differences: [] }];
    const scheme = /^(https?):\/\//.exec(actual);
    if (scheme) {
        const other = scheme[1] === 'https' ? 'http' : 'https';
        out.push({
            value: `${other}://${actual.slice(scheme[0].length)}`,
            differences: [`scheme (${scheme[1]} instead of ${other})`],
        });
    }
    for (const variant of [...out]) {
        const toggled = variant.value.endsWith('/')
            ? variant.value.replace(/\/+$/, '')
            : `${variant.value}/`;
        out.push({ value: toggled, differences: [...variant.differences, 'a trailing slash'] });
    }
    return out.sort((a, b) => a.differences.length - b.differences.length);
}
/**
 * The differences that separate `actual` from what `matches` accepts, if they are only scheme,
 * trailing slash and letter case ("a trailing slash", "letter case", ...); undefined otherwise.
 */
function normalisationDifferences(actual, matches) {
    let best;
    for (const variant of variants(actual)) {
        let found;
        if (matches(variant.value, false))
            found = variant.differences;
        else if (matches(variant.value, true))
            found = [...variant.differences, 'letter case'];
        if (found && (best === undefined || found.length < best.length))
            best = found;
    }
    return best;
}
/** "differs by a trailing slash and letter case". */
function differsBy(differences) {
    return `differs by ${differences.join(' and ')}`;
}
/**
 * How `actual` relates to `expected` when they are not equal, as a phrase for a message:
 * normalisation differences, an extra or missing path, or the edit distance.
 */
function describeDifference(actual, expected) {
    const normal = normalisationDifferences(actual, exactMatcher(expected));
    if (normal !== undefined && normal.length > 0)
        return differsBy(normal);
    if (actual.startsWith(`${expected}/`) ||
        (expected.endsWith('/') && actual.startsWith(expected))) {
        return `has the extra path ${quote(actual.slice(expected.replace(/\/$/, '').length))}`;
    }
    if (expected.startsWith(`${actual}/`) || (actual.endsWith('/') && expected.startsWith(actual))) {
        return `lacks the path ${quote(expected.slice(actual.replace(/\/$/, '').length))}`;
    }
    return `differs (edit distance ${editDistance(actual, expected)})`;
}
/** Levenshtein distance; inputs are cut to 512 characters so an attacker's `iss` stays cheap. */
function editDistance(a, b) {
    const x = a.slice(0, 512);
    const y = b.slice(0, 512);
    let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[y.length];
}
//# sourceMappingURL=difference.js.map
;// CONCATENATED MODULE: ./build/src/oidc/error.js

/** Raised by src/oidc: identity-token verification and the identity configuration. */
class OidcError extends core_error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/oidc/issuers.js





/** The audience Fulcio requires when an issuer names no ClientID. */
const DEFAULT_AUDIENCE = 'sigstore';
/** Fulcio's meta-issuer wildcard: one segment, never crossing "." or "/". */
const WILDCARD_SEGMENT = '[-_a-zA-Z0-9]+';
const github = (issuerUrl, wildcard) => ({
    issuerUrl,
    wildcard,
    provider: 'github',
    audience: DEFAULT_AUDIENCE,
    challengeClaim: 'sub',
    skipEmailVerification: false,
});
/**
 * Used when the operator configures no identity section: GitHub Actions on github.com, its
 * enterprise-slug issuers (`include_enterprise_slug`), GHE.com data-residency tenants with and
 * without a slug, and GitLab.com. GHES and self-managed GitLab are per-installation and must be
 * configured.
 */
const DEFAULT_ISSUERS = Object.freeze({
    issuers: Object.freeze([
        github('https://token.actions.githubusercontent.com', false),
        { ...github('https://gitlab.com', false), provider: 'gitlab' },
        github('https://token.actions.githubusercontent.com/*', true),
        github('https://token.actions.*.ghe.com', true),
        github('https://token.actions.*.ghe.com/*', true),
    ].map((issuer) => Object.freeze(issuer))),
});
// ---------------------------------------------------------------------------------------------
// Parsing the Fulcio-shaped identity config
/** Each setting with its JSON (Go field) and YAML spellings, as Fulcio's config.go reads them. */
const TOP_LEVEL = {
    oidcIssuers: ['OIDCIssuers', 'oidc-issuers'],
    metaIssuers: ['MetaIssuers', 'meta-issuers'],
    ciIssuerMetadata: ['CIIssuerMetadata', 'ci-issuer-metadata'],
};
const ISSUER_FIELDS = {
    issuerUrl: ['IssuerURL', 'issuer-url'],
    clientId: ['ClientID', 'client-id'],
    type: ['Type', 'type'],
    ciProvider: ['CIProvider', 'ci-provider'],
    subjectDomain: ['SubjectDomain', 'subject-domain'],
    challengeClaim: ['ChallengeClaim', 'challenge-claim'],
    skipEmailVerification: ['SkipEmailVerification', 'skip-email-verification'],
    description: ['Description', 'description'],
    contact: ['Contact', 'contact'],
    environment: ['Environment', 'environment'],
    caCert: ['CACert', 'ca-cert'],
    issuerClaim: ['IssuerClaim', 'issuer-claim'],
    spiffeTrustDomain: ['SPIFFETrustDomain', 'spiffe-trust-domain'],
};
const CI_METADATA_FIELDS = {
    defaultTemplateValues: ['DefaultTemplateValues', 'default-template-values'],
    extensionTemplates: ['ExtensionTemplates', 'extension-templates'],
    sanTemplate: ['SubjectAlternativeNameTemplate', 'subject-alternative-name-template'],
};
/** The Fulcio types Signet issues for, and the provider each maps to. */
const SUPPORTED_TYPES = {
    email: 'email',
    uri: 'uri',
    'github-workflow': 'github',
    'gitlab-pipeline': 'gitlab',
};
const CI_PROVIDERS = {
    'github-workflow': 'github',
    'gitlab-pipeline': 'gitlab',
};
/** Fulcio issuerType strings for /api/v2/configuration. */
const ISSUER_TYPE = {
    github: 'github-workflow',
    gitlab: 'gitlab-pipeline',
    email: 'email',
    uri: 'uri',
};
const SUPPORTED_LIST = 'email, uri, github-workflow, gitlab-pipeline, or ci-provider with ci-provider github-workflow or gitlab-pipeline';
/** Why each Fulcio type Signet refuses is refused, and what to use instead. */
const UNSUPPORTED_TYPES = {
    username: 'username identities (an otherName SAN of sub!subject-domain) are not issued by Signet; use an email or uri issuer',
    spiffe: 'SPIFFE workload identities are not issued by Signet; Signet signs for CI pipelines (github-workflow, gitlab-pipeline), email and uri identities',
    kubernetes: 'Kubernetes service-account identities are not issued by Signet; sign from CI (github-workflow, gitlab-pipeline) or use a key held in KMS',
    'buildkite-job': 'only the GitHub Actions and GitLab CI certificate profiles are built in (no Buildkite claims mapping)',
    'codefresh-workflow': 'only the GitHub Actions and GitLab CI certificate profiles are built in (no Codefresh claims mapping)',
    'chainguard-identity': "Chainguard identities are specific to Chainguard's own Fulcio; only the GitHub Actions and GitLab CI profiles are built in",
};
class ConfigReader {
    source;
    constructor(source) {
        this.source = source;
    }
    error(path, problem) {
        const where = path === '' ? '' : `${path}: `;
        return new OidcError('CONFIG_INVALID', `invalid identity configuration in ${this.source}: ${where}${problem}`);
    }
    mapping(value, path) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw this.error(path, `must be a mapping, got ${describeType(value)}`);
        }
        return value;
    }
    /** Reads `object` against `spec`, accepting either spelling of each key and refusing others. */
    fields(object, spec, path) {
        const out = {};
        for (const [key, value] of Object.entries(object)) {
            const name = Object.keys(spec).find((field) => spec[field].includes(key));
            const at = join(path, key);
            if (name === undefined)
                throw this.error(at, unknownKeyProblem(key, spec));
            const previous = out[name];
            if (previous !== undefined) {
                throw this.error(at, `given twice, also as ${previous.path}; use one spelling`);
            }
            out[name] = { value, path: at };
        }
        return out;
    }
    string(field) {
        if (field === undefined)
            return undefined;
        if (typeof field.value !== 'string') {
            throw this.error(field.path, `must be a string, got ${describeType(field.value)}`);
        }
        return field.value;
    }
    nonEmptyString(field) {
        const value = this.string(field);
        if (value !== undefined && value.trim() === '') {
            throw this.error(field.path, 'must not be empty');
        }
        return value;
    }
    boolean(field) {
        if (field === undefined)
            return undefined;
        if (typeof field.value !== 'boolean') {
            throw this.error(field.path, `must be true or false, got ${describeType(field.value)}`);
        }
        return field.value;
    }
}
function join(path, key) {
    const plain = /^[A-Za-z][A-Za-z0-9_-]*$/.test(key);
    const segment = plain ? key : `[${JSON.stringify(key)}]`;
    return path === '' ? segment : plain ? `${path}.${segment}` : `${path}${segment}`;
}
function unknownKeyProblem(key, spec) {
    const known = Object.values(spec).map(([json, yaml]) => `${json}/${yaml}`);
    const loose = (text) => text.toLowerCase().replace(/[-_]/g, '');
    const near = Object.values(spec)
        .flat()
        .find((spelling) => loose(spelling) === loose(key));
    const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
    return `unknown setting ${JSON.stringify(key)}${hint}; known: ${known.join(', ')}`;
}
function describeType(value) {
    if (value === null || value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    return typeof value === 'object' ? 'a mapping' : `the ${typeof value} ${JSON.stringify(value)}`;
}
/**
 * Parses the identity section of the config (Fulcio's config file shape, JSON or YAML
 * spellings; already parsed from YAML/JSON by the caller). `source` names where it came from
 * in messages. Throws OidcError CONFIG_INVALID naming the key path of the first problem.
 */
function parseIdentityConfig(raw, source) {
    const reader = new ConfigReader(source);
    const top = reader.fields(reader.mapping(raw, ''), TOP_LEVEL, '');
    const ciUrls = parseCiMetadata(reader, top.ciIssuerMetadata);
    const exact = parseIssuerMap(reader, top.oidcIssuers, false, ciUrls);
    const meta = parseIssuerMap(reader, top.metaIssuers, true, ciUrls);
    const issuers = [...exact, ...meta];
    if (issuers.length === 0) {
        throw reader.error('', 'no issuers are configured (neither oidc-issuers nor meta-issuers has an entry); without one every token is refused');
    }
    return { issuers };
}
function parseIssuerMap(reader, field, wildcard, ciUrls) {
    if (field === undefined || field.value === null)
        return [];
    const map = reader.mapping(field.value, field.path);
    return Object.entries(map).map(([key, value]) => parseIssuer(reader, key, value, join(field.path, key), wildcard, ciUrls));
}
function parseIssuer(reader, key, value, path, wildcard, ciUrls) {
    const problem = wildcard
        ? metaPatternProblem(key)
        : key.includes('*')
            ? 'contains "*"; wildcard patterns belong in meta-issuers'
            : issuerUrlProblem(key);
    if (problem !== undefined) {
        const what = wildcard ? 'meta-issuer pattern' : 'issuer URL';
        throw reader.error(path, `${what} ${JSON.stringify(key)} ${problem}`);
    }
    const f = reader.fields(reader.mapping(value, path), ISSUER_FIELDS, path);
    const configuredUrl = reader.string(f.issuerUrl);
    if (configuredUrl !== undefined && configuredUrl !== key) {
        throw reader.error(f.issuerUrl?.path ?? path, `${JSON.stringify(configuredUrl)} differs from the key ${JSON.stringify(key)} it is configured under; tokens are matched against the key, so omit it or make them equal`);
    }
    for (const refused of ['issuerClaim', 'spiffeTrustDomain']) {
        if (f[refused] !== undefined)
            throw reader.error(f[refused].path, REFUSED_FIELD[refused]);
    }
    const provider = parseProvider(reader, f, path);
    const settings = {
        issuerUrl: key,
        wildcard,
        provider,
        audience: reader.nonEmptyString(f.clientId) ?? DEFAULT_AUDIENCE,
        challengeClaim: parseChallengeClaim(reader, f, provider),
        skipEmailVerification: parseSkipEmailVerification(reader, f, provider),
    };
    const subjectDomain = parseSubjectDomain(reader, f, provider, key, path);
    if (subjectDomain !== undefined)
        settings.subjectDomain = subjectDomain;
    const caCert = parseCaCert(reader, f.caCert);
    if (caCert !== undefined)
        settings.caCert = caCert;
    const ciUrl = ciUrls[provider];
    if (ciUrl !== undefined)
        settings.ciUrl = ciUrl;
    const description = reader.string(f.description);
    if (description !== undefined)
        settings.description = description;
    const contact = reader.string(f.contact);
    if (contact !== undefined)
        settings.contact = contact;
    reader.string(f.environment); // Fulcio's staging/production label: informational only.
    return settings;
}
const REFUSED_FIELD = {
    issuerClaim: "issuer-claim (a JSONPath that takes the certificate issuer from a claim, as for Dex federation) is not supported: Signet records the token's own iss; configure each upstream identity provider as an issuer directly",
    spiffeTrustDomain: 'spiffe-trust-domain is not supported: Signet does not issue SPIFFE identities',
};
function parseProvider(reader, f, path) {
    const type = reader.string(f.type);
    if (type === undefined)
        throw reader.error(join(path, 'type'), `is required (${SUPPORTED_LIST})`);
    const at = f.type.path;
    const ciProvider = reader.string(f.ciProvider);
    if (type === 'ci-provider') {
        if (ciProvider === undefined) {
            throw reader.error(join(path, 'ci-provider'), 'is required with type ci-provider (github-workflow or gitlab-pipeline)');
        }
        const provider = CI_PROVIDERS[ciProvider];
        if (provider === undefined) {
            throw reader.error(f.ciProvider.path, `${JSON.stringify(ciProvider)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`);
        }
        return provider;
    }
    if (ciProvider !== undefined) {
        throw reader.error(f.ciProvider.path, `only applies to type ci-provider, not ${JSON.stringify(type)}`);
    }
    const provider = SUPPORTED_TYPES[type];
    if (provider !== undefined)
        return provider;
    const reason = UNSUPPORTED_TYPES[type];
    throw reader.error(at, reason === undefined
        ? `unknown type ${JSON.stringify(type)}; supported: ${SUPPORTED_LIST}`
        : `type ${JSON.stringify(type)} is not supported: ${reason}`);
}
/**
 * The claim a proof of possession signs is fixed by the identity type (Fulcio's principal
 * Name()); ChallengeClaim only advertises it in /api/v2/configuration. A value contradicting the
 * type would make clients sign the wrong string, so it is refused rather than passed on.
 */
function parseChallengeClaim(reader, f, provider) {
    const expected = provider === 'email' ? 'email' : 'sub';
    const given = reader.string(f.challengeClaim);
    if (given !== undefined && given !== expected) {
        throw reader.error(f.challengeClaim.path, `${JSON.stringify(given)} is not possible: ${provider} issuers always sign the "${expected}" claim (omit it)`);
    }
    return expected;
}
function parseSkipEmailVerification(reader, f, provider) {
    const skip = reader.boolean(f.skipEmailVerification);
    if (skip !== undefined && provider !== 'email') {
        throw reader.error(f.skipEmailVerification.path, `only applies to email issuers, not ${ISSUER_TYPE[provider]}`);
    }
    return skip ?? false;
}
function parseSubjectDomain(reader, f, provider, issuerKey, path) {
    const domain = reader.nonEmptyString(f.subjectDomain);
    if (provider !== 'uri') {
        if (domain === undefined)
            return undefined;
        throw reader.error(f.subjectDomain.path, `only applies to uri issuers, not ${ISSUER_TYPE[provider]}`);
    }
    if (domain === undefined) {
        throw reader.error(join(path, 'subject-domain'), 'is required for uri issuers: the URL prefix (with scheme, e.g. https://example.com) every token sub must start with');
    }
    const at = f.subjectDomain.path;
    let url;
    try {
        url = new URL(domain);
    }
    catch {
        throw reader.error(at, `${JSON.stringify(domain)} must be a URL with a scheme, e.g. https://example.com`);
    }
    // Fulcio's rule: an issuer may only vouch for URIs under its own registrable domain.
    const issuerHost = new URL(issuerKey.replaceAll('*', 'x')).hostname;
    if (!sameRegistrableDomain(url.hostname, issuerHost)) {
        throw reader.error(at, `${JSON.stringify(domain)} must share its top two DNS labels with the issuer host ${JSON.stringify(issuerHost)}`);
    }
    return domain;
}
function sameRegistrableDomain(a, b) {
    const lastTwo = (host) => host.toLowerCase().split('.').slice(-2).join('.');
    if (lastTwo(a) === '' || a.split('.').length < 2)
        return a.toLowerCase() === b.toLowerCase();
    return lastTwo(a) === lastTwo(b);
}
function parseCaCert(reader, field) {
    const pem = reader.nonEmptyString(field);
    if (pem === undefined || field === undefined)
        return undefined;
    const blocks = (0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE');
    if (blocks.length === 0) {
        throw reader.error(field.path, 'contains no PEM CERTIFICATE block');
    }
    blocks.forEach((block, index) => {
        try {
            new external_node_crypto_.X509Certificate(block.der);
        }
        catch (error) {
            throw reader.error(field.path, `certificate ${index + 1} of ${blocks.length} cannot be parsed: ${error.message}`);
        }
    });
    return pem;
}
function parseCiMetadata(reader, field) {
    const urls = {};
    if (field === undefined || field.value === null)
        return urls;
    const map = reader.mapping(field.value, field.path);
    for (const [name, value] of Object.entries(map)) {
        const path = join(field.path, name);
        const provider = CI_PROVIDERS[name];
        if (provider === undefined) {
            throw reader.error(path, `CI provider ${JSON.stringify(name)} is not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates only`);
        }
        const f = reader.fields(reader.mapping(value, path), CI_METADATA_FIELDS, path);
        for (const templates of ['extensionTemplates', 'sanTemplate']) {
            if (f[templates] !== undefined) {
                throw reader.error(f[templates].path, "custom templates are not supported: Signet uses Fulcio's built-in github-workflow and gitlab-pipeline templates; only default-template-values.url can be set");
            }
        }
        if (f.defaultTemplateValues === undefined)
            continue;
        const defaults = reader.mapping(f.defaultTemplateValues.value, f.defaultTemplateValues.path);
        for (const [key, url] of Object.entries(defaults)) {
            const at = join(f.defaultTemplateValues.path, key);
            if (key !== 'url') {
                throw reader.error(at, 'only "url" (the base URL of repository, workflow and run links) can be set: the built-in templates use no other default value');
            }
            urls[provider] = parseCiUrl(reader, url, at);
        }
    }
    return urls;
}
function parseCiUrl(reader, value, path) {
    const text = reader.nonEmptyString({ value, path });
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw reader.error(path, `${JSON.stringify(text)} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw reader.error(path, `${JSON.stringify(text)} must be an http or https URL`);
    }
    // The templates append "/{repository}" and the like: a trailing slash would double it.
    if (text.endsWith('/') || url.search !== '' || url.hash !== '') {
        throw reader.error(path, `${JSON.stringify(text)} must be a base URL without a trailing slash, query or fragment (e.g. https://github.example.com)`);
    }
    return text;
}
/** Why `text` cannot be an exact issuer URL, or undefined when it can. */
function issuerUrlProblem(text) {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\s\u0000-\u001f\u007f]/.test(text))
        return 'contains whitespace or control characters';
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return 'is not a URL';
    }
    const problem = fetchableUrlProblem(url);
    if (problem !== undefined)
        return problem;
    if (url.search !== '' || text.includes('?'))
        return 'must not have a query';
    if (url.hash !== '' || text.includes('#'))
        return 'must not have a fragment';
    return undefined;
}
/** Why `pattern` cannot be a meta-issuer pattern, or undefined when it can. */
function metaPatternProblem(pattern) {
    if (!pattern.includes('*'))
        return 'has no "*"; an issuer without one belongs in oidc-issuers';
    const scheme = /^(https?):\/\/([^/]*)/.exec(pattern);
    if (!scheme)
        return 'must start with https:// (or http:// on loopback)';
    const authority = scheme[2];
    if (authority.includes('@'))
        return 'must not contain credentials';
    const port = /:([^:\]]*)$/.exec(authority);
    if (port?.[1]?.includes('*'))
        return 'must not have "*" in the port';
    const host = port ? authority.slice(0, port.index) : authority;
    // Fulcio anchors patterns since GHSA-59jp-pj84-45mr; a wildcard in the registrable domain
    // would still let whoever registers a matching domain mint accepted tokens.
    if (host
        .split('.')
        .slice(-2)
        .some((label) => label.includes('*'))) {
        return 'must not have "*" in the last two host labels (the registrable domain)';
    }
    const problem = issuerUrlProblem(pattern.replaceAll('*', 'x'));
    return problem === undefined ? undefined : `${problem} (with "*" read as a segment)`;
}
/** The anchored regex for a meta-issuer pattern: `*` is one `[-_a-zA-Z0-9]+`, all else literal. */
function metaPatternRegex(pattern, ignoreCase = false) {
    const body = pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
        .join(WILDCARD_SEGMENT);
    return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}
/** Looks up the issuer for a token's (unverified) `iss`, exactly as Fulcio does. */
class IssuerRegistry {
    issuers;
    exact = new Map();
    candidates;
    constructor(config) {
        this.issuers = Object.freeze([...config.issuers]);
        this.candidates = this.issuers.map((settings) => ({
            settings,
            matches: settings.wildcard
                ? metaMatcher(settings.issuerUrl)
                : exactMatcher(settings.issuerUrl),
        }));
        for (const settings of this.issuers) {
            if (!settings.wildcard && !this.exact.has(settings.issuerUrl)) {
                this.exact.set(settings.issuerUrl, settings);
            }
        }
    }
    /**
     * The settings for `iss`: an exact issuer first, else the first meta issuer whose anchored
     * pattern matches. No normalisation: a refusal names the nearest issuer and the difference.
     */
    match(iss) {
        const exact = this.exact.get(iss);
        if (exact !== undefined)
            return exact;
        for (const candidate of this.candidates) {
            if (candidate.settings.wildcard && candidate.matches(iss, false))
                return candidate.settings;
        }
        throw new OidcError('ISSUER_UNKNOWN', `issuer ${quote(iss)} is not configured; ${this.nearest(iss)}`);
    }
    configurationJson() {
        return configurationJson({ issuers: [...this.issuers] });
    }
    /** "nearest is "X" (why)", or the configured list when nothing is close. */
    nearest(iss) {
        if (this.candidates.length === 0)
            return 'no issuers are configured';
        return (this.nearestByNormalisation(iss) ?? this.nearestByPath(iss) ?? this.nearestByEditDistance(iss));
    }
    nearestByNormalisation(iss) {
        let best;
        for (const candidate of this.candidates) {
            const differences = normalisationDifferences(iss, candidate.matches);
            if (differences === undefined || differences.length === 0)
                continue;
            if (best === undefined || differences.length < best.differences.length) {
                best = { candidate, differences };
            }
        }
        if (best === undefined)
            return undefined;
        return `nearest is ${quote(best.candidate.settings.issuerUrl)} (${differsBy(best.differences)})`;
    }
    /** An issuer with a path the configuration does not cover: typically an enterprise slug. */
    nearestByPath(iss) {
        const origin = /^[a-z]+:\/\/[^/]*/i.exec(iss)?.[0];
        if (origin === undefined)
            return undefined;
        let best;
        for (let cut = iss.indexOf('/', origin.length); cut !== -1; cut = iss.indexOf('/', cut + 1)) {
            const prefix = iss.slice(0, cut);
            const candidate = this.candidates.find((c) => c.matches(prefix, false));
            if (candidate !== undefined)
                best = { candidate, prefix };
        }
        if (best !== undefined) {
            const extra = quote(iss.slice(best.prefix.length));
            const { issuerUrl, wildcard } = best.candidate.settings;
            if (wildcard) {
                return `nearest is ${quote(issuerUrl)} (the issuer has the extra path ${extra}; "*" matches exactly one segment of letters, digits, "-" and "_")`;
            }
            const meta = this.candidates.find((c) => c.settings.wildcard && c.settings.issuerUrl.startsWith(`${issuerUrl}/`));
            const advice = meta === undefined
                ? `no meta issuer covers it; to accept enterprise slugs add ${quote(`${issuerUrl}/*`)} to meta-issuers`
                : `the meta issuer ${quote(meta.settings.issuerUrl)} does not match it`;
            return `nearest is ${quote(issuerUrl)} (the issuer has the extra path segment ${extra}, like a GitHub enterprise slug; ${advice})`;
        }
        const longer = this.candidates.find((c) => !c.settings.wildcard && c.settings.issuerUrl.startsWith(`${iss.replace(/\/$/, '')}/`));
        if (longer === undefined)
            return undefined;
        const missing = quote(longer.settings.issuerUrl.slice(iss.replace(/\/$/, '').length));
        return `nearest is ${quote(longer.settings.issuerUrl)} (the issuer lacks the path ${missing})`;
    }
    nearestByEditDistance(iss) {
        const scored = this.candidates
            .map((c) => ({
            url: c.settings.issuerUrl,
            distance: editDistance(iss, c.settings.issuerUrl),
        }))
            .sort((a, b) => a.distance - b.distance);
        const best = scored[0];
        if (best.distance <= Math.max(3, Math.floor(best.url.length / 3))) {
            return `nearest is ${quote(best.url)} (edit distance ${best.distance})`;
        }
        const listed = this.issuers.slice(0, 6).map((s) => quote(s.issuerUrl));
        const more = this.issuers.length > 6 ? ` and ${this.issuers.length - 6} more` : '';
        return `none is similar; configured: ${listed.join(', ')}${more}`;
    }
}
function metaMatcher(pattern) {
    const exact = metaPatternRegex(pattern);
    const loose = metaPatternRegex(pattern, true);
    return (candidate, ignoreCase) => (ignoreCase ? loose : exact).test(candidate);
}
/** Fulcio's `/api/v2/configuration` body for `config`, one element per issuer. */
function configurationJson(config) {
    return {
        issuers: config.issuers.map((issuer) => ({
            ...(issuer.wildcard
                ? { wildcardIssuerUrl: issuer.issuerUrl }
                : { issuerUrl: issuer.issuerUrl }),
            audience: issuer.audience,
            challengeClaim: issuer.challengeClaim,
            issuerType: ISSUER_TYPE[issuer.provider],
            ...(issuer.subjectDomain !== undefined && { subjectDomain: issuer.subjectDomain }),
            ...(issuer.skipEmailVerification && { skipEmailVerification: true }),
        })),
    };
}
//# sourceMappingURL=issuers.js.map
;// CONCATENATED MODULE: ./build/server/http.js

/** An error of the service itself; `status` is the HTTP status it answers with. */
class ServerError extends core_error/* SignetError */.T {
    status;
    constructor(code, status, message, options) {
        super(code, message, options);
        this.status = status;
        this.headers = options?.headers ?? {};
    }
    headers;
}
/** grpc-gateway maps HTTP statuses from gRPC codes; Fulcio and Rekor clients read `message`. */
const GRPC_CODE = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    405: 12,
    409: 6,
    413: 3,
    415: 3,
    429: 8,
    499: 1,
    500: 13,
    501: 12,
    503: 14,
};
function sendError(res, status, message, style = 'grpc', headers = {}) {
    const body = style === 'grpc'
        ? { code: GRPC_CODE[status] ?? 2, message, details: [] }
        : { code: status, message };
    send(res, status, JSON.stringify(body), 'application/json', headers);
}
function send(res, status, body, contentType, headers = {}) {
    res.writeHead(status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        ...headers,
    });
    res.end(body);
}
function sendJson(res, status, value, headers = {}) {
    send(res, status, JSON.stringify(value), 'application/json', headers);
}
/** The request's media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
function mediaType(req) {
    return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
/**
 * Reads a request body up to `limit` bytes. A declared or actual size above the limit is a 413
 * before more than the limit is buffered, so an oversized body cannot exhaust memory.
 */
function readBody(req, limit) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
        req.resume();
        return Promise.reject(tooLarge(declared, limit));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.removeAllListeners('data');
                req.resume();
                reject(tooLarge(size, limit));
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
const tooLarge = (size, limit) => new ServerError('PAYLOAD_TOO_LARGE', 413, `request body is ${size > limit ? `over ${limit}` : size} bytes; the limit is ${limit} bytes`);
/** Parses a JSON body, naming the problem instead of passing on a bare SyntaxError. */
function parseJson(body) {
    if (body.length === 0)
        throw new ServerError('BAD_REQUEST', 400, 'request body is empty; expected JSON');
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch (error) {
        throw new ServerError('BAD_REQUEST', 400, `request body is not valid JSON: ${error.message}`);
    }
}
function requireMediaType(req, allowed) {
    const type = mediaType(req);
    if (!allowed.includes(type)) {
        throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type ${type || '(none)'} is not accepted here; use ${allowed.join(' or ')}`);
    }
    return type;
}
//# sourceMappingURL=http.js.map
;// CONCATENATED MODULE: ./build/server/config.js








const ROLES = ['ca', 'ct', 'tlog', 'tsa'];
const SERVER_DEFAULTS = {
    dataDir: '.signet',
    listen: '127.0.0.1:8080',
    publicUrl: undefined,
    logLevel: 'info',
    /** Entries carry a certificate and a signature (a few KiB); 128 KiB leaves room for DSSE payloads. */
    maxBodyBytes: 128 * 1024,
    /** One per CPU: the event loop keeps HTTP and the log engine, the workers share the rest. */
    verifyWorkers: (0,external_node_os_.availableParallelism)(),
    log: { ...LOG_DEFAULTS },
    tsa: {
        policyOid: DEFAULT_POLICY_OID,
        acceptedPolicies: [],
        accuracySeconds: 1,
        includeChain: false,
    },
    roles: [...ROLES],
    ct: { url: undefined, publicKey: undefined, acceptedRoots: [] },
    ca: { issuingKey: 'file', issuingKeyType: 'p256', maxInFlight: 512 },
    identity: undefined,
    devIssuer: false,
    keys: { logKeyType: 'ed25519', tsaKeyType: 'p256', rootKeyType: 'p256' },
};
const invalid = (message) => new ServerError('CONFIG_INVALID', 500, `invalid configuration: ${message}`);
const SHAPE = {
    dataDir: 'string',
    listen: 'string',
    publicUrl: 'string',
    logLevel: ['debug', 'info', 'warn', 'error'],
    maxBodyBytes: 'number',
    verifyWorkers: 'number',
    log: {
        batchMaxSize: 'number',
        batchMaxAgeMs: 'number',
        checkpointIntervalMs: 'number',
        maxPending: 'number',
        maxEntryBytes: 'number',
    },
    tsa: {
        policyOid: 'string',
        acceptedPolicies: 'string[]',
        accuracySeconds: 'number',
        includeChain: 'boolean',
    },
    roles: 'string[]',
    ct: {
        url: 'string',
        publicKey: 'string',
        acceptedRoots: 'string[]',
    },
    ca: {
        issuingKey: 'string',
        issuingKeyType: ['p256', 'p384'],
        maxInFlight: 'number',
    },
    identity: 'delegated',
    devIssuer: 'boolean',
    keys: {
        logKeyType: ['ed25519', 'p256'],
        tsaKeyType: ['p256', 'p384'],
        rootKeyType: ['p256', 'p384'],
    },
};
/** Checks a parsed config file against SHAPE: unknown keys and wrong types are named, not ignored. */
function checkShape(value, shape, path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw invalid(`${path || 'the file'} must be a mapping`);
    for (const [key, item] of Object.entries(value)) {
        const where = path ? `${path}.${key}` : key;
        const expected = shape[key];
        if (expected === undefined)
            throw invalid(`unknown setting ${where}; known: ${Object.keys(shape).join(', ')}`);
        if (expected === 'delegated')
            continue;
        if (Array.isArray(expected)) {
            if (!expected.includes(item))
                throw invalid(`${where} must be one of ${expected.join(', ')}`);
        }
        else if (expected === 'string[]') {
            if (!Array.isArray(item) || item.some((s) => typeof s !== 'string'))
                throw invalid(`${where} must be a list of strings`);
        }
        else if (typeof expected === 'object') {
            checkShape(item, expected, where);
        }
        else if (typeof item !== expected) {
            throw invalid(`${where} must be a ${expected}`);
        }
    }
}
function merge(base, override) {
    if (typeof override !== 'object' || override === null || Array.isArray(override))
        return (override ?? base);
    const out = { ...base };
    for (const [key, value] of Object.entries(override))
        out[key] = merge(out[key], value);
    return out;
}
/** Reads a YAML or JSON config file (JSON is YAML) and merges it over the defaults. */
async function loadConfig(file, overrides) {
    let fromFile = {};
    if (file !== undefined) {
        let text;
        try {
            text = await (0,promises_.readFile)(file, 'utf8');
        }
        catch (error) {
            throw invalid(`cannot read config file ${file}: ${error.message}`);
        }
        try {
            fromFile = (0,dist/* parse */.qg)(text) ?? {};
        }
        catch (error) {
            throw invalid(`config file ${file} is not valid YAML or JSON: ${error.message}`);
        }
        checkShape(fromFile, SHAPE, '');
    }
    const config = merge(merge(SERVER_DEFAULTS, fromFile), overrides);
    validateConfig(config);
    return config;
}
function parseListen(listen) {
    const match = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(listen);
    const port = Number(match?.[2]);
    if (!match || port > 65535)
        throw invalid(`listen must be HOST:PORT, got "${listen}"`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
}
function validateConfig(config) {
    parseListen(config.listen);
    if (config.publicUrl !== undefined)
        publicUrlOf(config.publicUrl);
    if (!Number.isInteger(config.maxBodyBytes) ||
        config.maxBodyBytes < 1024 ||
        config.maxBodyBytes > 16 * 1024 * 1024) {
        throw invalid(`maxBodyBytes must be an integer from 1024 to 16777216, got ${config.maxBodyBytes}`);
    }
    if (!Number.isInteger(config.verifyWorkers) ||
        config.verifyWorkers < 0 ||
        config.verifyWorkers > 64) {
        throw invalid(`verifyWorkers must be an integer from 0 to 64, got ${config.verifyWorkers}`);
    }
    try {
        validateLogOptions(config.log);
    }
    catch (error) {
        throw invalid(`log.${error.message}`);
    }
    for (const oid of [config.tsa.policyOid, ...config.tsa.acceptedPolicies]) {
        if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(oid))
            throw invalid(`tsa policy "${oid}" is not a dotted OID`);
    }
    if (config.ca.issuingKey !== 'file' && !config.ca.issuingKey.startsWith('awskms://')) {
        throw invalid(`ca.issuingKey must be "file" or an AWS KMS reference (awskms:///KEY-ID, awskms:///alias/NAME or awskms:///ARN), got "${config.ca.issuingKey}"`);
    }
    if (!Number.isInteger(config.ca.maxInFlight) ||
        config.ca.maxInFlight < 1 ||
        config.ca.maxInFlight > 100_000) {
        throw invalid(`ca.maxInFlight must be an integer from 1 to 100000, got ${config.ca.maxInFlight}`);
    }
    identityConfigOf(config);
    validateRoles(config);
    if (!Number.isInteger(config.tsa.accuracySeconds) ||
        config.tsa.accuracySeconds < 1 ||
        config.tsa.accuracySeconds > 3600) {
        throw invalid(`tsa.accuracySeconds must be an integer from 1 to 3600, got ${config.tsa.accuracySeconds}`);
    }
}
function validateRoles(config) {
    const unknown = config.roles.filter((r) => !ROLES.includes(r));
    if (unknown.length > 0 || config.roles.length === 0) {
        throw invalid(`roles must list some of ${ROLES.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`);
    }
    const external = config.ct.url !== undefined || config.ct.publicKey !== undefined;
    if (config.roles.includes('ct') && external) {
        throw invalid('ct.url and ct.publicKey name a CT log run elsewhere; drop them or the ct role');
    }
    if (config.roles.includes('ca') && !config.roles.includes('ct')) {
        if (config.ct.url === undefined || config.ct.publicKey === undefined) {
            throw invalid('the ca role without the ct role needs ct.url and ct.publicKey: the CT log the CA submits precertificates to');
        }
        let url;
        try {
            url = new URL(config.ct.url);
        }
        catch {
            throw invalid(`ct.url "${config.ct.url}" is not a URL`);
        }
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
            throw invalid(`ct.url must be https (or http on loopback), got ${config.ct.url}`);
        }
    }
}
/** The configured OIDC issuers, or the defaults; a bad issuer block is named at start-up. */
function identityConfigOf(config) {
    if (config.identity === undefined)
        return DEFAULT_ISSUERS;
    try {
        return parseIdentityConfig(config.identity, 'identity');
    }
    catch (error) {
        throw invalid(error.message);
    }
}
/** A public URL normalised to origin plus path without a trailing slash. */
function publicUrlOf(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw invalid(`publicUrl "${text}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw invalid(`publicUrl must be http or https, got ${url.protocol}`);
    if (url.search || url.hash || url.username || url.password)
        throw invalid('publicUrl must not have a query, fragment or credentials');
    url.pathname = url.pathname.replace(/\/+$/, '');
    return url;
}
//# sourceMappingURL=config.js.map
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/errors.js
class JOSEError extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message, options) {
    super(message, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
}
class errors_JWTClaimValidationFailed extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class errors_JWTExpired extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JOSEAlgNotAllowed extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
}
class errors_JOSENotSupported extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
}
class JWEDecryptionFailed extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message = "decryption operation failed", options) {
    super(message, options);
  }
}
class JWEInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWE_INVALID"));
  code = "ERR_JWE_INVALID";
}
class errors_JWSInvalid extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
}
class errors_JWTInvalid extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
}
class JWKInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWK_INVALID"));
  code = "ERR_JWK_INVALID";
}
class JWKSInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWKS_INVALID"));
  code = "ERR_JWKS_INVALID";
}
class JWKSNoMatchingKey extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message = "no applicable key found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSTimeout extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message = "request timed out", options) {
    super(message, options);
  }
}
class JWSSignatureVerificationFailed extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message = "signature verification failed", options) {
    super(message, options);
  }
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/buffer_utils.js
const buffer_utils_encoder = new TextEncoder(), decoder = new TextDecoder(), buffer_utils_strictDecoder = new TextDecoder("utf-8", { fatal: !0 }), UINT32_RANGE = (/* unused pure expression or super */ null && (2 ** 32));
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function writeUInt32BE(buf, value, offset) {
  if (value < 0 || value >= UINT32_RANGE)
    throw new RangeError(`value must be >= 0 and <= ${UINT32_RANGE - 1}. Received ${value}`);
  buf.set([value >>> 24, value >>> 16, value >>> 8, value & 255], offset);
}
function uint64be(value) {
  const high = Math.floor(value / UINT32_RANGE), low = value % UINT32_RANGE, buf = new Uint8Array(8);
  return writeUInt32BE(buf, high, 0), writeUInt32BE(buf, low, 4), buf;
}
function uint32be(value) {
  const buf = new Uint8Array(4);
  return writeUInt32BE(buf, value), buf;
}
const NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return buffer_utils_encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function encodeBase64(input, url = !1) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
function decodeBase64(encoded, url = !1) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
async function digest(algorithm, data) {
  const subtleDigest = `SHA-${algorithm.slice(-3)}`;
  return new Uint8Array(await crypto.subtle.digest(subtleDigest, data));
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/base64url.js

const base64url_invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), !0);
  } catch (cause) {
    throw new TypeError(base64url_invalid, { cause });
  }
}
function base64url_encode(input) {
  return encodeBase64(typeof input == "string" ? buffer_utils_encoder.encode(input) : input, !0);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/validate.js



function assertUint8Array(input, label) {
  if (!(input instanceof Uint8Array))
    throw new TypeError(`${label} must be an instance of Uint8Array`);
}
function validate_isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return !1;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return validate_isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(validate_isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return !1;
        parameters.add(parameter);
      }
  return !0;
}
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message) {
  let parsed;
  try {
    parsed = JSON.parse(buffer_utils_strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message, { cause });
  }
  if (!validate_isObject(parsed))
    throw new ErrorClass(message);
  return parsed;
}
const JWS_RECOGNIZED = { __proto__: null, b64: !0 }, JWE_RECOGNIZED = { __proto__: null };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new errors_JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new errors_JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return !0;
}
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!validate_isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key.js



const tag = (key) => key[Symbol.toStringTag], jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (validate_isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
let cache;
const nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
function assertCryptoKey(key) {
  if (!isCryptoKey(key))
    throw new Error("CryptoKey instance expected");
}
const isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return !0;
  try {
    return key instanceof CryptoKey;
  } catch {
    return !1;
  }
}, isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject", isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
const invalidKeyInput = (actual, ...types) => message("Key must be ", actual, ...types);
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
const unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
function validateExtractableOption(extractable) {
  if (extractable !== void 0 && typeof extractable != "boolean")
    throw new TypeError('"extractable" option must be a boolean');
  return extractable;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new errors_JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = !1) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_algorithms.js


const sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: !0, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
const JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new errors_JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jwe_algorithms.js


const wrap = [
  ["encrypt", "wrapKey"],
  ["decrypt", "unwrapKey"]
], derive = [[], ["deriveBits"]], none = [[], []];
function rsaes(bits) {
  return {
    kty: ["RSA"],
    mode: "key-encryption",
    subtle: { name: "RSA-OAEP", hash: `SHA-${bits}` },
    usages: wrap,
    ops: ["wrapKey", "unwrapKey"]
  };
}
function ecdh(mode) {
  return {
    kty: ["EC", "OKP"],
    mode,
    subtle: { name: "ECDH" },
    resolve: ({ kty, crv, asymmetricKeyType }) => {
      if (crv === "X25519" || asymmetricKeyType === "x25519")
        return { name: "X25519" };
      if (kty === "OKP")
        throw new errors_JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
      return { name: "ECDH", namedCurve: crv };
    },
    usages: derive,
    ops: [void 0, "deriveBits"]
  };
}
function aeskw(bits, gcm = !1) {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: !0,
    subtle: { name: gcm ? "AES-GCM" : "AES-KW", length: bits },
    usages: none,
    ops: gcm ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"]
  };
}
function pbes2() {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: !0,
    subtle: { name: "PBKDF2" },
    usages: none,
    ops: ["deriveBits", "deriveBits"]
  };
}
const JWE = table({
  dir: {
    kty: ["oct"],
    mode: "direct-encryption",
    secret: !0,
    subtle: { name: "AES-GCM" },
    usages: none,
    ops: ["encrypt", "decrypt"]
  },
  "RSA-OAEP": rsaes(1),
  "RSA-OAEP-256": rsaes(256),
  "RSA-OAEP-384": rsaes(384),
  "RSA-OAEP-512": rsaes(512),
  "ECDH-ES": ecdh("direct-key-agreement"),
  "ECDH-ES+A128KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A192KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A256KW": ecdh("key-agreement-with-key-wrapping"),
  A128KW: aeskw(128),
  A192KW: aeskw(192),
  A256KW: aeskw(256),
  A128GCMKW: aeskw(128, !0),
  A192GCMKW: aeskw(192, !0),
  A256GCMKW: aeskw(256, !0),
  "PBES2-HS256+A128KW": pbes2(),
  "PBES2-HS384+A192KW": pbes2(),
  "PBES2-HS512+A256KW": pbes2()
}), contentOps = ["encrypt", "decrypt"];
function contentEncryption(bits, cbc = !1) {
  return {
    kty: ["oct"],
    secret: !0,
    subtle: { name: cbc ? "AES-CBC" : "AES-GCM", length: bits },
    usages: none,
    ops: contentOps,
    cekBits: bits,
    ivBits: cbc ? 128 : 96,
    cbc
  };
}
const ENC = table({
  A128GCM: contentEncryption(128),
  A192GCM: contentEncryption(192),
  A256GCM: contentEncryption(256),
  "A128CBC-HS256": contentEncryption(256, !0),
  "A192CBC-HS384": contentEncryption(384, !0),
  "A256CBC-HS512": contentEncryption(512, !0)
});
function unsupported(parameter, name) {
  throw new JOSENotSupported(`Invalid or unsupported "${parameter}" (JWE ${name}) header value`);
}
function jweAlgorithm(alg) {
  return (typeof alg == "string" ? JWE[alg] : void 0) ?? unsupported("alg", "Algorithm");
}
function isJWECEKTransport(algorithm) {
  return algorithm.mode === "key-wrapping" || algorithm.mode === "key-encryption" || algorithm.mode === "key-agreement-with-key-wrapping";
}
function jweEncryption(enc) {
  return (typeof enc == "string" ? ENC[enc] : void 0) ?? unsupported("enc", "Encryption Algorithm");
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key_algorithm.js



const algArgument = '"alg" (Algorithm)';
function unsupportedAlg(source = 'JWK "alg" (Algorithm) Parameter') {
  throw new errors_JOSENotSupported(`Invalid or unsupported ${source} value`);
}
function keyAlgorithm(alg, source) {
  return (typeof alg == "string" ? JWS[alg] ?? JWE[alg] : void 0) ?? unsupportedAlg(source);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/key/generate_key_pair.js



function getModulusLengthOption(options) {
  const modulusLength = options?.modulusLength ?? 2048;
  if (typeof modulusLength != "number" || !Number.isInteger(modulusLength) || modulusLength < 2048)
    throw new errors_JOSENotSupported("Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used");
  return modulusLength;
}
async function generateKeyPair(alg, options) {
  const extractable = validateExtractableOption(options?.extractable), entry = keyAlgorithm(alg, algArgument);
  entry.secret && unsupportedAlg(algArgument);
  let algorithm;
  if (entry.resolve) {
    const crv = options?.crv ?? "P-256";
    if (!["P-256", "P-384", "P-521", "X25519"].includes(crv))
      throw new errors_JOSENotSupported("Invalid or unsupported crv option provided, supported values are P-256, P-384, P-521, and X25519");
    algorithm = entry.resolve({ crv });
  } else {
    if (entry.crv !== void 0 && options?.crv !== void 0 && options.crv !== entry.crv)
      throw new errors_JOSENotSupported(`Invalid or unsupported crv option provided, the only supported value for ${alg} is ${entry.crv}`);
    algorithm = entry.kty[0] === "RSA" ? {
      ...entry.subtle,
      publicExponent: Uint8Array.of(1, 0, 1),
      modulusLength: getModulusLengthOption(options)
    } : entry.subtle;
  }
  return crypto.subtle.generateKey(algorithm, extractable ?? !1, [
    ...entry.usages[1],
    ...entry.usages[0]
  ]);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/key/export.js



function exportSPKI(key) {
  return exportPublic(key);
}
function exportPKCS8(key) {
  return exportPrivate(key);
}
async function exportJWK(key) {
  if (isKeyObject(key))
    if (key.type === "secret")
      key = key.export();
    else
      return key.export({ format: "jwk" });
  if (key instanceof Uint8Array)
    return {
      kty: "oct",
      k: base64url_encode(key)
    };
  if (!isCryptoKey(key))
    throw new TypeError(invalidKeyInput(key, "CryptoKey", "KeyObject", "Uint8Array"));
  if (!key.extractable)
    throw new TypeError("non-extractable CryptoKey cannot be exported as a JWK");
  const jwk = await crypto.subtle.exportKey("jwk", key);
  delete jwk.ext, delete jwk.key_ops, delete jwk.use, jwk.kty !== "AKP" && delete jwk.alg;
  for (const parameter of Object.keys(jwk))
    jwk[parameter] === void 0 && delete jwk[parameter];
  return jwk;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_sign.js






async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = serializeJoseHeader(errors_JWSInvalid, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = base64url_encode(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(errors_JWSInvalid, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new errors_JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!isDisjoint(protectedHeader, unprotectedHeader))
    throw new errors_JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  validateCritDuplicates(errors_JWSInvalid, protectedHeader);
  const b64 = validateB64(protectedHeader, validateCrit(errors_JWSInvalid, JWS_RECOGNIZED, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new errors_JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = jwsAlgorithm(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= base64url_encode(payload), signingPayload = encodedPayloadCache[1] ??= encode(encodedPayload)) : (encodedPayload = base64url_encode(payload), signingInput = buffer_utils_encoder.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= concat(encode(encodedProtectedHeader), encode("."), signingPayload);
  const signingKey = await rawKey(await prepareKey(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && checkModulusLength(entry.alg, signingKey);
  const jws = {
    signature: base64url_encode(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}
async function createCompactSignature(payload, protectedHeader, crit, key, rejectUnencoded) {
  const [jws] = await createSignature([payload, protectedHeader, void 0, crit], key, rejectUnencoded);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jwt_claims_set.js



const epoch = (date) => Math.floor(date.getTime() / 1e3), multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
}, REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i, checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4] === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
function validateStringClaim(claim, value) {
  if (typeof value != "string")
    throw new TypeError(`"${claim}" claim must be a string`);
}
function validateAudienceClaim(value) {
  if (typeof value != "string" && (!Array.isArray(value) || Array.from(value).some((member) => typeof member != "string")))
    throw new TypeError('"aud" claim must be a string or an array of strings');
}
function numericDate(value, label) {
  return typeof value == "number" ? validateInput(label, value) : value instanceof Date ? validateInput(label, epoch(value)) : epoch(/* @__PURE__ */ new Date()) + secs(value);
}
const normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
}, checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : !1;
function validateNumericDate(claimsSet, claim, required = !1) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}
let producerClaimsSets;
function producerClaimsSet(producer) {
  return producerClaimsSets.get(producer);
}
function jwtClaimsSetBytes(producer) {
  const claimsSet = producerClaimsSet(producer);
  for (const claim of ["iat", "nbf", "exp"]) {
    const value = claimsSet[claim];
    if (typeof value == "number" && !Number.isFinite(value))
      throw new TypeError(`"${claim}" claim must be a finite number`);
  }
  return buffer_utils_encoder.encode(JSON.stringify(claimsSet));
}
function jwtClaim(producer, claim) {
  return producerClaimsSet(producer)[claim];
}
class JWTClaimsBuilder {
  constructor(claimsSet = {}) {
    if (!validate_isObject(claimsSet))
      throw new TypeError("JWT Claims Set MUST be an object");
    (producerClaimsSets ||= /* @__PURE__ */ new WeakMap()).set(this, structuredClone(claimsSet));
  }
  setIssuer(value) {
    return validateStringClaim("iss", value), producerClaimsSet(this).iss = value, this;
  }
  setSubject(value) {
    return validateStringClaim("sub", value), producerClaimsSet(this).sub = value, this;
  }
  setAudience(value) {
    return validateAudienceClaim(value), producerClaimsSet(this).aud = value, this;
  }
  setJti(value) {
    return validateStringClaim("jti", value), producerClaimsSet(this).jti = value, this;
  }
  setNotBefore(value) {
    return producerClaimsSet(this).nbf = numericDate(value, "setNotBefore"), this;
  }
  setExpirationTime(value) {
    return producerClaimsSet(this).exp = numericDate(value, "setExpirationTime"), this;
  }
  setIssuedAt(value) {
    const claimsSet = producerClaimsSet(this);
    return value === void 0 ? claimsSet.iat = epoch(/* @__PURE__ */ new Date()) : typeof value == "string" ? claimsSet.iat = validateInput("setIssuedAt", epoch(/* @__PURE__ */ new Date()) + secs(value)) : claimsSet.iat = numericDate(value, "setIssuedAt"), this;
  }
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js




const SignJWT_base = JWTClaimsBuilder;
class SignJWT extends SignJWT_base {
  #protectedHeader;
  setProtectedHeader(protectedHeader) {
    return assertNotSet(this.#protectedHeader, "setProtectedHeader"), this.#protectedHeader = protectedHeader, this;
  }
  async sign(key, options) {
    return createCompactSignature(jwtClaimsSetBytes(this), this.#protectedHeader, options?.crit, key, () => {
      throw new errors_JWTInvalid("JWTs MUST NOT use unencoded payload");
    });
  }
}


;// CONCATENATED MODULE: ./build/server/dev-issuer.js





/**
 * A development OIDC issuer so a newcomer can sign and verify with no CI at all. It hands an
 * email-identity token to anyone who asks, so it exists only in `--dev` mode and only on a
 * loopback address; its issuer URL and description say so in every certificate it leads to.
 */
const DEV_ISSUER_PATH = '/dev-oidc';
/** Long enough to request a certificate, short like a CI token. */
const DEV_TOKEN_LIFETIME_SECONDS = 5 * 60;
const DEV_AUDIENCE = 'sigstore';
const DEV_ISSUER_DESCRIPTION = 'Signet development issuer: issues tokens to anyone on this machine; never trust it in production';
/** The default identity: the local user at a reserved, clearly local domain. */
const defaultDevEmail = () => `${(0,external_node_os_.userInfo)().username.replace(/[^A-Za-z0-9._-]/g, '_') || 'developer'}@signet.localhost`;
async function startDevIssuer(publicUrl, listenHost) {
    const { hostname } = new URL(publicUrl);
    if (!isLoopbackHost(hostname) || !isLoopbackHost(listenHost)) {
        throw new ServerError('CONFIG_INVALID', 500, `the development OIDC issuer only runs on a loopback address (it gives a token to anyone who asks); public URL host is "${hostname}", listen host is "${listenHost}"`);
    }
    const issuer = `${publicUrl}${DEV_ISSUER_PATH}`;
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = (0,external_node_crypto_.randomUUID)();
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
    const discovery = {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        description: DEV_ISSUER_DESCRIPTION,
    };
    const mint = (email, key) => new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(email)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${DEV_TOKEN_LIFETIME_SECONDS}s`)
        .setJti((0,external_node_crypto_.randomUUID)())
        .sign(key);
    return {
        settings: {
            issuerUrl: issuer,
            wildcard: false,
            provider: 'email',
            audience: DEV_AUDIENCE,
            challengeClaim: 'email',
            skipEmailVerification: false,
            description: DEV_ISSUER_DESCRIPTION,
        },
        async handle(req, res, path) {
            if (!path.startsWith(DEV_ISSUER_PATH))
                return false;
            const rest = path.slice(DEV_ISSUER_PATH.length);
            if (req.method === 'GET' && rest === '/.well-known/openid-configuration') {
                sendJson(res, 200, discovery);
            }
            else if (req.method === 'GET' && rest === '/jwks') {
                sendJson(res, 200, jwks);
            }
            else if (req.method === 'POST' && rest === '/token') {
                const email = requestedEmail(await readBody(req, 4096));
                sendJson(res, 200, {
                    id_token: await mint(email, privateKey),
                    token_type: 'Bearer',
                    expires_in: DEV_TOKEN_LIFETIME_SECONDS,
                });
            }
            else {
                return false;
            }
            return true;
        },
    };
}
/** `email=` in a form or JSON body picks the identity; empty means the local user. */
function requestedEmail(body) {
    const text = body.toString('utf8').trim();
    let email;
    if (text.startsWith('{')) {
        try {
            email = JSON.parse(text).email;
        }
        catch {
            throw new ServerError('BAD_REQUEST', 400, 'token request body is not valid JSON');
        }
    }
    else {
        email = new URLSearchParams(text).get('email') ?? undefined;
    }
    if (email === undefined || email === '')
        return defaultDevEmail();
    if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        throw new ServerError('BAD_REQUEST', 400, `"${String(email)}" is not an email address`);
    }
    return email;
}
//# sourceMappingURL=dev-issuer.js.map
;// CONCATENATED MODULE: ./build/src/ca/error.js

/** Raised by the certificate authority: request parsing, identity mapping and issuance. */
class error_CaError extends core_error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/ca/certificates.js


/** The issuing CA's subject, as the trust root's certificateAuthorities entry names it. */
const ISSUING_CA_SUBJECT = { organization: 'Signet', commonName: 'Signet Issuing CA' };
/**
 * The intermediate that issues code-signing leaves: CA:TRUE with pathlen 0, keyCertSign, and
 * EKU codeSigning, which Go's chain verification (cosign) requires of every CA above a
 * code-signing leaf. Validity never outlasts the root's.
 */
async function createIssuingCaCertificate(opts) {
    const root = (0,x509/* parseCertificate */.hB)(opts.rootCertificate);
    if (!root.publicKey.equals(opts.rootSigner.publicKey)) {
        throw new error_CaError('CA_CONFIG_INVALID', `the root CA certificate's key is not the key of ${opts.rootSigner.ref}`);
    }
    const subject = opts.subject ?? ISSUING_CA_SUBJECT;
    const algorithm = (0,x509/* signatureAlgorithmFor */.Zi)((0,x509/* certificatePublicKey */.Gm)(root));
    const tbs = (0,x509/* buildTbs */.I2)({
        serial: (0,x509/* randomSerial */.YG)(),
        issuer: root.subject,
        subject: (0,x509/* name */.UU)([
            { short: 'O', value: subject.organization },
            { short: 'CN', value: subject.commonName },
        ]),
        notBefore: opts.notBefore,
        notAfter: opts.notAfter < root.notAfter ? opts.notAfter : root.notAfter,
        publicKey: opts.publicKey,
        extensions: [
            { oid: x509/* OID */.Vx.keyUsage, critical: true, value: (0,x509/* keyUsage */.F$)(['keyCertSign', 'cRLSign']) },
            { oid: x509/* OID */.Vx.basicConstraints, critical: true, value: (0,x509/* basicConstraints */.vw)(true, 0) },
            { oid: x509/* OID */.Vx.extKeyUsage, value: (0,x509/* extKeyUsage */.cw)([x509/* OID */.Vx.codeSigning]) },
            { oid: x509/* OID */.Vx.subjectKeyIdentifier, value: (0,x509/* subjectKeyIdentifier */.Fi)(opts.publicKey) },
            {
                oid: x509/* OID */.Vx.authorityKeyIdentifier,
                value: (0,x509/* authorityKeyIdentifier */.Eo)((0,x509/* keyIdentifier */.P_)(root.publicKey)),
            },
        ],
        signatureAlgorithm: algorithm,
    });
    return (0,x509/* assembleCertificate */.A3)(tbs, algorithm, await opts.rootSigner.sign(tbs));
}
/**
 * Checks that `der` can serve as the issuing CA for `publicKey` under `rootDer`: the key
 * matches, the root signed it, and it is a CA allowed to issue code-signing leaves. Used when
 * an operator installs a certificate the offline root signed.
 */
function checkIssuingCaCertificate(der, rootDer, publicKey, now) {
    const cert = (0,x509/* parseCertificate */.hB)(der);
    const root = (0,x509/* parseCertificate */.hB)(rootDer);
    const problem = (message) => new error_CaError('CA_CONFIG_INVALID', `issuing CA certificate: ${message}`);
    if (!cert.publicKey.equals(publicKey))
        throw problem("its public key is not the issuing CA key's public key");
    if (!cert.issuer.equals(root.subject) ||
        !(0,x509/* verifyCertificateSignature */.XA)(cert, (0,x509/* certificatePublicKey */.Gm)(root)))
        throw problem('it is not signed by the root CA in keys/root-ca.crt.pem');
    const constraints = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.basicConstraints);
    if (!constraints || !(0,x509/* parseBasicConstraints */._P)(constraints.value).ca)
        throw problem('it is not a CA certificate (BasicConstraints CA:TRUE is missing)');
    const eku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.extKeyUsage);
    if (eku && !(0,x509/* parseExtKeyUsage */.NM)(eku.value).includes(x509/* OID */.Vx.codeSigning))
        throw problem('its extended key usage does not include codeSigning');
    if (cert.notAfter.getTime() <= now.getTime())
        throw problem(`it expired at ${cert.notAfter.toISOString()}`);
    return cert;
}
//# sourceMappingURL=certificates.js.map
;// CONCATENATED MODULE: ./build/src/ca/csr.js






/**
 * PKCS#10 certificate signing requests (RFC 2986). The CA reads them as a proof of possession
 * (Fulcio's `certificateSigningRequest`, where only the key and the self-signature matter),
 * and the key ceremony writes one for the issuing CA so that an offline root can sign it.
 */
/** PKCS#9 extensionRequest (RFC 2985 §5.4.2): the extensions a requester asks for. */
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const PEM_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const csr_invalid = (message, cause) => new error_CaError('CSR_INVALID', `certificate signing request: ${message}`, cause === undefined ? undefined : { cause });
/** Runs a parsing step, turning the DER decoder's CoreErrors into CSR_INVALID. */
function step(what, parse) {
    try {
        return parse();
    }
    catch (error) {
        if (error instanceof core_error/* CoreError */.a) {
            const named = error.message.startsWith(`${what}:`);
            throw csr_invalid(named ? error.message : `${what}: ${error.message}`, error);
        }
        throw error;
    }
}
const TAG_NAMES = new Map([
    [core_der/* Tag */.vw.SEQUENCE, 'a SEQUENCE'],
    [core_der/* Tag */.vw.BIT_STRING, 'a BIT STRING'],
    [core_der/* Tag */.vw.INTEGER, 'an INTEGER'],
    [0xa0, 'a [0] (attributes)'],
]);
function expectNode(node, tag, what) {
    if (node === undefined)
        throw csr_invalid(`missing ${what}`);
    if (node.tag !== tag) {
        const expected = TAG_NAMES.get(tag) ?? `tag 0x${tag.toString(16)}`;
        throw csr_invalid(`expected ${expected} at ${what}, found tag 0x${node.tag.toString(16)}`);
    }
    return node;
}
/** Exactly one DER SEQUENCE filling `bytes`. */
const parseSequence = (bytes, what) => expectNode(step(what, () => (0,core_der/* parseDer */.zE)(bytes)), core_der/* Tag */.vw.SEQUENCE, what);
/** The DER bytes of a CSR given as PEM text (or its bytes) or as DER. */
function csrDer(input) {
    if (typeof input !== 'string') {
        const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
        // A DER CSR starts with a SEQUENCE tag, which no PEM text does.
        if (bytes[0] === core_der/* Tag */.vw.SEQUENCE)
            return bytes;
        input = bytes.toString('latin1');
    }
    const blocks = (0,core_pem/* parsePem */.oW)(input).filter((b) => PEM_LABELS.has(b.label));
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw csr_invalid(blocks.length === 0
            ? 'neither DER nor a PEM block labelled CERTIFICATE REQUEST'
            : `expected one PEM CERTIFICATE REQUEST block, found ${blocks.length}`);
    }
    return blocks[0].der;
}
/**
 * Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }. The subject is ignored by the
 * CA, but a CSR whose fields do not decode is not one we want to pass on to anything else.
 * SET OF ordering is not checked: the signature covers the bytes as sent, whatever the order.
 */
function checkName(node) {
    step('subject', () => {
        for (const rdn of node.children()) {
            const atvs = rdn.expect(core_der/* Tag */.vw.SET, 'RelativeDistinguishedName').children();
            if (atvs.length === 0)
                throw new core_error/* CoreError */.a('DER_INVALID', 'empty RelativeDistinguishedName');
            for (const atv of atvs) {
                const fields = atv.expect(core_der/* Tag */.vw.SEQUENCE, 'AttributeTypeAndValue').children();
                if (fields.length !== 2) {
                    throw new core_error/* CoreError */.a('DER_INVALID', 'AttributeTypeAndValue: expected type and value');
                }
                fields[0].toOid('attribute type');
            }
        }
    });
}
/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function checkSpki(node) {
    const fields = step('subjectPKInfo', () => node.children());
    if (fields.length !== 2)
        throw csr_invalid('subjectPKInfo: expected algorithm and subjectPublicKey');
    step('subjectPKInfo algorithm', () => (0,x509/* algorithmOid */.On)(fields[0], 'algorithm'));
    step('subjectPublicKey', () => (0,x509/* bitStringBytes */.cD)(expectNode(fields[1], core_der/* Tag */.vw.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey'));
}
/** The Attributes in `[0] IMPLICIT SET OF Attribute`, as (type, values). */
function attributeList(attributes) {
    return step('attributes', () => (0,core_der/* parseDer */.zE)(attributes)
        .children()
        .map((attr) => {
        const fields = attr.expect(core_der/* Tag */.vw.SEQUENCE, 'Attribute').children();
        if (fields.length !== 2)
            throw new core_error/* CoreError */.a('DER_INVALID', 'Attribute: expected type and values');
        const type = fields[0].toOid('Attribute type');
        const values = fields[1].expect(core_der/* Tag */.vw.SET, 'Attribute values').children();
        if (values.length === 0)
            throw new core_error/* CoreError */.a('DER_INVALID', `Attribute ${type}: no values`);
        return { type, values };
    }));
}
/**
 * The extensions a CSR asks for (its extensionRequest attribute), or none. The CA ignores
 * them when issuing; they matter to whoever signs a key-ceremony CSR.
 */
function requestedExtensions(csr) {
    const requests = attributeList(csr.attributes).filter((a) => a.type === OID_EXTENSION_REQUEST);
    if (requests.length === 0)
        return [];
    const [request] = requests;
    if (requests.length > 1 || request?.values.length !== 1) {
        throw csr_invalid('extensionRequest: expected one attribute with one value');
    }
    return step('extensionRequest', () => (0,x509/* parseExtensionList */.hO)(request.values[0]));
}
/**
 * Parses a PKCS#10 CSR from PEM text (or PEM bytes, labels CERTIFICATE REQUEST and NEW
 * CERTIFICATE REQUEST) or DER bytes. Strict: DER only, nothing after it, version 1 only,
 * every field well-formed. Throws CaError CSR_INVALID naming the part that is wrong. The
 * signature is not checked here: see verifyCsrSignature.
 */
function parseCsr(input) {
    const der = csrDer(input);
    if (der.length === 0)
        throw csr_invalid('empty input');
    const root = parseSequence(der, 'CertificationRequest');
    const [infoNode, algNode, sigNode, extra] = step('CertificationRequest', () => root.children());
    if (extra)
        throw csr_invalid('CertificationRequest: unexpected field after signature');
    expectNode(infoNode, core_der/* Tag */.vw.SEQUENCE, 'CertificationRequestInfo');
    const signatureAlgorithm = step('signatureAlgorithm', () => (0,x509/* algorithmOid */.On)(expectNode(algNode, core_der/* Tag */.vw.SEQUENCE, 'signatureAlgorithm'), 'AlgorithmIdentifier'));
    const signature = step('signature', () => (0,x509/* bitStringBytes */.cD)(expectNode(sigNode, core_der/* Tag */.vw.BIT_STRING, 'signature'), 'signature'));
    const [versionNode, subjectNode, spkiNode, attributesNode, more] = step('CertificationRequestInfo', () => infoNode.children());
    const version = step('version', () => expectNode(versionNode, core_der/* Tag */.vw.INTEGER, 'version').toBigInt('version'));
    if (version !== 0n)
        throw csr_invalid(`unsupported CSR version ${version + 1n} (only v1, encoded 0)`);
    checkName(expectNode(subjectNode, core_der/* Tag */.vw.SEQUENCE, 'subject'));
    checkSpki(expectNode(spkiNode, core_der/* Tag */.vw.SEQUENCE, 'subjectPKInfo'));
    // RFC 2986 makes attributes mandatory (an empty [0] when there are none).
    const attributes = expectNode(attributesNode, 0xa0, 'attributes');
    if (more)
        throw csr_invalid('CertificationRequestInfo: unexpected field after attributes');
    const csr = {
        der: root.raw,
        info: infoNode.raw,
        subject: subjectNode.raw,
        publicKey: spkiNode.raw,
        attributes: attributes.raw,
        signatureAlgorithm,
        signature,
    };
    // Fulcio (Go's x509.ParseCertificateRequest) refuses CSRs whose attributes or requested
    // extensions do not decode, so this does too.
    requestedExtensions(csr);
    return csr;
}
/** The CSR's public key, or undefined when node:crypto cannot import it. */
function importKey(spki) {
    try {
        return (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch {
        return undefined;
    }
}
/**
 * Whether the CSR's self-signature verifies with its own key: ECDSA with SHA-256/384/512,
 * RSA PKCS#1 v1.5 with SHA-256/384/512, and Ed25519. Anything else (RSA-PSS, a key that does
 * not match the algorithm, a key node:crypto cannot import) is false, never an exception.
 * Whether the key and algorithm are acceptable is the caller's policy, not checked here.
 */
function verifyCsrSignature(csr) {
    const key = importKey(csr.publicKey);
    return key !== undefined && (0,x509/* verifySignature */.Od)(csr.signatureAlgorithm, key, csr.info, csr.signature);
}
/**
 * Builds and signs a CSR; returns its DER. `sign` gets the CertificationRequestInfo DER and
 * returns the signature as X.509 wants it (DER for ECDSA), so a KMS key can sign. The result
 * is parsed and its signature checked before it is returned: a signer whose key is not
 * `publicKey` (a misconfigured KMS key) fails here, with CaError CA_CONFIG_INVALID, rather
 * than at the offline root ceremony.
 */
async function buildCsr(opts, sign) {
    const subject = Buffer.from(opts.subject);
    const publicKey = Buffer.from(opts.publicKey);
    checkName(parseSequence(subject, 'subject'));
    checkSpki(parseSequence(publicKey, 'subjectPKInfo'));
    const extensions = opts.extensions ?? [];
    if (new Set(extensions.map((e) => e.oid)).size !== extensions.length) {
        throw new TypeError('buildCsr: duplicate extension OIDs');
    }
    // At most one Attribute, so the SET OF needs no sorting; [0] is IMPLICIT, so the SET's own
    // tag is replaced rather than wrapped.
    const attributes = extensions.length === 0
        ? []
        : [(0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(OID_EXTENSION_REQUEST), (0,core_der/* setOf */.s4)((0,core_der/* sequence */.K2)(...extensions.map(x509/* encodeExtension */.q4))))];
    const info = (0,core_der/* sequence */.K2)((0,core_der/* integer */.nd)(0), subject, publicKey, (0,core_der/* contextTag */.qA)(0, Buffer.concat(attributes)));
    const algorithm = (0,x509/* signatureAlgorithmIdentifier */.jV)(opts.signatureAlgorithm);
    const der = (0,core_der/* sequence */.K2)(info, algorithm, (0,core_der/* bitString */.FY)(await sign(info)));
    if (!verifyCsrSignature(parseCsr(der))) {
        throw new error_CaError('CA_CONFIG_INVALID', `the CSR signature does not verify with its public key (a signer for another key, ` +
            `or an ECDSA signature that is not DER?)`);
    }
    return der;
}
//# sourceMappingURL=csr.js.map
// EXTERNAL MODULE: ./build/src/kms/signer.js + 1 modules
var signer = __nccwpck_require__(2312);
;// CONCATENATED MODULE: ./build/src/tsa/error.js

/** RFC 3161 PKIFailureInfo bit numbers (§2.4.2). */
const PkiFailureInfo = {
    badAlg: 0,
    badRequest: 2,
    badDataFormat: 5,
    timeNotAvailable: 14,
    unacceptedPolicy: 15,
    unacceptedExtension: 16,
    addInfoNotAvailable: 17,
    systemFailure: 25,
};
/**
 * What a rejection tells the requester for each request error. The mapping follows OpenSSL's
 * TSA (the reference most clients are tested against); anything else is the authority's own
 * fault and reported as systemFailure.
 */
const FAIL_INFO = {
    REQUEST_MALFORMED: PkiFailureInfo.badDataFormat,
    UNSUPPORTED_VERSION: PkiFailureInfo.badRequest,
    WEAK_HASH_ALGORITHM: PkiFailureInfo.badAlg,
    UNSUPPORTED_HASH_ALGORITHM: PkiFailureInfo.badAlg,
    DIGEST_LENGTH_MISMATCH: PkiFailureInfo.badDataFormat,
    UNACCEPTED_POLICY: PkiFailureInfo.unacceptedPolicy,
    UNACCEPTED_EXTENSION: PkiFailureInfo.unacceptedExtension,
};
/** Every error raised by the timestamp authority, its request/response codecs and verifier. */
class error_TsaError extends core_error/* SignetError */.T {
    /** The PKIFailureInfo bit a rejection response carries for this error. */
    get failInfo() {
        return FAIL_INFO[this.code] ?? PkiFailureInfo.systemFailure;
    }
    /** Whether the requester caused the error (HTTP 400) rather than the authority (500). */
    get isRequestError() {
        return FAIL_INFO[this.code] !== undefined;
    }
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/tsa/certificate.js



/** How a certificate is named in error messages. */
const describeCertificate = (cert) => `"${(0,x509/* describeName */.T_)(cert.subject)}" (serial ${cert.serialBytes.toString('hex')})`;
/**
 * Runs `fn`, reporting malformed certificate data (a CoreError from parsing a certificate or
 * one of its extensions) as a TsaError with `code`, so callers only ever see TsaErrors.
 */
function withCertificateErrors(code, what, fn) {
    try {
        return fn();
    }
    catch (error) {
        if (error instanceof core_error/* CoreError */.a) {
            throw new error_TsaError(code, `${what}: malformed certificate data: ${error.message}`, {
                cause: error,
            });
        }
        throw error;
    }
}
/** Parses certificate DER, reporting malformed input as a TsaError with the given code. */
const parseTsaCertificate = (der, what, code) => withCertificateErrors(code, what, () => (0,x509/* parseCertificate */.hB)(der));
/**
 * RFC 3161 §2.3 as sigstore/timestamp-authority enforces it: the TSA certificate is not a CA,
 * has exactly one extended key usage, id-kp-timeStamping, in a critical extension, and (when
 * KeyUsage is present) may make digital signatures.
 */
function checkTsaCertificateProfile(cert) {
    const fail = (why) => new error_TsaError('CERTIFICATE_PROFILE_INVALID', `TSA certificate ${describeCertificate(cert)} ${why}`);
    const eku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.extKeyUsage);
    if (!eku)
        throw fail('has no extended key usage (timeStamping required)');
    const purposes = (0,x509/* parseExtKeyUsage */.NM)(eku.value);
    if (purposes.length !== 1 || purposes[0] !== x509/* OID */.Vx.timeStamping) {
        throw fail(`must have exactly one extended key usage, timeStamping; has ${purposes.join(', ')}`);
    }
    if (!eku.critical)
        throw fail('has its extended key usage extension not marked critical');
    if ((0,x509/* isCa */.Jm)(cert))
        throw fail('is a CA certificate');
    const ku = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.keyUsage);
    if (ku && !(0,x509/* parseKeyUsage */.UG)(ku.value).has('digitalSignature')) {
        throw fail('has a key usage without digitalSignature');
    }
}
/** Throws CERTIFICATE_NOT_VALID unless `at` lies within the certificate's validity. */
function checkCertificateValidAt(cert, at, role) {
    if (!(0,x509/* isValidAt */.Ub)(cert, at)) {
        throw new error_TsaError('CERTIFICATE_NOT_VALID', `${role} ${describeCertificate(cert)} is not valid at ${at.toISOString()} ` +
            `(valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()})`);
    }
}
/**
 * Checks a TSA chain (TSA certificate first, trust anchor last): name chaining, signatures,
 * issuers being CAs allowed to sign certificates, path length limits and the timeStamping
 * EKU nesting Go enforces on CAs; with `at`, every certificate's validity at that time.
 * The last certificate is the anchor: its own signature is not checked.
 */
function verifyTsaChain(chain, at) {
    if (chain.length < 2) {
        throw new error_TsaError('CHAIN_INVALID', 'a TSA certificate chain needs the TSA certificate and at least the root that issued it');
    }
    for (let i = 0; i + 1 < chain.length; i++) {
        const cert = chain[i];
        const issuer = chain[i + 1];
        const fail = (why) => new error_TsaError('CHAIN_INVALID', `certificate ${describeCertificate(cert)}: ${why}`);
        if (!cert.issuer.equals(issuer.subject)) {
            throw fail(`issuer "${(0,x509/* describeName */.T_)(cert.issuer)}" is not the next certificate in the chain`);
        }
        if (!(0,x509/* verifyCertificateSignature */.XA)(cert, (0,x509/* certificatePublicKey */.Gm)(issuer))) {
            throw fail(`signature does not verify with the key of ${describeCertificate(issuer)}`);
        }
        const constraints = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.basicConstraints);
        const bc = constraints ? (0,x509/* parseBasicConstraints */._P)(constraints.value) : { ca: false };
        if (!bc.ca)
            throw fail(`issuer ${describeCertificate(issuer)} is not a CA`);
        // pathLen counts the intermediates below the issuer (chain[1..i]).
        if (bc.pathLen !== undefined && bc.pathLen < i) {
            throw fail(`chain exceeds the path length limit of ${describeCertificate(issuer)}`);
        }
        const ku = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.keyUsage);
        if (ku && !(0,x509/* parseKeyUsage */.UG)(ku.value).has('keyCertSign')) {
            throw fail(`issuer ${describeCertificate(issuer)} may not sign certificates`);
        }
        // Go's chain building (cosign, sigstore-go) requires every CA's EKU, if any, to allow it.
        const eku = (0,x509/* findExtension */.bW)(issuer, x509/* OID */.Vx.extKeyUsage);
        const purposes = eku ? (0,x509/* parseExtKeyUsage */.NM)(eku.value) : [x509/* OID */.Vx.anyExtendedKeyUsage];
        if (!purposes.includes(x509/* OID */.Vx.timeStamping) && !purposes.includes(x509/* OID */.Vx.anyExtendedKeyUsage)) {
            throw fail(`issuer ${describeCertificate(issuer)} has an EKU that excludes timeStamping`);
        }
    }
    if (at) {
        chain.forEach((cert, i) => checkCertificateValidAt(cert, at, i === 0 ? 'TSA certificate' : 'CA certificate'));
    }
}
/**
 * Issues a TSA signing certificate for development and `init`: KeyUsage digitalSignature and
 * EKU timeStamping, both critical, with key identifiers so chain builders find the issuer.
 */
function createTsaCertificate(opts) {
    const root = parseTsaCertificate(opts.rootCert, 'rootCert', 'CONFIG_INVALID');
    const { notBefore, notAfter } = opts.validity;
    // Certificate times have whole seconds; compare at that precision.
    const seconds = (d) => Math.floor(d.getTime() / 1000);
    if (seconds(notBefore) < seconds(root.notBefore) || seconds(notAfter) > seconds(root.notAfter)) {
        throw new error_TsaError('CONFIG_INVALID', `TSA certificate validity must lie within its issuer's (${root.notBefore.toISOString()} to ${root.notAfter.toISOString()})`);
    }
    if (!(0,x509/* publicKeyOf */.kc)(opts.rootKey).equals((0,x509/* certificatePublicKey */.Gm)(root))) {
        throw new error_TsaError('CONFIG_INVALID', 'rootKey does not match rootCert');
    }
    const publicKey = (0,x509/* spkiOf */.Bb)(opts.tsaPublicKey);
    const skid = (0,x509/* findExtension */.bW)(root, x509/* OID */.Vx.subjectKeyIdentifier);
    const rootKeyId = withCertificateErrors('CONFIG_INVALID', 'rootCert', () => skid ? (0,x509/* parseSubjectKeyIdentifier */.Av)(skid.value) : (0,x509/* keyIdentifier */.P_)(root.publicKey));
    const subject = (0,x509/* name */.UU)([
        ...(opts.subject.organization
            ? [{ short: 'O', value: opts.subject.organization }]
            : []),
        { short: 'CN', value: opts.subject.commonName },
    ]);
    return (0,x509/* buildCertificate */.KB)({
        serial: (0,x509/* randomSerial */.YG)(),
        issuer: root.subject,
        subject,
        notBefore,
        notAfter,
        publicKey,
        extensions: [
            { oid: x509/* OID */.Vx.keyUsage, critical: true, value: (0,x509/* keyUsage */.F$)(['digitalSignature']) },
            { oid: x509/* OID */.Vx.subjectKeyIdentifier, value: (0,x509/* subjectKeyIdentifier */.Fi)(publicKey) },
            { oid: x509/* OID */.Vx.authorityKeyIdentifier, value: (0,x509/* authorityKeyIdentifier */.Eo)(rootKeyId) },
            { oid: x509/* OID */.Vx.extKeyUsage, critical: true, value: (0,x509/* extKeyUsage */.cw)([x509/* OID */.Vx.timeStamping]) },
        ],
        signatureAlgorithm: (0,x509/* signatureAlgorithmFor */.Zi)(opts.rootKey),
    }, (0,x509/* signerFor */.k8)(opts.rootKey));
}
//# sourceMappingURL=certificate.js.map
;// CONCATENATED MODULE: ./build/server/ceremony.js











/**
 * What the root CA signs, and the key-ceremony path for a root that is offline from the start:
 * `root create` makes the root on the offline machine, `init --root-ca-cert` installs only its
 * certificate and writes CSRs for the issuing CA and the TSA, `root sign` signs them offline
 * with Signet's own profiles (requested extensions are ignored), and the signed files are placed
 * back in keys/. `init` at a data directory that still holds the root key does all of it at once.
 */
const ROOT_CA_VALIDITY_YEARS = 20;
const TSA_CERT_VALIDITY_YEARS = 10;
/** The issuing CA outlives many leaves but is rotated well within the root's life. */
const ISSUING_CA_VALIDITY_YEARS = 5;
const ROOT_CA_SUBJECT = { organization: 'Signet', commonName: 'Signet Root CA' };
const TSA_SUBJECT = { organization: 'Signet', commonName: 'Signet Timestamp Authority' };
const ROOT_PROFILES = ['issuing-ca', 'tsa'];
/** The file each profile's signed output is placed at, under keys/, and its CSR. */
const PROFILE_FILES = {
    'issuing-ca': { certificate: 'issuing-ca.crt.pem', csr: 'issuing-ca.csr.pem' },
    tsa: { certificate: 'tsa-chain.pem', csr: 'tsa.csr.pem' },
};
const addYears = (date, years) => {
    const out = new Date(date);
    out.setUTCFullYear(out.getUTCFullYear() + years);
    return out;
};
/** Writes a file that must not exist yet: key material is never replaced, even by a racing init. */
async function createExclusive(path, data, mode) {
    const handle = await promises_.open(path, external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_WRONLY, mode);
    try {
        await handle.write(data);
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
/** The root CA certificate (PEM) for a root key, valid for ROOT_CA_VALIDITY_YEARS from now. */
function rootCertificatePem(rootKey, now = new Date()) {
    return (0,core_pem/* toPem */.sg)('CERTIFICATE', (0,x509/* createSelfSignedCa */.rq)({
        privateKey: rootKey,
        subject: ROOT_CA_SUBJECT,
        notBefore: now,
        notAfter: addYears(now, ROOT_CA_VALIDITY_YEARS),
    }));
}
/**
 * Signs `publicKey` (SPKI DER) with `profile` and returns the PEM to place under keys/: the
 * issuing CA certificate, or the TSA certificate followed by the root (a TSA chain is leaf first).
 */
async function issueFromRoot(profile, rootCert, rootKey, publicKey, now = new Date()) {
    const root = (0,x509/* parseCertificate */.hB)(rootCert);
    const capped = (years) => {
        const end = addYears(now, years);
        return end < root.notAfter ? end : root.notAfter;
    };
    if (profile === 'issuing-ca') {
        const certificate = await createIssuingCaCertificate({
            rootCertificate: rootCert,
            rootSigner: (0,signer/* localSigner */.M)(rootKey, 'root CA key'),
            publicKey,
            notBefore: now,
            notAfter: capped(ISSUING_CA_VALIDITY_YEARS),
        });
        return (0,core_pem/* toPem */.sg)('CERTIFICATE', certificate);
    }
    const leaf = createTsaCertificate({
        rootKey,
        rootCert,
        tsaPublicKey: (0,external_node_crypto_.createPublicKey)({ key: publicKey, format: 'der', type: 'spki' }),
        subject: TSA_SUBJECT,
        validity: { notBefore: now, notAfter: capped(TSA_CERT_VALIDITY_YEARS) },
    });
    return (0,core_pem/* toPem */.sg)('CERTIFICATE', leaf) + (0,core_pem/* toPem */.sg)('CERTIFICATE', rootCert);
}
/** A CSR (PEM) for a key the root has yet to certify, signed by that key as proof of possession. */
async function csrPem(profile, signer) {
    const subject = profile === 'issuing-ca' ? ISSUING_CA_SUBJECT : TSA_SUBJECT;
    const der = await buildCsr({
        subject: (0,x509/* name */.UU)([
            { short: 'O', value: subject.organization },
            { short: 'CN', value: subject.commonName },
        ]),
        publicKey: signer.publicKey,
        signatureAlgorithm: (0,x509/* signatureAlgorithmFor */.Zi)((0,external_node_crypto_.createPublicKey)({ key: signer.publicKey, format: 'der', type: 'spki' })),
    }, (info) => signer.sign(info));
    return (0,core_pem/* toPem */.sg)('CERTIFICATE REQUEST', der);
}
async function readText(path, what) {
    return (await readBytes(path, what)).toString('utf8');
}
async function readBytes(path, what) {
    try {
        return await promises_.readFile(path);
    }
    catch (error) {
        throw new ServerError('CONFIG_INVALID', 500, `cannot read ${what} ${path}: ${error.code ?? error.message}`);
    }
}
/** `root create`: a root key and certificate in `dir`, for a machine that stays offline. */
async function createOfflineRoot(dir, generate) {
    await promises_.mkdir(dir, { recursive: true, mode: 0o700 });
    const keyPath = (0,external_node_path_.join)(dir, 'root-ca.key.pem');
    const certPath = (0,external_node_path_.join)(dir, 'root-ca.crt.pem');
    const keyPem = generate().export({ format: 'pem', type: 'pkcs8' });
    try {
        await createExclusive(keyPath, keyPem, 0o600);
    }
    catch (error) {
        if (error.code === 'EEXIST') {
            throw new ServerError('CONFIG_INVALID', 500, `${keyPath} already exists; a root is never replaced`);
        }
        throw error;
    }
    await createExclusive(certPath, rootCertificatePem((0,external_node_crypto_.createPrivateKey)(keyPem)), 0o644);
    return { keyPath, certPath };
}
/**
 * `root sign`: checks the CSR's self-signature (the requester holds the key) and issues the
 * profile's certificate for its key. Returns the PEM to place under keys/.
 */
async function signCsrWithRoot(options) {
    const rootKey = (0,external_node_crypto_.createPrivateKey)(await readText((0,external_node_path_.join)(options.rootDir, 'root-ca.key.pem'), 'root CA key'));
    const rootPem = await readText((0,external_node_path_.join)(options.rootDir, 'root-ca.crt.pem'), 'root CA certificate');
    const rootCert = (0,core_pem/* parsePem */.oW)(rootPem, 'CERTIFICATE')[0]?.der;
    if (!rootCert ||
        !(0,x509/* certificatePublicKey */.Gm)((0,x509/* parseCertificate */.hB)(rootCert)).equals((0,external_node_crypto_.createPublicKey)(rootKey))) {
        throw new ServerError('CONFIG_INVALID', 500, `${options.rootDir}: root-ca.crt.pem is not the certificate of root-ca.key.pem`);
    }
    // PEM or DER: parseCsr tells them apart by the bytes.
    const csr = parseCsr(await readBytes(options.csrPath, 'CSR'));
    if (!verifyCsrSignature(csr)) {
        throw new ServerError('CONFIG_INVALID', 500, `${options.csrPath}: the CSR's signature does not verify with its own key; it was altered or not made by the key it names`);
    }
    return issueFromRoot(options.profile, rootCert, rootKey, csr.publicKey);
}
//# sourceMappingURL=ceremony.js.map
;// CONCATENATED MODULE: ./build/src/bundle/trust.js

/**
 * trusted_root.json (v0.1) and signing_config.json (v0.2), generated from live key material so
 * that every entry is complete: no nulls, `validFor.start` always set, media types exactly as
 * sigstore-go, sigstore-js and sigstore-python require.
 */
const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const trust_window = (validity) => ({
    start: validity.start.toISOString(),
    ...(validity.end ? { end: validity.end.toISOString() } : {}),
});
/** The protobuf-specs key details name for a log key. */
function logKeyDetails(key) {
    if (key.asymmetricKeyType === 'ed25519')
        return 'PKIX_ED25519';
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1')
        return 'PKIX_ECDSA_P256_SHA_256';
    if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1')
        return 'PKIX_ECDSA_P384_SHA_384';
    throw new TypeError(`unsupported log key type ${key.asymmetricKeyType} ${curve ?? ''}`.trim());
}
function logEntry(log) {
    return {
        baseUrl: log.baseUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
            rawBytes: toBase64(log.publicKey.export({ format: 'der', type: 'spki' })),
            keyDetails: logKeyDetails(log.publicKey),
            validFor: trust_window(log.validFor),
        },
        logId: { keyId: toBase64(log.logId) },
    };
}
function authorityEntry(ca) {
    return {
        subject: ca.subject,
        uri: ca.uri,
        certChain: { certificates: ca.certChain.map((der) => ({ rawBytes: toBase64(der) })) },
        validFor: trust_window(ca.validFor),
    };
}
function buildTrustedRoot(input) {
    return {
        mediaType: TRUSTED_ROOT_MEDIA_TYPE,
        tlogs: input.tlogs.map(logEntry),
        certificateAuthorities: input.certificateAuthorities.map(authorityEntry),
        ctlogs: input.ctlogs.map(logEntry),
        timestampAuthorities: input.timestampAuthorities.map(authorityEntry),
    };
}
const endpoint = (service) => ({
    url: service.url,
    majorApiVersion: service.majorApiVersion,
    validFor: trust_window(service.validFor),
    operator: service.operator,
});
function buildSigningConfig(input) {
    return {
        mediaType: SIGNING_CONFIG_MEDIA_TYPE,
        caUrls: input.caUrls.map(endpoint),
        oidcUrls: input.oidcUrls.map(endpoint),
        rekorTlogUrls: input.rekorTlogUrls.map(endpoint),
        rekorTlogConfig: { selector: 'ANY' },
        tsaUrls: input.tsaUrls.map(endpoint),
        tsaConfig: { selector: 'ANY' },
    };
}
//# sourceMappingURL=trust.js.map
;// CONCATENATED MODULE: ./build/src/ct/error.js

/** Raised by the certificate-transparency module: SCTs, chain validation, the CT log and its client. */
class error_CtError extends core_error/* SignetError */.T {
}
//# sourceMappingURL=error.js.map
;// CONCATENATED MODULE: ./build/src/ct/sct.js






/**
 * RFC 6962 signed certificate timestamps: their TLS encoding, the structures a log signs and
 * stores, the embedded SCT-list extension, and verification as Sigstore clients do it.
 * Pure functions; no I/O.
 */
/** RFC 6962 §3.1: marks a precertificate; critical, value ASN.1 NULL. */
const CT_POISON_OID = '1.3.6.1.4.1.11129.2.4.3';
/** RFC 6962 §3.3: the SignedCertificateTimestampList embedded in the final certificate. */
const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
/** RFC 6962 §3.1: the EKU of a Precertificate Signing Certificate. */
const PRECERT_SIGNING_EKU = '1.3.6.1.4.1.11129.2.4.4';
/** The DER of ASN.1 NULL, the only poison extension value RFC 6962 allows. */
const CT_POISON_VALUE = Buffer.from([0x05, 0x00]);
/** TLS HashAlgorithm and SignatureAlgorithm codes (RFC 5246 §7.4.1.4.1). */
const SCT_HASH_SHA256 = 4;
const SCT_SIGNATURE_RSA = 1;
const SCT_SIGNATURE_ECDSA = 3;
const LOG_ID_SIZE = 32;
const ENTRY_TYPE = { x509: 0, precert: 1 };
const UINT64_LIMIT = 1n << 64n;
/** Hash and signature codes to the X.509 algorithm OID verifySignature understands. */
const SCT_ALGORITHMS = new Map([
    [`4/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha256],
    [`5/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha384],
    [`6/${SCT_SIGNATURE_ECDSA}`, x509/* OID */.Vx.ecdsaWithSha512],
    [`4/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha256WithRsa],
    [`5/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha384WithRsa],
    [`6/${SCT_SIGNATURE_RSA}`, x509/* OID */.Vx.sha512WithRsa],
]);
const sct_malformed = (message, cause) => new error_CtError('SCT_MALFORMED', message, cause === undefined ? undefined : { cause });
// ---------------------------------------------------------------- TLS encoding
function uint(value, bytes) {
    const out = Buffer.alloc(bytes);
    out.writeUIntBE(value, 0, bytes);
    return out;
}
function uint64(value, what) {
    if (typeof value !== 'bigint' || value < 0n || value >= UINT64_LIMIT) {
        throw sct_malformed(`${what} must be a bigint from 0 to 2^64-1`);
    }
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(value);
    return out;
}
/** A TLS `opaque<0..2^(8*lengthBytes)-1>`: length prefix, then the bytes. */
function opaque(data, lengthBytes, what, code = 'SCT_MALFORMED') {
    const max = 2 ** (8 * lengthBytes) - 1;
    if (data.length > max) {
        throw new error_CtError(code, `${what} is ${data.length} bytes; at most ${max} fit its length prefix`);
    }
    return Buffer.concat([uint(data.length, lengthBytes), data]);
}
const asBuffer = (data) => Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** A strict reader over TLS-encoded bytes; every shortfall names the structure and field. */
class TlsReader {
    data;
    what;
    offset = 0;
    constructor(data, what) {
        this.data = data;
        this.what = what;
    }
    get done() {
        return this.offset === this.data.length;
    }
    bytes(n, field) {
        const left = this.data.length - this.offset;
        if (n > left) {
            throw sct_malformed(`${this.what} is truncated in ${field}: needs ${n} bytes, ${left} left`);
        }
        const out = this.data.subarray(this.offset, this.offset + n);
        this.offset += n;
        return out;
    }
    uint(n, field) {
        return this.bytes(n, field).readUIntBE(0, n);
    }
    uint64(field) {
        return this.bytes(8, field).readBigUInt64BE();
    }
    opaque(lengthBytes, field) {
        return this.bytes(this.uint(lengthBytes, `${field} length`), field);
    }
    end() {
        if (!this.done) {
            throw sct_malformed(`${this.what} has ${this.data.length - this.offset} trailing bytes`);
        }
    }
}
// ---------------------------------------------------------------- SCTs
function requireSct(sct) {
    if (sct.version !== 0)
        throw sct_malformed(`SCT version ${String(sct.version)} is not v1 (0)`);
    if (!Buffer.isBuffer(sct.logId) || sct.logId.length !== LOG_ID_SIZE) {
        throw sct_malformed(`SCT log_id must be ${LOG_ID_SIZE} bytes`);
    }
    for (const [field, value] of [
        ['hash_algorithm', sct.hashAlgorithm],
        ['signature_algorithm', sct.signatureAlgorithm],
    ]) {
        if (!Number.isInteger(value) || value < 0 || value > 255) {
            throw sct_malformed(`SCT ${field} must be an integer from 0 to 255`);
        }
    }
}
/** The TLS DigitallySigned struct: hash and signature algorithm, then the signature. */
const digitallySigned = (sct) => Buffer.concat([
    uint(sct.hashAlgorithm, 1),
    uint(sct.signatureAlgorithm, 1),
    opaque(sct.signature, 2, 'SCT signature'),
]);
function readDigitallySigned(reader) {
    const hashAlgorithm = reader.uint(1, 'hash_algorithm');
    const signatureAlgorithm = reader.uint(1, 'signature_algorithm');
    const signature = Buffer.from(reader.opaque(2, 'signature'));
    if (signature.length === 0)
        throw sct_malformed('SCT signature is empty');
    return { hashAlgorithm, signatureAlgorithm, signature };
}
/** The RFC 6962 §3.2 TLS serialization of an SCT. */
function encodeSct(sct) {
    requireSct(sct);
    return Buffer.concat([
        uint(sct.version, 1),
        sct.logId,
        uint64(sct.timestamp, 'SCT timestamp'),
        opaque(sct.extensions, 2, 'SCT extensions'),
        digitallySigned(sct),
    ]);
}
/** Decodes one serialized SCT, refusing other versions, truncation and trailing bytes. */
function decodeSct(bytes) {
    const reader = new TlsReader(asBuffer(bytes), 'SCT');
    const version = reader.uint(1, 'sct_version');
    if (version !== 0)
        throw sct_malformed(`SCT version ${version} is not supported (only v1, 0)`);
    const logId = Buffer.from(reader.bytes(LOG_ID_SIZE, 'log_id'));
    const timestamp = reader.uint64('timestamp');
    const extensions = Buffer.from(reader.opaque(2, 'extensions'));
    const signed = readDigitallySigned(reader);
    reader.end();
    return { version, logId, timestamp, extensions, ...signed };
}
/**
 * The SCT-list extension's extnValue contents: a DER OCTET STRING around the TLS
 * SignedCertificateTimestampList (uint16 total length, then uint16-prefixed SCTs). The
 * certificate builder wraps this once more in the extnValue OCTET STRING: the double wrapping
 * verifiers expect.
 */
function sctListExtensionValue(scts) {
    if (scts.length === 0)
        throw sct_malformed('an SCT list needs at least one SCT');
    const list = Buffer.concat(scts.map((sct) => opaque(encodeSct(sct), 2, 'serialized SCT')));
    return (0,core_der/* octetString */.J8)(opaque(list, 2, 'SCT list'));
}
/** The SCTs in an SCT-list extnValue (as sctListExtensionValue writes it). */
function parseSctListExtensionValue(value) {
    let inner;
    try {
        inner = parseDer(value).expect(Tag.OCTET_STRING, 'SCT list extension').value;
    }
    catch (error) {
        if (!(error instanceof CoreError))
            throw error;
        throw sct_malformed(`SCT list extension is not a DER OCTET STRING: ${error.message}`, error);
    }
    const outer = new TlsReader(inner, 'SCT list');
    const list = new TlsReader(outer.opaque(2, 'sct_list'), 'SCT list');
    outer.end();
    const scts = [];
    while (!list.done) {
        const i = scts.length;
        const serialized = list.opaque(2, `SCT ${i}`);
        try {
            scts.push(decodeSct(serialized));
        }
        catch (error) {
            if (!(error instanceof CtError))
                throw error;
            throw sct_malformed(`SCT ${i} in the list: ${error.message}`, error);
        }
    }
    if (scts.length === 0)
        throw sct_malformed('SCT list is empty');
    return scts;
}
/** The SCTs embedded in a certificate; empty when it has no SCT-list extension. */
function embeddedScts(cert) {
    const ext = findExtension(cert, SCT_LIST_OID);
    return ext === undefined ? [] : parseSctListExtensionValue(ext.value);
}
// ---------------------------------------------------------------- what a log signs and stores
/**
 * The TBSCertificate re-encoded without extension `extOid`; the [3] wrapper goes too when that
 * was the only extension (as Go's x509 marshals an empty optional list). Removing the poison
 * from a precertificate and the SCT list from its final certificate gives the same bytes.
 */
function tbsWithoutExtension(tbs, extOid) {
    try {
        return removeExtension(tbs, extOid);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw new error_CtError('CERTIFICATE_INVALID', `TBSCertificate: ${error.message}`, { cause: error });
    }
}
function removeExtension(tbs, extOid) {
    const fields = (0,core_der/* parseDer */.zE)(tbs).expect(core_der/* Tag */.vw.SEQUENCE, 'TBSCertificate').children();
    const last = fields.at(-1);
    if (last?.tag !== 0xa3) {
        throw new error_CtError('CERTIFICATE_INVALID', `TBSCertificate has no extensions, so no extension ${extOid} to remove`);
    }
    const [list, extra] = last.children();
    if (!list || extra)
        throw new core_error/* CoreError */.a('DER_INVALID', 'extensions: expected one SEQUENCE');
    const extensions = list.expect(core_der/* Tag */.vw.SEQUENCE, 'extensions').children();
    const kept = extensions.filter((ext) => ext.expect(core_der/* Tag */.vw.SEQUENCE, 'Extension').children()[0]?.toOid('extnID') !== extOid);
    const removed = extensions.length - kept.length;
    if (removed !== 1) {
        throw new error_CtError('CERTIFICATE_INVALID', removed === 0
            ? `TBSCertificate has no extension ${extOid}`
            : `TBSCertificate has ${removed} extensions ${extOid}`);
    }
    const rest = fields.slice(0, -1).map((field) => field.raw);
    if (kept.length > 0)
        rest.push((0,core_der/* contextTag */.qA)(3, (0,core_der/* sequence */.K2)(...kept.map((ext) => ext.raw))));
    return (0,core_der/* sequence */.K2)(...rest);
}
/** issuer_key_hash: SHA-256 of the issuer's whole SubjectPublicKeyInfo DER. */
const issuerKeyHash = (issuer) => (0,external_node_crypto_.createHash)('sha256').update(issuer.publicKey).digest();
/** The precert_entry for a precertificate issued directly by `issuer` (no precert-signing cert). */
const precertEntry = (precert, issuer) => ({
    type: 'precert',
    issuerKeyHash: issuerKeyHash(issuer),
    tbs: tbsWithoutExtension(precert.tbs, CT_POISON_OID),
});
/** timestamp, entry_type, signed_entry, extensions: shared by the signed data and the leaf. */
function timestampedEntry({ timestamp, entry, extensions }) {
    let signedEntry;
    if (entry.type === 'precert') {
        if (entry.issuerKeyHash.length !== 32) {
            throw new error_CtError('CERTIFICATE_INVALID', 'issuer_key_hash must be 32 bytes');
        }
        const tbs = opaque(entry.tbs, 3, 'tbs_certificate', 'CERTIFICATE_INVALID');
        signedEntry = Buffer.concat([entry.issuerKeyHash, tbs]);
    }
    else {
        signedEntry = opaque(entry.certificate, 3, 'certificate', 'CERTIFICATE_INVALID');
    }
    return Buffer.concat([
        uint64(timestamp, 'timestamp'),
        uint(ENTRY_TYPE[entry.type], 2),
        signedEntry,
        opaque(extensions, 2, 'extensions'),
    ]);
}
/** sct_version v1 (0), signature_type certificate_timestamp (0). */
const SIGNED_DATA_HEADER = Buffer.from([0, 0]);
/** version v1 (0), leaf_type timestamped_entry (0). */
const LEAF_HEADER = Buffer.from([0, 0]);
/**
 * The digitally-signed input of an SCT (RFC 6962 §3.2). For v1 it happens to be byte-identical
 * to the MerkleTreeLeaf, but the two are built separately because they mean different things.
 */
const sctSignedData = (opts) => Buffer.concat([SIGNED_DATA_HEADER, timestampedEntry(opts)]);
/** §3.3 signed data for a precert_entry (entry_type 1); `tbs` already without the poison. */
const precertSignedData = (opts) => sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'precert', issuerKeyHash: opts.issuerKeyHash, tbs: opts.tbs },
    extensions: opts.extensions,
});
/** Signed data for an x509_entry (entry_type 0), as add-chain signs it. */
const x509SignedData = (opts) => sctSignedData({
    timestamp: opts.timestamp,
    entry: { type: 'x509', certificate: opts.certificate },
    extensions: opts.extensions,
});
/** The RFC 6962 §3.4 MerkleTreeLeaf: what the log stores; its leaf hash is SHA-256(0x00 ‖ leaf). */
const merkleTreeLeaf = (opts) => Buffer.concat([LEAF_HEADER, timestampedEntry(opts)]);
/** Whether `signedData` is signed data for exactly this timestamp and these extensions. */
function carries(signedData, timestamp, extensions) {
    const tail = extensions.length + 2;
    return (signedData.length >= 12 + tail &&
        signedData[0] === 0 &&
        signedData[1] === 0 &&
        signedData.readBigUInt64BE(2) === timestamp &&
        signedData.readUInt16BE(signedData.length - tail) === extensions.length &&
        signedData.subarray(signedData.length - extensions.length).equals(extensions));
}
// ---------------------------------------------------------------- signing and verification
/**
 * The RFC 6962 log ID: SHA-256 of the log's SubjectPublicKeyInfo DER (public or private key
 * given). Cached per key object, because a verifier checks every SCT against the same few trusted log keys,
 * and exporting a key to DER to hash it cost 14% of verifying a bundle with a new certificate.
 */
const logIds = new WeakMap();
function logIdOf(key) {
    let id = logIds.get(key);
    if (id === undefined) {
        id = (0,external_node_crypto_.createHash)('sha256').update((0,x509/* spkiOf */.Bb)(key)).digest();
        logIds.set(key, id);
    }
    return id;
}
/** Refuses anything but an ECDSA P-256 private key, the only log key Sigstore clients use. */
function requireP256PrivateKey(key) {
    if (key.type !== 'private' ||
        key.asymmetricKeyType !== 'ec' ||
        key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        const got = `${key.type} ${key.asymmetricKeyType ?? ''} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
        throw new error_CtError('CONFIG_INVALID', `a CT log key must be an ECDSA P-256 private key, got a ${got.trim()} key`);
    }
}
/** Signs `signedData` (built with the same timestamp and extensions) with an ECDSA P-256 log key. */
function signSct(opts) {
    requireP256PrivateKey(opts.logKey);
    if (!carries(opts.signedData, opts.timestamp, opts.extensions)) {
        throw new TypeError('signedData was not built with this timestamp and these extensions');
    }
    return {
        version: 0,
        logId: opts.logId ?? logIdOf(opts.logKey),
        timestamp: opts.timestamp,
        extensions: Buffer.from(opts.extensions),
        hashAlgorithm: SCT_HASH_SHA256,
        signatureAlgorithm: SCT_SIGNATURE_ECDSA,
        signature: (0,external_node_crypto_.sign)('sha256', opts.signedData, { key: opts.logKey, dsaEncoding: 'der' }),
    };
}
/**
 * Whether `sct` is the log's signature over `signedData`: the log ID must be the key's, the
 * signed data must carry the SCT's timestamp and extensions, and the signature must verify
 * (ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512). Never throws for a bad SCT.
 */
function verifySct(sct, logPublicKey, signedData) {
    const algorithm = SCT_ALGORITHMS.get(`${sct.hashAlgorithm}/${sct.signatureAlgorithm}`);
    return (sct.version === 0 &&
        algorithm !== undefined &&
        sct.logId.equals(logIdOf(logPublicKey)) &&
        carries(signedData, sct.timestamp, sct.extensions) &&
        (0,x509/* verifySignature */.Od)(algorithm, logPublicKey, signedData, sct.signature));
}
/**
 * What a Sigstore verifier does with an embedded SCT: remove the SCT list from the leaf's TBS,
 * hash the issuer's SPKI, rebuild the precert signed data and check the log's signature. Throws
 * CtError CERTIFICATE_INVALID if the leaf has no (or a malformed) SCT-list extension.
 */
function verifyEmbeddedSct(leaf, issuer, sct, logPublicKey) {
    const signedData = precertSignedData({
        timestamp: sct.timestamp,
        issuerKeyHash: issuerKeyHash(issuer),
        tbs: tbsWithoutExtension(leaf.tbs, SCT_LIST_OID),
        extensions: sct.extensions,
    });
    return verifySct(sct, logPublicKey, signedData);
}
/** The add-chain / add-pre-chain response body (standard base64). */
function addChainResponseJson(sct) {
    requireSct(sct);
    uint64(sct.timestamp, 'SCT timestamp');
    if (sct.timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw sct_malformed('SCT timestamp does not fit a JSON number exactly');
    }
    return {
        sct_version: 0,
        id: toBase64(sct.logId),
        timestamp: Number(sct.timestamp),
        extensions: toBase64(sct.extensions),
        signature: toBase64(digitallySigned(sct)),
    };
}
function base64Field(response, field) {
    const value = response[field];
    if (typeof value !== 'string')
        throw sct_malformed(`add-chain response ${field} must be a string`);
    try {
        return fromBase64(value, field);
    }
    catch (error) {
        throw sct_malformed(`add-chain response ${field} is not valid base64`, error);
    }
}
/** The SCT in an RFC 6962 add-chain / add-pre-chain response, checked field by field. */
function sctFromAddChainResponse(json) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw sct_malformed('add-chain response is not a JSON object');
    }
    const response = json;
    if (response.sct_version !== 0) {
        throw sct_malformed(`add-chain response sct_version is ${JSON.stringify(response.sct_version) ?? 'missing'}; only 0 (v1) is supported`);
    }
    const logId = base64Field(response, 'id');
    if (logId.length !== LOG_ID_SIZE) {
        throw sct_malformed(`add-chain response id is ${logId.length} bytes; expected ${LOG_ID_SIZE}`);
    }
    const timestamp = response.timestamp;
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw sct_malformed('add-chain response timestamp must be a non-negative integer (milliseconds)');
    }
    const extensions = base64Field(response, 'extensions');
    const reader = new TlsReader(base64Field(response, 'signature'), 'add-chain response signature');
    const signed = readDigitallySigned(reader);
    reader.end();
    return { version: 0, logId, timestamp: BigInt(timestamp), extensions, ...signed };
}
//# sourceMappingURL=sct.js.map
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __nccwpck_require__(4708);
;// CONCATENATED MODULE: ./build/src/oidc/fetch.js




/** Whole-request deadline (connect, headers and body), as jose's createRemoteJWKSet uses. */
const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
/** Discovery documents and JWKS are a few KiB; anything near this limit is not one. */
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/**
 * GETs a JSON document over node:http(s) (not global fetch, which cannot take a per-request CA).
 * Redirects are refused, not followed: go-oidc refuses them too, and a redirect to another host
 * would let that host choose the keys. Any content type is accepted as long as the body is JSON.
 */
async function fetchJson(url, options) {
    const fail = (cause, error) => new OidcError(options.errorCode, `cannot fetch the ${options.what} ${url}: ${cause}`, {
        cause: error,
    });
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch (error) {
        throw fail('not a valid URL', error);
    }
    const problem = fetchableUrlProblem(parsed);
    if (problem !== undefined)
        throw fail(problem);
    const body = await get(parsed, options, fail);
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw fail(`the response (${body.length} bytes) is not JSON`, error);
    }
}
function get(url, options, fail) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const request = url.protocol === 'https:' ? external_node_https_.request : external_node_http_.request;
    return new Promise((resolve, reject) => {
        let settled = false;
        let req;
        const finish = (error, body) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            if (error) {
                req?.destroy();
                reject(error);
            }
            else
                resolve(body);
        };
        // One deadline for the whole exchange: a server trickling bytes must not hold a verifier.
        const timer = setTimeout(() => finish(fail(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
        try {
            req = request(url, {
                method: 'GET',
                headers: { accept: 'application/json', 'user-agent': 'signet-oidc' },
                ...(options.ca !== undefined && { ca: options.ca }),
            });
        }
        catch (error) {
            // Synchronous failures are option errors, e.g. a CA bundle OpenSSL cannot read.
            finish(fail(error.message, error));
            return;
        }
        req.on('error', (error) => finish(fail(error.message, error)));
        req.on('response', (response) => {
            const refusal = responseProblem(response, maxBytes);
            if (refusal !== undefined) {
                response.resume();
                finish(fail(refusal));
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes)
                    finish(fail(`the response exceeds ${maxBytes} bytes`));
                else
                    chunks.push(chunk);
            });
            response.on('error', (error) => finish(fail(error.message, error)));
            response.on('end', () => finish(undefined, Buffer.concat(chunks)));
        });
        req.end();
    });
}
/** Why a response is refused from its status line and headers alone, if it is. */
function responseProblem(response, maxBytes) {
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
        const location = response.headers.location;
        const to = location === undefined ? 'a redirect without Location' : `a redirect to ${location}`;
        return `answered HTTP ${status}, ${to}; redirects are not followed: configure the final URL`;
    }
    if (status !== 200) {
        return `answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
    }
    const encoding = response.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
        return `answered with content-encoding ${encoding}, which was not asked for`;
    }
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
        return `the response is ${length} bytes, above the limit of ${maxBytes}`;
    }
    return undefined;
}
//# sourceMappingURL=fetch.js.map
;// CONCATENATED MODULE: ./build/src/oidc/discovery.js




/** Least time between two JWKS fetches caused by unknown key ids (jose's cooldownDuration). */
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
/** Age after which cached keys are refetched on next use (jose's cacheMaxAge). */
const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
/**
 * How long past max age cached keys stay usable while the issuer cannot be reached. go-oidc
 * (Fulcio) keeps keys until a kid misses, so this is stricter than Fulcio, yet an issuer outage
 * of a few minutes does not stop signing.
 */
const DEFAULT_STALE_IF_ERROR_MS = 60 * 60_000;
/** Keys imported from one JWKS; real issuers publish two or three. */
const MAX_JWKS_KEYS = 100;
/** The JWS algorithms whose keys the cache can select, with the key each needs. */
const EC_CURVES = {
    ES256: 'prime256v1',
    ES384: 'secp384r1',
    ES512: 'secp521r1',
};
const CURVE_NAMES = {
    prime256v1: 'P-256',
    secp384r1: 'P-384',
    secp521r1: 'P-521',
};
/** Smallest RSA modulus accepted for RSxxx and PSxxx (jose refuses smaller ones too). */
const MIN_RSA_BITS = 2048;
/** Why `key` cannot verify `alg`, or undefined when it can. */
function keyAlgorithmProblem(key, alg) {
    if (key.alg !== undefined && key.alg !== alg)
        return `the JWKS pins it to ${key.alg}`;
    const details = key.key.asymmetricKeyDetails;
    const type = key.key.asymmetricKeyType;
    if (/^(RS|PS)(256|384|512)$/.test(alg)) {
        if (type !== 'rsa')
            return `${alg} needs an RSA key`;
        const bits = details?.modulusLength ?? 0;
        return bits < MIN_RSA_BITS ? `${alg} needs at least ${MIN_RSA_BITS} bits` : undefined;
    }
    const curve = EC_CURVES[alg];
    if (curve !== undefined) {
        return type === 'ec' && details?.namedCurve === curve
            ? undefined
            : `${alg} needs an EC ${CURVE_NAMES[curve]} key`;
    }
    if (alg === 'EdDSA')
        return type === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key';
    return `${alg} is not an algorithm the key cache knows`;
}
/**
 * The signing keys of one issuer (one concrete `iss`): OpenID discovery, then the JWKS, cached
 * by `kid`. An unknown kid refetches the JWKS at most once per cooldown (an attacker can invent
 * kids at will); keys older than max age are refetched on next use; concurrent callers share one
 * fetch.
 */
class IssuerKeys {
    issuer;
    discoveryUrl;
    options;
    discovery;
    keySet;
    lastAttemptAt;
    lastError;
    inFlight;
    fetches = { discovery: 0, jwks: 0 };
    constructor(issuer, options = {}) {
        this.issuer = issuer;
        // OpenID Connect Discovery §4: remove a trailing "/" before appending the well-known path.
        this.discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
        this.options = {
            timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
            maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            cooldownMs: options.cooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS,
            maxAgeMs: options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS,
            staleIfErrorMs: options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS,
            now: options.now ?? Date.now,
            ...(options.ca !== undefined && { ca: options.ca }),
        };
    }
    /**
     * The key that verifies a token with header `alg` and `kid`. Without a kid, the JWKS must hold
     * exactly one key usable with `alg`.
     */
    async getKey(alg, kid) {
        await this.ensureFresh();
        let found = this.select(alg, kid);
        let refetchError = '';
        if (found.key === undefined && found.refetchMayHelp && this.cooledDown()) {
            try {
                await this.load(false);
            }
            catch (error) {
                refetchError = `; refetching the JWKS failed: ${error.message}`;
            }
            found = this.select(alg, kid);
        }
        if (found.key !== undefined)
            return found.key;
        throw new OidcError('KEY_UNKNOWN', `${found.problem}${refetchError}`);
    }
    /** Refetches discovery and JWKS now (operator tooling, start-up warm-up). */
    async refresh() {
        await this.load(true);
    }
    describe() {
        const iso = (ms) => ms === undefined ? undefined : new Date(ms).toISOString();
        const status = {
            issuer: this.issuer,
            discoveryUrl: this.discoveryUrl,
            keys: (this.keySet?.keys ?? []).map(({ kid, type, alg }) => ({
                ...(kid !== undefined && { kid }),
                type,
                ...(alg !== undefined && { alg }),
            })),
            skippedKeys: [...(this.keySet?.skipped ?? [])],
            fetches: { ...this.fetches },
        };
        if (this.discovery) {
            status.discoveryIssuer = this.discovery.issuer;
            status.jwksUri = this.discovery.jwksUri;
        }
        const fetchedAt = iso(this.keySet?.fetchedAt);
        if (fetchedAt !== undefined)
            status.fetchedAt = fetchedAt;
        const lastAttemptAt = iso(this.lastAttemptAt);
        if (lastAttemptAt !== undefined)
            status.lastAttemptAt = lastAttemptAt;
        if (this.lastError !== undefined)
            status.lastError = this.lastError;
        return status;
    }
    now() {
        return this.options.now();
    }
    cooledDown() {
        return (this.lastAttemptAt === undefined || this.now() - this.lastAttemptAt >= this.options.cooldownMs);
    }
    /** Loads keys when there are none or they are past max age; stale keys survive a failure. */
    async ensureFresh() {
        const set = this.keySet;
        if (set !== undefined && this.now() - set.fetchedAt < this.options.maxAgeMs)
            return;
        if (set !== undefined && !this.cooledDown())
            return this.staleOrThrow(set, undefined);
        try {
            await this.load(true);
        }
        catch (error) {
            if (set === undefined)
                throw error;
            this.staleOrThrow(set, error);
        }
    }
    staleOrThrow(set, error) {
        const limit = this.options.maxAgeMs + this.options.staleIfErrorMs;
        if (this.now() - set.fetchedAt < limit)
            return;
        if (error instanceof OidcError)
            throw error;
        throw new OidcError('JWKS_FAILED', `the keys of ${this.issuer} are ${Math.round((this.now() - set.fetchedAt) / 1000)} s old and could not be refreshed${this.lastError ? `: ${this.lastError}` : ''}`);
    }
    /** One fetch at a time; callers arriving meanwhile wait for it instead of starting another. */
    load(withDiscovery) {
        if (this.inFlight === undefined) {
            this.inFlight = this.fetchKeys(withDiscovery).finally(() => {
                this.inFlight = undefined;
            });
        }
        return this.inFlight;
    }
    async fetchKeys(withDiscovery) {
        this.lastAttemptAt = this.now();
        try {
            if (withDiscovery || this.discovery === undefined) {
                this.discovery = await this.fetchDiscovery();
            }
            const jwksUri = this.discovery.jwksUri;
            this.fetches.jwks++;
            const jwks = await fetchJson(jwksUri, this.fetchOptions('JWKS_FAILED', `JWKS of ${this.issuer}`));
            this.keySet = { ...importJwks(jwks, jwksUri), fetchedAt: this.now() };
            this.lastError = undefined;
        }
        catch (error) {
            this.lastError = error.message;
            throw error;
        }
    }
    async fetchDiscovery() {
        this.fetches.discovery++;
        const document = await fetchJson(this.discoveryUrl, this.fetchOptions('DISCOVERY_FAILED', 'OpenID discovery document'));
        const fail = (problem) => new OidcError('DISCOVERY_FAILED', `the discovery document ${this.discoveryUrl} ${problem}`);
        if (typeof document !== 'object' || document === null || Array.isArray(document)) {
            throw fail('is not a JSON object');
        }
        const { issuer, jwks_uri: jwksUri } = document;
        if (typeof issuer !== 'string')
            throw fail('has no "issuer" string');
        if (issuer !== this.issuer) {
            throw fail(`names the issuer ${quote(issuer)}, but tokens name ${quote(this.issuer)}; it ${describeDifference(issuer, this.issuer)}. They must be equal byte for byte (OpenID Connect Discovery §4.3): configure the issuer exactly as the provider spells it`);
        }
        if (typeof jwksUri !== 'string' || jwksUri === '')
            throw fail('has no "jwks_uri" string');
        return { issuer, jwksUri };
    }
    fetchOptions(errorCode, what) {
        return {
            errorCode,
            what,
            timeoutMs: this.options.timeoutMs,
            maxBytes: this.options.maxResponseBytes,
            ...(this.options.ca !== undefined && { ca: this.options.ca }),
        };
    }
    select(alg, kid) {
        const keys = this.keySet?.keys ?? [];
        const where = `the JWKS of ${this.issuer}`;
        if (kid !== undefined) {
            const named = keys.filter((k) => k.kid === kid);
            if (named.length === 0) {
                return {
                    problem: `no key ${quote(kid)} in ${where} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
                    refetchMayHelp: true,
                };
            }
            const usable = named.find((k) => keyAlgorithmProblem(k, alg) === undefined);
            if (usable !== undefined)
                return { key: usable.key, refetchMayHelp: false };
            const first = named[0];
            return {
                problem: `key ${quote(kid)} in ${where} is ${first.type} and cannot verify ${alg}: ${keyAlgorithmProblem(first, alg)}`,
                refetchMayHelp: false,
            };
        }
        const usable = keys.filter((k) => keyAlgorithmProblem(k, alg) === undefined);
        if (usable.length === 1)
            return { key: usable[0].key, refetchMayHelp: false };
        if (usable.length === 0) {
            return {
                problem: `the token has no kid and ${where} has no key usable with ${alg} (keys: ${this.keyList()}; ${this.fetchedAgo()})`,
                refetchMayHelp: true,
            };
        }
        return {
            problem: `the token has no kid and ${where} has ${usable.length} keys usable with ${alg} (${usable.map((k) => k.kid ?? 'no kid').join(', ')}); a kid is needed to choose`,
            refetchMayHelp: false,
        };
    }
    keyList() {
        const keys = this.keySet?.keys ?? [];
        if (keys.length === 0)
            return 'none';
        return keys.map((k) => k.kid ?? `(no kid, ${k.type})`).join(', ');
    }
    fetchedAgo() {
        const at = this.keySet?.fetchedAt;
        if (at === undefined)
            return 'never fetched';
        return `refetched ${Math.max(0, Math.round((this.now() - at) / 1000))} s ago`;
    }
}
/** Imports every signature key of a JWKS document; unusable entries are recorded, not fatal. */
function importJwks(document, url) {
    if (typeof document !== 'object' ||
        document === null ||
        !Array.isArray(document.keys)) {
        throw new OidcError('JWKS_FAILED', `the JWKS ${url} has no "keys" array`);
    }
    const entries = document.keys;
    const keys = [];
    const skipped = [];
    entries.slice(0, MAX_JWKS_KEYS).forEach((entry, index) => {
        const result = importJwk(entry);
        if (typeof result !== 'string') {
            keys.push(result);
            return;
        }
        const kid = entry?.kid;
        skipped.push(`key ${index}${typeof kid === 'string' ? ` (kid ${quote(kid)})` : ''}: ${result}`);
    });
    if (entries.length > MAX_JWKS_KEYS) {
        skipped.push(`${entries.length - MAX_JWKS_KEYS} keys beyond the first ${MAX_JWKS_KEYS} ignored`);
    }
    if (keys.length === 0) {
        const why = skipped.length === 0 ? 'it is empty' : skipped.join('; ');
        throw new OidcError('JWKS_FAILED', `the JWKS ${url} has no usable signature key: ${why}`);
    }
    return { keys, skipped };
}
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
/** A cached key, or why the entry was skipped. */
function importJwk(entry) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        return 'not an object';
    const jwk = entry;
    const kid = jwk.kid;
    if (kid !== undefined && typeof kid !== 'string')
        return 'its kid is not a string';
    if (jwk.use !== undefined && jwk.use !== 'sig')
        return `its use is ${JSON.stringify(jwk.use)}, not "sig"`;
    if (jwk.alg !== undefined && typeof jwk.alg !== 'string')
        return 'its alg is not a string';
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
        return `kty ${JSON.stringify(jwk.kty)} is not RSA, EC or OKP`;
    }
    // A provider publishing private members has leaked its key; trusting it would be pointless.
    if (PRIVATE_MEMBERS.some((member) => member in jwk))
        return 'it contains private key material';
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: jwk, format: 'jwk' });
    }
    catch (error) {
        return `it cannot be imported: ${error.message}`;
    }
    const type = describeKey(key);
    if (type === undefined)
        return `it is an ${key.asymmetricKeyType} key, not usable for JWS`;
    return {
        ...(typeof kid === 'string' && { kid }),
        ...(typeof jwk.alg === 'string' && { alg: jwk.alg }),
        key,
        type,
    };
}
function describeKey(key) {
    const details = key.asymmetricKeyDetails;
    switch (key.asymmetricKeyType) {
        case 'rsa':
            return `RSA ${details?.modulusLength ?? '?'}-bit`;
        case 'ec':
            return `EC ${CURVE_NAMES[details?.namedCurve ?? ''] ?? details?.namedCurve ?? '?'}`;
        case 'ed25519':
            return 'Ed25519';
        default:
            return undefined;
    }
}
//# sourceMappingURL=discovery.js.map
;// CONCATENATED MODULE: ./build/server/doctor.js

















/** Certificates closer than this to expiry are a warning: enough time to plan a rotation. */
const EXPIRY_WARNING_DAYS = 90;
const DAY_MS = 86_400_000;
/**
 * The data directory's key material, as instance.ts lays it out (its path helper is private to
 * it, and doctor must not go through initInstance).
 */
const FILES = {
    metadata: 'signet.json',
    rootCert: 'keys/root-ca.crt.pem',
    rootKey: 'keys/root-ca.key.pem',
    logKey: 'keys/log.key.pem',
    tsaKey: 'keys/tsa.key.pem',
    tsaChain: 'keys/tsa-chain.pem',
    issuingKey: 'keys/issuing-ca.key.pem',
    issuingCert: 'keys/issuing-ca.crt.pem',
    ctKey: 'keys/ct.key.pem',
};
const RANK = { ok: 0, warn: 1, fail: 2 };
/**
 * A check from its findings: the worst status, and as detail the problems if there are any (the
 * facts would bury them), else the facts; `all` keeps every finding, for facts that matter anyway.
 */
function verdict(name, findings, all = false) {
    const status = findings.reduce((worst, f) => (RANK[f.status] > RANK[worst] ? f.status : worst), 'ok');
    const shown = all || status === 'ok' ? findings : findings.filter((f) => f.status !== 'ok');
    return { name, status, detail: shown.map((f) => f.text).join('; ') };
}
const check = (name, status, detail) => ({
    name,
    status,
    detail,
});
const messageOf = (error) => error instanceof Error ? error.message : String(error);
/**
 * Runs every check. Never throws for what it finds, and never writes: the data directory is
 * only read, and the service only sees GETs.
 */
async function runDoctor(options) {
    const { config } = options;
    const now = options.now ?? new Date();
    const timeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    let identity;
    let configCheck;
    try {
        identity = identityConfigOf(config);
        configCheck = describeConfig(config, identity);
    }
    catch (error) {
        // loadConfig has validated it already; this only guards a config built by hand.
        configCheck = check('config', 'fail', messageOf(error));
    }
    const disk = {};
    const diskChecks = await inspectDataDir(config, disk, now);
    const publicUrl = (config.publicUrl ?? disk.metadata?.publicUrl)?.replace(/\/+$/, '');
    const serviceUrl = (options.url ?? publicUrl ?? `http://${config.listen}`).replace(/\/+$/, '');
    const issuers = [...(identity?.issuers ?? [])];
    if (config.devIssuer && publicUrl !== undefined) {
        // The development issuer lives in the service itself, under the instance's public URL.
        issuers.unshift({
            issuerUrl: `${publicUrl}${DEV_ISSUER_PATH}`,
            wildcard: false,
            provider: 'email',
            audience: DEV_AUDIENCE,
            challengeClaim: 'email',
            skipEmailVerification: false,
        });
    }
    const externalCt = externalCtOf(config);
    const ctKeyChecks = externalCt ? [await readExternalCtKey(externalCt)] : [];
    const published = { roles: config.roles, externalCt };
    const [issuerChecks, ctLogChecks, serviceChecks] = await Promise.all([
        Promise.all(issuers.map((issuer) => checkIssuer(issuer, timeoutMs))),
        externalCt ? checkExternalCtLog(externalCt, disk, timeoutMs) : [],
        checkService(serviceUrl, disk, published, now, timeoutMs),
    ]);
    return [
        configCheck,
        ...issuerChecks,
        ...diskChecks,
        ...ctKeyChecks,
        ...ctLogChecks,
        ...serviceChecks,
    ];
}
/** Exit status for `signet-server doctor`: warnings alone do not fail it. */
const doctorExitCode = (checks) => checks.some((c) => c.status === 'fail') ? 1 : 0;
/** One line per check ("ok   name: detail"), then a count. */
function formatDoctorReport(checks) {
    const lines = checks.map((c) => `${c.status.padEnd(4)} ${c.name}: ${c.detail}`);
    const count = (status) => checks.filter((c) => c.status === status).length;
    const warnings = count('warn');
    lines.push(`${count('fail')} failed, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${count('ok')} ok`);
    return `${lines.join('\n')}\n`;
}
// ---------------------------------------------------------------------------------------------
// Configuration and issuers
function describeConfig(config, identity) {
    const listed = configurationJson(identity).issuers.map((issuer) => {
        const url = 'issuerUrl' in issuer ? issuer.issuerUrl : `${issuer.wildcardIssuerUrl} (pattern)`;
        return `${url} ${issuer.issuerType}, audience ${issuer.audience}`;
    });
    const source = config.identity === undefined ? 'built-in defaults' : 'identity setting';
    const findings = [];
    if (config.devIssuer) {
        findings.push({
            status: 'warn',
            text: `the development OIDC issuer (${DEV_ISSUER_PATH}) is enabled: anyone on this machine gets a token; never run it in production`,
        });
    }
    findings.push({ status: 'ok', text: `issuers in effect (${source}): ${listed.join('; ')}` });
    const external = externalCtOf(config);
    findings.push({
        status: 'ok',
        text: `roles ${config.roles.join(', ')}${external ? `; precertificates go to the CT log at ${external.url}` : ''}`,
    });
    return verdict('config', findings, true);
}
/**
 * Fetches discovery and JWKS through IssuerKeys, the very code the CA uses, so that doctor's
 * verdict is the CA's: the byte-for-byte issuer comparison (with the difference named), https
 * rules, the issuer's CA bundle, redirects refused, and which JWKS keys are usable.
 */
async function checkIssuer(issuer, timeoutMs) {
    const name = `issuer ${issuer.issuerUrl}`;
    if (issuer.wildcard) {
        return check(name, 'ok', 'pattern, not checked live (each issuer it matches is fetched when its first token arrives)');
    }
    const keys = new IssuerKeys(issuer.issuerUrl, {
        timeoutMs,
        ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
    });
    try {
        await keys.refresh();
    }
    catch (error) {
        return check(name, 'fail', messageOf(error));
    }
    const status = keys.describe();
    const kids = status.keys.map((k) => k.kid ?? `no kid, ${k.type}`);
    const findings = [
        {
            status: 'ok',
            text: `discovery issuer matches, JWKS has ${kids.length} ${kids.length === 1 ? 'key' : 'keys'} (${kids.join(', ')})`,
        },
    ];
    if (status.skippedKeys.length > 0) {
        // Tokens signed with a skipped key will be refused; worth knowing before CI finds out.
        findings.push({
            status: 'warn',
            text: `JWKS ${status.jwksUri ?? ''} entries not usable: ${status.skippedKeys.join('; ')}`,
        });
    }
    return verdict(name, findings, true);
}
async function readDataFile(path) {
    try {
        const [text, stats] = await Promise.all([(0,promises_.readFile)(path, 'utf8'), (0,promises_.stat)(path)]);
        return { text, mode: stats.mode & 0o777 };
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { missing: true };
        return { error: messageOf(error) };
    }
}
const keyType = (key) => {
    try {
        return logKeyDetails(key);
    }
    catch {
        return key.asymmetricKeyType ?? 'unknown';
    }
};
async function inspectDataDir(config, disk, now) {
    const dir = config.dataDir;
    try {
        if (!(await (0,promises_.stat)(dir)).isDirectory()) {
            return [check('data dir', 'fail', `${dir} is not a directory`)];
        }
    }
    catch (error) {
        return [check('data dir', 'fail', `${dir}: ${messageOf(error)}`)];
    }
    const path = (file) => (0,external_node_path_.join)(dir, file);
    const checks = [await checkMetadata(dir, disk)];
    const readKey = async (file, what) => {
        const name = `key ${file}`;
        const read = await readDataFile(path(file));
        if ('missing' in read)
            return { check: check(name, 'fail', `missing: the ${what} key`) };
        if ('error' in read)
            return { check: check(name, 'fail', `cannot read it: ${read.error}`) };
        let key;
        try {
            key = (0,external_node_crypto_.createPrivateKey)(read.text);
        }
        catch (error) {
            return { check: check(name, 'fail', `not a readable private key: ${messageOf(error)}`) };
        }
        const mode = read.mode.toString(8).padStart(4, '0');
        if ((read.mode & 0o077) !== 0) {
            return {
                check: check(name, 'warn', `${keyType(key)} ${what} key, but mode ${mode} lets other users read it; chmod 600 ${path(file)}`),
                key,
            };
        }
        return { check: check(name, 'ok', `${keyType(key)} ${what} key, mode ${mode}`), key };
    };
    const log = await readKey(FILES.logKey, 'checkpoint signing');
    const tsa = await readKey(FILES.tsaKey, 'TSA signing');
    const ct = await readKey(FILES.ctKey, 'CT log');
    disk.logKey = log.key;
    disk.tsaKey = tsa.key;
    disk.ctKey = ct.key;
    checks.push(log.check, tsa.check, ct.check);
    let issuingKey;
    if (config.ca.issuingKey === 'file') {
        const issuing = await readKey(FILES.issuingKey, 'issuing CA');
        issuingKey = issuing.key;
        checks.push(issuing.check);
    }
    const rootKey = await readDataFile(path(FILES.rootKey));
    checks.push('missing' in rootKey
        ? check(`key ${FILES.rootKey}`, 'ok', 'not on disk (kept offline)')
        : check(`key ${FILES.rootKey}`, 'warn', `present: move ${FILES.rootKey} offline; the service needs only ${FILES.rootCert}, and init needs the key only to issue the TSA and issuing CA certificates`));
    const root = await readCertificates(path(FILES.rootCert));
    if ('error' in root)
        checks.push(check(`certificate ${FILES.rootCert}`, 'fail', root.error));
    else if (root.certs.length !== 1) {
        checks.push(check(`certificate ${FILES.rootCert}`, 'fail', `holds ${root.certs.length} certificates; expected exactly one`));
    }
    else {
        disk.rootCert = root.certs[0];
        checks.push(verdict(`certificate ${FILES.rootCert}`, [expiry(disk.rootCert, now)]));
    }
    checks.push(await checkIssuingCa(config, disk, issuingKey, now));
    checks.push(await checkTsaChain(dir, disk, now));
    return checks;
}
async function checkMetadata(dir, disk) {
    const name = FILES.metadata;
    const read = await readDataFile((0,external_node_path_.join)(dir, FILES.metadata));
    if ('missing' in read) {
        return check(name, 'fail', `missing: ${dir} is not an initialised data directory; run "signet-server init --data-dir ${dir}"`);
    }
    if ('error' in read)
        return check(name, 'fail', `cannot read it: ${read.error}`);
    let metadata;
    try {
        metadata = JSON.parse(read.text);
    }
    catch (error) {
        return check(name, 'fail', `not valid JSON: ${messageOf(error)}`);
    }
    if (metadata?.version !== 1 ||
        typeof metadata.publicUrl !== 'string' ||
        typeof metadata.logOrigin !== 'string') {
        return check(name, 'fail', 'not a Signet instance file (version 1)');
    }
    disk.metadata = metadata;
    const findings = [
        {
            status: 'ok',
            text: `public URL ${metadata.publicUrl}, log origin ${metadata.logOrigin}`,
        },
    ];
    for (const key of ['log', 'ct']) {
        // The service falls back to its start time, which moves validFor.start on every restart.
        if (typeof metadata.keys?.[key]?.createdAt !== 'string') {
            findings.push({
                status: 'warn',
                text: `no creation time for the ${key} key: the trust root's validFor.start would move with every restart`,
            });
        }
    }
    return verdict(name, findings);
}
async function readCertificates(path) {
    const read = await readDataFile(path);
    if ('missing' in read)
        return { error: 'missing' };
    if ('error' in read)
        return { error: `cannot read it: ${read.error}` };
    try {
        return {
            certs: (0,core_pem/* parsePem */.oW)(read.text, 'CERTIFICATE').map((block) => (0,x509/* parseCertificate */.hB)(block.der)),
        };
    }
    catch (error) {
        return { error: `not a readable certificate: ${messageOf(error)}` };
    }
}
const subjectOf = (cert) => {
    try {
        return (0,x509/* describeName */.T_)(cert.subject) || '(empty subject)';
    }
    catch {
        return '(unreadable subject)';
    }
};
/** Fails an expired or not yet valid certificate, warns within EXPIRY_WARNING_DAYS. */
function expiry(cert, now, label = subjectOf(cert)) {
    const until = cert.notAfter.toISOString();
    if (cert.notAfter.getTime() < now.getTime()) {
        return { status: 'fail', text: `${label} expired at ${until}` };
    }
    if (cert.notBefore.getTime() > now.getTime()) {
        return {
            status: 'fail',
            text: `${label} is not valid before ${cert.notBefore.toISOString()} (is the clock right?)`,
        };
    }
    const days = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
    if (days < EXPIRY_WARNING_DAYS) {
        return {
            status: 'warn',
            text: `${label} expires at ${until}, in ${days} days (under ${EXPIRY_WARNING_DAYS})`,
        };
    }
    return { status: 'ok', text: `${label} valid until ${until} (${days} days)` };
}
/**
 * The issuing CA certificate: expiry, and the same check the service makes at start (key,
 * root signature, CA:TRUE, EKU). A KMS key is not contacted: its certificate is checked against
 * the root with its own public key, and the reference reported.
 */
async function checkIssuingCa(config, disk, issuingKey, now) {
    const name = `certificate ${FILES.issuingCert}`;
    const read = await readCertificates((0,external_node_path_.join)(config.dataDir, FILES.issuingCert));
    if ('error' in read)
        return check(name, 'fail', read.error);
    const cert = read.certs[0];
    if (read.certs.length !== 1 || cert === undefined) {
        return check(name, 'fail', `holds ${read.certs.length} certificates; expected exactly one`);
    }
    disk.issuingCert = cert;
    const findings = [expiry(cert, now)];
    const fileKey = config.ca.issuingKey === 'file';
    if (disk.rootCert === undefined) {
        findings.push({
            status: 'fail',
            text: `not checked against the root: ${FILES.rootCert} unusable`,
        });
    }
    else if (fileKey && issuingKey === undefined) {
        findings.push({ status: 'fail', text: `not checked against ${FILES.issuingKey}: unusable` });
    }
    else {
        const publicKey = fileKey ? (0,x509/* spkiOf */.Bb)(issuingKey) : cert.publicKey;
        try {
            checkIssuingCaCertificate(cert.der, disk.rootCert.der, publicKey, now);
            findings.push({
                status: 'ok',
                text: fileKey
                    ? `certifies ${FILES.issuingKey}, signed by the root`
                    : `signed by the root; its key is ${config.ca.issuingKey} (not contacted)`,
            });
        }
        catch (error) {
            findings.push({ status: 'fail', text: messageOf(error) });
        }
    }
    return verdict(name, findings);
}
async function checkTsaChain(dir, disk, now) {
    const name = `certificate ${FILES.tsaChain}`;
    const read = await readCertificates((0,external_node_path_.join)(dir, FILES.tsaChain));
    if ('error' in read)
        return check(name, 'fail', read.error);
    const [leaf] = read.certs;
    if (read.certs.length < 2 || leaf === undefined) {
        return check(name, 'fail', 'must hold the TSA certificate followed by its CA chain');
    }
    disk.tsaChain = read.certs;
    const findings = read.certs.map((cert) => expiry(cert, now));
    if (disk.tsaKey !== undefined && !leaf.publicKey.equals((0,x509/* spkiOf */.Bb)(disk.tsaKey))) {
        findings.push({
            status: 'fail',
            text: `its first certificate (${subjectOf(leaf)}) is not for the key in ${FILES.tsaKey}`,
        });
    }
    return verdict(name, findings);
}
/**
 * GETs a document. Global fetch rather than the OIDC fetchJson: that one refuses plain http off
 * loopback, which is right for token keys but not for a service behind a private network's proxy.
 */
async function doctor_get(url, timeoutMs, accept) {
    try {
        const response = await fetch(url, {
            headers: { accept },
            signal: AbortSignal.timeout(timeoutMs),
        });
        return { status: response.status, text: await response.text() };
    }
    catch (error) {
        if (error.name === 'TimeoutError') {
            return { error: `cannot reach ${url}: no complete answer within ${timeoutMs} ms` };
        }
        // undici reports "fetch failed" and keeps the socket error (ECONNREFUSED, ...) as the cause.
        const cause = error.cause;
        return { error: `cannot reach ${url}: ${messageOf(cause ?? error)}` };
    }
}
/** A refusal, with the JSON error message Signet (and Rekor, Fulcio) send along if there is one. */
function refusal(url, status, body) {
    const message = body?.message;
    const why = typeof message === 'string' ? `: ${message}` : '';
    return `${url} answered HTTP ${status}${why}`;
}
async function getJson(url, timeoutMs) {
    const answer = await doctor_get(url, timeoutMs, 'application/json');
    if ('error' in answer)
        return answer;
    let json;
    try {
        json = JSON.parse(answer.text);
    }
    catch {
        return { error: `${url} answered HTTP ${answer.status} with a body that is not JSON` };
    }
    if (answer.status !== 200)
        return { error: refusal(url, answer.status, json) };
    return { json };
}
async function getText(url, timeoutMs) {
    const answer = await doctor_get(url, timeoutMs, 'text/plain');
    if ('error' in answer)
        return answer;
    if (answer.status !== 200) {
        let body;
        try {
            body = JSON.parse(answer.text);
        }
        catch {
            body = undefined;
        }
        return { error: refusal(url, answer.status, body) };
    }
    return { text: answer.text };
}
async function checkService(url, disk, published, now, timeoutMs) {
    const [health, root, signing] = await Promise.all([
        getJson(`${url}/healthz`, timeoutMs),
        getJson(`${url}/trusted_root.json`, timeoutMs),
        getJson(`${url}/signing_config.json`, timeoutMs),
    ]);
    const checks = [];
    if ('error' in health)
        checks.push(check('service /healthz', 'fail', health.error));
    else {
        const status = health.json?.status;
        checks.push(status === 'SERVING'
            ? check('service /healthz', 'ok', `${url} is SERVING`)
            : check('service /healthz', 'fail', `${url}/healthz answered ${JSON.stringify(health.json)}`));
    }
    if ('error' in root)
        checks.push(check('trusted root', 'fail', root.error));
    else
        checks.push(...checkTrustedRoot(root.json, disk, published, now));
    if ('error' in signing)
        checks.push(check('signing config', 'fail', signing.error));
    else
        checks.push(checkSigningConfig(signing.json, published.roles));
    return checks;
}
/** JSON paths of every null in a document: clients written against protobuf choke on them. */
function nullPaths(value, path) {
    if (value === null)
        return [path || '(the document)'];
    if (Array.isArray(value))
        return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
    if (typeof value === 'object') {
        return Object.entries(value).flatMap(([key, item]) => nullPaths(item, path ? `${path}.${key}` : key));
    }
    return [];
}
/** `value` at `keys`, or undefined where the shape does not hold. */
function at(value, ...keys) {
    let current = value;
    for (const key of keys) {
        if (typeof current !== 'object' || current === null)
            return undefined;
        current = current[key];
    }
    return current;
}
const isDate = (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
function bytesAt(value, what) {
    if (typeof value !== 'string')
        return `${what} is missing`;
    try {
        return fromBase64(value, what);
    }
    catch (error) {
        return messageOf(error);
    }
}
/** Checks shared by both documents: exact media type and no nulls. */
function documentFindings(json, mediaType) {
    const findings = [];
    const served = at(json, 'mediaType');
    if (served !== mediaType) {
        findings.push({
            status: 'fail',
            text: `mediaType is ${JSON.stringify(served)}, not ${JSON.stringify(mediaType)}`,
        });
    }
    const nulls = nullPaths(json, '');
    if (nulls.length > 0) {
        findings.push({
            status: 'fail',
            text: `null at ${nulls.slice(0, 5).join(', ')}${nulls.length > 5 ? ` and ${nulls.length - 5} more` : ''}`,
        });
    }
    return findings;
}
/**
 * A list the service leaves empty because the config does not run `role`: entries there mean the
 * service runs with other roles than the config doctor was given (or a stale copy is served).
 */
function notRunFinding(kind, count, role, roles) {
    if (count === 0) {
        return { status: 'ok', text: `${kind} is empty, as the config does not run the ${role} role` };
    }
    return {
        status: 'fail',
        text: `${kind} has ${count} ${count === 1 ? 'entry' : 'entries'}, but the config does not run the ${role} role (roles: ${roles.join(', ')}): is the service running with another config?`,
    };
}
function checkTrustedRoot(json, disk, published, now) {
    const entries = (key) => {
        const value = at(json, key);
        return Array.isArray(value) ? value : [];
    };
    const summary = ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities'].map((key) => `${entries(key).length} ${key}`);
    const document = documentFindings(json, TRUSTED_ROOT_MEDIA_TYPE);
    document.push({
        status: 'ok',
        text: `mediaType ${TRUSTED_ROOT_MEDIA_TYPE}, ${summary.join(', ')}`,
    });
    const { roles, externalCt } = published;
    const runs = (role) => roles.includes(role);
    /** The findings for `kind`, or that it is empty when `role` is not run. */
    const onlyWith = (role, kind, findings) => runs(role) ? findings() : [notRunFinding(kind, entries(kind).length, role, roles)];
    const origin = disk.metadata?.logOrigin;
    const logKey = disk.logKey && (0,external_node_crypto_.createPublicKey)(disk.logKey);
    const ctKey = disk.ctKey && (0,external_node_crypto_.createPublicKey)(disk.ctKey);
    const ctlogs = externalCt
        ? logFindings('ctlogs', entries('ctlogs'), {
            file: `ct.publicKey ${externalCt.keyPath}`,
            expected: externalCt.key && {
                spki: (0,x509/* spkiOf */.Bb)(externalCt.key),
                logId: logIdOf(externalCt.key),
            },
            baseUrl: externalCt.url,
            stale: `the running service was started with another CT log key; make ct.publicKey the key of the CT log at ${externalCt.url} (its trust root's ctlogs), then restart the service`,
        })
        : onlyWith('ct', 'ctlogs', () => logFindings('ctlogs', entries('ctlogs'), {
            file: FILES.ctKey,
            expected: ctKey && { spki: (0,x509/* spkiOf */.Bb)(ctKey), logId: logIdOf(ctKey) },
        }));
    return [
        verdict('trusted root', document),
        verdict('trusted root tlogs', onlyWith('tlog', 'tlogs', () => logFindings('tlogs', entries('tlogs'), {
            file: FILES.logKey,
            // The checkpoint key ID depends on the origin for Ed25519 keys.
            expected: logKey && origin !== undefined
                ? { spki: (0,x509/* spkiOf */.Bb)(logKey), logId: noteVerifier(origin, logKey).keyId }
                : undefined,
            origin,
        }))),
        verdict('trusted root ctlogs', ctlogs),
        verdict('trusted root certificateAuthorities', onlyWith('ca', 'certificateAuthorities', () => chainFindings('certificateAuthorities', entries('certificateAuthorities'), disk.issuingCert && disk.rootCert && [disk.issuingCert.der, disk.rootCert.der], `[${FILES.issuingCert}, ${FILES.rootCert}]`))),
        verdict('trusted root timestampAuthorities', onlyWith('tsa', 'timestampAuthorities', () => chainFindings('timestampAuthorities', entries('timestampAuthorities'), disk.tsaChain?.map((cert) => cert.der), FILES.tsaChain))),
        verdict('trusted root certificates', servedCertificateFindings(json, now, runs('ca') || runs('tsa'))),
    ];
}
function logFindings(kind, logs, local) {
    if (logs.length === 0)
        return [{ status: 'fail', text: `${kind} is missing or empty` }];
    const findings = [];
    logs.forEach((log, i) => {
        if (!isDate(at(log, 'publicKey', 'validFor', 'start'))) {
            findings.push({
                status: 'fail',
                text: `${kind}[${i}].publicKey.validFor.start is missing or not a time`,
            });
        }
    });
    const expected = local.expected;
    if (expected === undefined) {
        findings.push({
            status: 'warn',
            text: `not compared with ${local.file}, which could not be read (see above)`,
        });
        return findings;
    }
    const wanted = toBase64(expected.logId);
    const served = logs.map((log) => at(log, 'logId', 'keyId'));
    const index = served.findIndex((keyId) => {
        const bytes = bytesAt(keyId, 'logId.keyId');
        return typeof bytes !== 'string' && bytes.equals(expected.logId);
    });
    const entry = logs[index];
    if (entry === undefined) {
        findings.push({
            status: 'fail',
            text: `no entry has logId.keyId ${wanted} (the log ID of ${local.file}); served ${served.map((id) => JSON.stringify(id)).join(', ')}: ${local.stale ?? `the running service uses another key than ${local.file} on disk; restart it, or restore the key it was started with`}`,
        });
        return findings;
    }
    const raw = bytesAt(at(entry, 'publicKey', 'rawBytes'), `${kind}[${index}].publicKey.rawBytes`);
    if (typeof raw === 'string')
        findings.push({ status: 'fail', text: raw });
    else if (!raw.equals(expected.spki)) {
        findings.push({
            status: 'fail',
            text: `${kind}[${index}].publicKey.rawBytes is not the public key of ${local.file}, although logId.keyId is its log ID`,
        });
    }
    if (local.origin !== undefined) {
        const baseUrl = at(entry, 'baseUrl');
        let host;
        try {
            host = new URL(String(baseUrl)).hostname;
        }
        catch {
            host = undefined;
        }
        // Verifiers match the checkpoint origin to the log URL's host.
        if (host !== local.origin) {
            findings.push({
                status: 'fail',
                text: `${kind}[${index}].baseUrl ${JSON.stringify(baseUrl)} is not on the log origin ${local.origin}`,
            });
        }
    }
    if (local.baseUrl !== undefined && at(entry, 'baseUrl') !== local.baseUrl) {
        findings.push({
            status: 'fail',
            text: `${kind}[${index}].baseUrl is ${JSON.stringify(at(entry, 'baseUrl'))}, not ${JSON.stringify(local.baseUrl)}`,
        });
    }
    findings.push({
        status: 'ok',
        text: `${kind}[${index}] is ${local.file} (logId ${wanted}), valid from ${String(at(entry, 'publicKey', 'validFor', 'start'))}`,
    });
    return findings;
}
function chainOf(entry) {
    const certificates = at(entry, 'certChain', 'certificates');
    if (!Array.isArray(certificates))
        return [];
    return certificates.map((c, i) => bytesAt(at(c, 'rawBytes'), `certificate ${i}`));
}
function chainFindings(kind, authorities, expected, files) {
    if (authorities.length === 0)
        return [{ status: 'fail', text: `${kind} is missing or empty` }];
    const findings = [];
    authorities.forEach((authority, i) => {
        if (!isDate(at(authority, 'validFor', 'start'))) {
            findings.push({
                status: 'fail',
                text: `${kind}[${i}].validFor.start is missing or not a time`,
            });
        }
        if (chainOf(authority).length === 0) {
            findings.push({ status: 'fail', text: `${kind}[${i}].certChain.certificates is empty` });
        }
    });
    if (expected === undefined) {
        findings.push({
            status: 'warn',
            text: `not compared with ${files}, which could not be read (see above)`,
        });
        return findings;
    }
    const index = authorities.findIndex((authority) => {
        const chain = chainOf(authority);
        return (chain.length === expected.length &&
            chain.every((der, i) => typeof der !== 'string' && der.equals(expected[i])));
    });
    if (index === -1) {
        const served = authorities.map((a, i) => `${kind}[${i}] has ${chainOf(a).length} certificates`);
        findings.push({
            status: 'fail',
            text: `no entry's certChain is ${files} on disk (${served.join(', ')}): the running service uses other certificates; restart it, or restore the files it was started with`,
        });
    }
    else {
        findings.push({ status: 'ok', text: `${kind}[${index}] is ${files}` });
    }
    return findings;
}
/**
 * Expiry of every certificate served, each certificate once (the root appears twice); only an
 * instance running the ca or tsa role serves any.
 */
function servedCertificateFindings(json, now, expected) {
    const seen = new Set();
    const findings = [];
    for (const kind of ['certificateAuthorities', 'timestampAuthorities']) {
        const authorities = at(json, kind);
        if (!Array.isArray(authorities))
            continue;
        authorities.forEach((authority, i) => {
            chainOf(authority).forEach((der, j) => {
                const where = `${kind}[${i}] certificate ${j}`;
                if (typeof der === 'string') {
                    findings.push({ status: 'fail', text: `${where}: ${der}` });
                    return;
                }
                const key = der.toString('base64');
                if (seen.has(key))
                    return;
                seen.add(key);
                try {
                    const cert = (0,x509/* parseCertificate */.hB)(der);
                    findings.push(expiry(cert, now, `${where} (${subjectOf(cert)})`));
                }
                catch (error) {
                    findings.push({
                        status: 'fail',
                        text: `${where} is not a certificate: ${messageOf(error)}`,
                    });
                }
            });
        });
    }
    if (findings.length === 0) {
        return [
            expected
                ? { status: 'fail', text: 'no certificates are served' }
                : { status: 'ok', text: 'none served, as the config runs neither the ca nor the tsa role' },
        ];
    }
    return findings;
}
const SERVICE_ROLES = { caUrls: 'ca', rekorTlogUrls: 'tlog', tsaUrls: 'tsa' };
function checkSigningConfig(json, roles) {
    const findings = documentFindings(json, SIGNING_CONFIG_MEDIA_TYPE);
    const described = [];
    for (const [kind, role] of Object.entries(SERVICE_ROLES)) {
        const services = at(json, kind);
        if (!roles.includes(role)) {
            const finding = notRunFinding(kind, Array.isArray(services) ? services.length : 0, role, roles);
            if (finding.status === 'ok')
                described.push(`no ${kind} (no ${role} role)`);
            else
                findings.push(finding);
            continue;
        }
        if (!Array.isArray(services) || services.length === 0) {
            findings.push({ status: 'fail', text: `${kind} is missing or empty` });
            continue;
        }
        services.forEach((service, i) => {
            if (typeof at(service, 'url') !== 'string') {
                findings.push({ status: 'fail', text: `${kind}[${i}].url is missing` });
            }
            if (!isDate(at(service, 'validFor', 'start'))) {
                findings.push({
                    status: 'fail',
                    text: `${kind}[${i}].validFor.start is missing or not a time`,
                });
            }
        });
        described.push(`${kind} ${services.map((s) => String(at(s, 'url'))).join(', ')}`);
    }
    findings.push({
        status: 'ok',
        text: `mediaType ${SIGNING_CONFIG_MEDIA_TYPE}, ${described.join('; ')}`,
    });
    return verdict('signing config', findings);
}
// ---------------------------------------------------------------------------------------------
// The CT log run elsewhere, for a CA without the ct role
/** The external CT log, when the config has one in effect: the service uses it only then. */
function externalCtOf(config) {
    if (!config.roles.includes('ca') || config.roles.includes('ct'))
        return undefined;
    // validateRoles refuses this combination without both settings.
    return {
        url: config.ct.url.replace(/\/+$/, ''),
        keyPath: config.ct.publicKey,
    };
}
/** Reads ct.publicKey as the service does at start, and keeps the key in `external.key`. */
async function readExternalCtKey(external) {
    const name = 'ct.publicKey';
    let pem;
    try {
        pem = await readText(external.keyPath, 'CT log public key');
    }
    catch (error) {
        return check(name, 'fail', `${messageOf(error)}; the service cannot start without it`);
    }
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)(pem);
    }
    catch (error) {
        return check(name, 'fail', `${external.keyPath} is not a PEM public key: ${messageOf(error)}; the service cannot start with it`);
    }
    external.key = key;
    return check(name, 'ok', `${external.keyPath}: ${keyType(key)} key for the CT log at ${external.url}, log ID ${toBase64(logIdOf(key))}`);
}
/**
 * The external log live: it must accept chains to this instance's root, or every certificate
 * request fails with 503; its checkpoint, signed by ct.publicKey, tells the key is the log's.
 */
async function checkExternalCtLog(external, disk, timeoutMs) {
    const rootsUrl = `${external.url}/ct/v1/get-roots`;
    const checkpointUrl = `${external.url}/ct/checkpoint`;
    const [roots, checkpoint] = await Promise.all([
        getJson(rootsUrl, timeoutMs),
        getText(checkpointUrl, timeoutMs),
    ]);
    const findings = [];
    const certificates = 'error' in roots ? undefined : at(roots.json, 'certificates');
    if ('error' in roots)
        findings.push({ status: 'fail', text: roots.error });
    else if (!Array.isArray(certificates)) {
        findings.push({ status: 'fail', text: `${rootsUrl} answered without a certificates list` });
    }
    else if (disk.rootCert === undefined) {
        findings.push({
            status: 'warn',
            text: `${rootsUrl} not compared with ${FILES.rootCert}, which could not be read (see above)`,
        });
    }
    else {
        const root = disk.rootCert.der;
        const listed = certificates.some((c) => {
            const der = bytesAt(c, 'certificate');
            return typeof der !== 'string' && der.equals(root);
        });
        findings.push(listed
            ? {
                status: 'ok',
                text: `${rootsUrl} lists ${FILES.rootCert} among ${certificates.length} accepted roots`,
            }
            : {
                status: 'fail',
                text: `${rootsUrl} does not list ${FILES.rootCert} among its ${certificates.length} accepted roots: the log refuses this CA's precertificates, so every certificate request fails; add the root to the CT log's ct.acceptedRoots and restart it`,
            });
    }
    if ('error' in checkpoint) {
        findings.push({ status: 'warn', text: `checkpoint not read: ${checkpoint.error}` });
    }
    else
        findings.push(checkpointFinding(checkpoint.text, checkpointUrl, external));
    return [verdict(`CT log ${external.url}`, findings, true)];
}
function checkpointFinding(note, url, external) {
    let text;
    try {
        text = parseNote(note).text;
    }
    catch (error) {
        return { status: 'fail', text: `${url} is not a signed note: ${messageOf(error)}` };
    }
    if (external.key === undefined) {
        try {
            const { size } = parseCheckpointText(text);
            return { status: 'ok', text: `tree size ${size} (signature not checked: see ct.publicKey)` };
        }
        catch (error) {
            return { status: 'fail', text: `${url} is not a checkpoint: ${messageOf(error)}` };
        }
    }
    try {
        // The note is signed under the log's origin, its first line: the key is what is checked.
        const origin = text.slice(0, text.indexOf('\n'));
        const { size } = verifyCheckpoint(note, [noteVerifier(origin, external.key)]);
        return { status: 'ok', text: `tree size ${size}, checkpoint signed by ct.publicKey` };
    }
    catch (error) {
        return {
            status: 'fail',
            text: `${url} does not verify with ct.publicKey ${external.keyPath}: ${messageOf(error)}; SCTs from this log will not verify either`,
        };
    }
}
//# sourceMappingURL=doctor.js.map
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./build/server/storage/posix-log.js






class StorageError extends core_error/* SignetError */.T {
}
/** A journal segment is closed and a new one started once it grows past this many bytes. */
const JOURNAL_SEGMENT_BYTES = 16 * 1024 * 1024;
/** Lock files this process holds, so a second open in-process is refused too. */
const OPEN_IN_THIS_PROCESS = new Set();
const RECORD_MAGIC = 0x5349474e; // "SIGN"
const RECORD_HEADER = 4 + 8 + 4 + 4 + 4; // magic, firstIndex, count, payload length, crc32
const SEGMENT_NAME = /^(\d{16})\.wal$/;
/**
 * The embedded log storage: a directory with the tlog-tiles layout (`checkpoint`, `tile/...`)
 * that any static file server can serve, plus `journal/` segments of durably sequenced batches.
 *
 * Durability: a batch is appended to the journal and fdatasync'ed before integration; on publish
 * every object is written to a temporary file, fsynced and renamed, its directory fsynced, and
 * only then is the checkpoint replaced the same way. A crash at any point leaves either the old
 * checkpoint (and a journal that re-creates everything after it) or the new one with all its tiles.
 */
class PosixLogStorage {
    dir;
    journal;
    journalBytes = 0;
    lock;
    constructor(dir) {
        this.dir = dir;
    }
    get journalDir() {
        return (0,external_node_path_.join)(this.dir, 'journal');
    }
    async recover() {
        await promises_.mkdir(this.journalDir, { recursive: true });
        await this.acquireLock();
        const checkpoint = await this.read('checkpoint');
        const journal = [];
        const segments = await this.segments();
        for (const [i, segment] of segments.entries()) {
            const last = i === segments.length - 1;
            journal.push(...(await this.readSegment(segment, last)));
        }
        return { checkpoint: checkpoint?.toString('utf8'), journal };
    }
    /** One writer per directory: two writers appending to one journal would fork the log. */
    async acquireLock() {
        const path = (0,external_node_path_.join)(this.dir, '.lock');
        if (OPEN_IN_THIS_PROCESS.has(path)) {
            throw new StorageError('STORAGE_LOCKED', `log directory ${this.dir} is already open in this process`);
        }
        try {
            this.lock = await promises_.open(path, external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_WRONLY);
            await this.lock.write(`${process.pid}\n`);
            OPEN_IN_THIS_PROCESS.add(path);
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            // A lock naming our own pid is stale (a container restarts with the same pid); one naming
            // a live process is not.
            const pid = Number((await promises_.readFile(path, 'utf8')).trim());
            if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
                throw new StorageError('STORAGE_LOCKED', `log directory ${this.dir} is in use by process ${pid}; only one server may write a log`);
            }
            await promises_.rm(path, { force: true });
            return this.acquireLock();
        }
    }
    async segments() {
        const names = await promises_.readdir(this.journalDir);
        return names.filter((n) => SEGMENT_NAME.test(n)).sort();
    }
    /**
     * Reads the batches of one segment. A torn record at the end of the newest segment is a batch
     * whose fsync never completed, so no writer was told it was stored: it is cut off. Damage
     * anywhere else means the disk lost acknowledged data, and recovery refuses to guess.
     */
    async readSegment(name, newest) {
        const path = (0,external_node_path_.join)(this.journalDir, name);
        const data = await promises_.readFile(path);
        const batches = [];
        let offset = 0;
        while (offset < data.length) {
            const batch = decodeRecord(data, offset);
            if (batch === undefined) {
                if (!newest) {
                    throw new StorageError('STORAGE_CORRUPT', `journal segment ${path} is damaged at byte ${offset} and is not the newest segment`);
                }
                await promises_.truncate(path, offset);
                break;
            }
            batches.push(batch.batch);
            offset = batch.end;
        }
        return batches;
    }
    async sequence(batch) {
        if (this.journal === undefined || this.journalBytes >= JOURNAL_SEGMENT_BYTES) {
            await this.rotate(batch.firstIndex);
        }
        const record = encodeRecord(batch);
        const journal = this.journal;
        await journal.write(record);
        await journal.datasync();
        this.journalBytes += record.length;
    }
    async rotate(firstIndex) {
        await this.journal?.close();
        const name = `${String(firstIndex).padStart(16, '0')}.wal`;
        this.journal = await promises_.open((0,external_node_path_.join)(this.journalDir, name), 'a');
        this.journalBytes = (await this.journal.stat()).size;
        await fsyncDir(this.journalDir);
    }
    async publish(objects, checkpoint, size) {
        const dirs = new Set();
        await Promise.all([...objects].map(async ([path, data]) => {
            const target = (0,external_node_path_.join)(this.dir, path);
            for (let dir = (0,external_node_path_.dirname)(target); dir.length > this.dir.length; dir = (0,external_node_path_.dirname)(dir)) {
                dirs.add(dir);
            }
            await writeDurably(target, data);
        }));
        await Promise.all([...dirs].map(fsyncDir));
        await writeDurably((0,external_node_path_.join)(this.dir, 'checkpoint'), Buffer.from(checkpoint, 'utf8'));
        await fsyncDir(this.dir);
        await this.collect(objects, size);
    }
    /**
     * Housekeeping after a publish, none of it needed for correctness: partial tiles superseded by
     * a full tile, and journal segments that lie wholly below the published size.
     */
    async collect(objects, size) {
        for (const path of objects.keys()) {
            if (!path.includes('.p/')) {
                await promises_.rm((0,external_node_path_.join)(this.dir, `${path}.p`), { recursive: true, force: true });
            }
        }
        const segments = await this.segments();
        for (let i = 0; i + 1 < segments.length; i++) {
            const next = Number(SEGMENT_NAME.exec(segments[i + 1])?.[1]);
            if (next <= size) {
                await promises_.rm((0,external_node_path_.join)(this.journalDir, segments[i]), { force: true });
            }
        }
    }
    async read(path) {
        try {
            return await promises_.readFile((0,external_node_path_.join)(this.dir, path));
        }
        catch (error) {
            const code = error.code;
            if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
                return undefined;
            throw error;
        }
    }
    async close() {
        await this.journal?.close();
        this.journal = undefined;
        if (this.lock !== undefined) {
            await this.lock.close();
            this.lock = undefined;
            await promises_.rm((0,external_node_path_.join)(this.dir, '.lock'), { force: true });
            OPEN_IN_THIS_PROCESS.delete((0,external_node_path_.join)(this.dir, '.lock'));
        }
    }
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
const recordChecksum = (header, payload) => (0,external_node_zlib_.crc32)(payload, (0,external_node_zlib_.crc32)(header));
function encodeRecord(batch) {
    const payloadLength = batch.entries.reduce((n, e) => n + 4 + e.length, 0);
    const record = Buffer.alloc(RECORD_HEADER + payloadLength);
    record.writeUInt32BE(RECORD_MAGIC, 0);
    record.writeBigUInt64BE(BigInt(batch.firstIndex), 4);
    record.writeUInt32BE(batch.entries.length, 12);
    record.writeUInt32BE(payloadLength, 16);
    let offset = RECORD_HEADER;
    for (const entry of batch.entries) {
        record.writeUInt32BE(entry.length, offset);
        entry.copy(record, offset + 4);
        offset += 4 + entry.length;
    }
    record.writeUInt32BE(recordChecksum(record.subarray(0, 20), record.subarray(RECORD_HEADER)), 20);
    return record;
}
function decodeRecord(data, offset) {
    if (offset + RECORD_HEADER > data.length)
        return undefined;
    if (data.readUInt32BE(offset) !== RECORD_MAGIC)
        return undefined;
    const firstIndex = Number(data.readBigUInt64BE(offset + 4));
    const count = data.readUInt32BE(offset + 12);
    const payloadLength = data.readUInt32BE(offset + 16);
    const end = offset + RECORD_HEADER + payloadLength;
    if (end > data.length)
        return undefined;
    const header = data.subarray(offset, offset + 20);
    const payload = data.subarray(offset + RECORD_HEADER, end);
    if (recordChecksum(header, payload) !== data.readUInt32BE(offset + 20))
        return undefined;
    const entries = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
        if (at + 4 > payload.length)
            return undefined;
        const length = payload.readUInt32BE(at);
        if (at + 4 + length > payload.length)
            return undefined;
        entries.push(Buffer.from(payload.subarray(at + 4, at + 4 + length)));
        at += 4 + length;
    }
    if (at !== payload.length)
        return undefined;
    return { batch: { firstIndex, entries }, end };
}
/** The pid of a live process holding the log directory's lock, if any. */
async function lockHolder(dir) {
    let text;
    try {
        text = await promises_.readFile((0,external_node_path_.join)(dir, '.lock'), 'utf8');
    }
    catch {
        return undefined;
    }
    const pid = Number(text.trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}
/** Write to a temporary sibling, fsync, rename over the target: readers never see a torn file. */
async function writeDurably(target, data) {
    await promises_.mkdir((0,external_node_path_.dirname)(target), { recursive: true });
    const temp = `${target}.tmp-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const handle = await promises_.open(temp, 'w');
    try {
        await handle.write(data);
        await handle.sync();
    }
    finally {
        await handle.close();
    }
    await promises_.rename(temp, target);
}
/** fsync a directory, so the renames and creations in it survive a crash. */
async function fsyncDir(dir) {
    const handle = await promises_.open(dir, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
//# sourceMappingURL=posix-log.js.map
;// CONCATENATED MODULE: ./build/server/rotation.js







/**
 * Key rotation: an explicit operator step that retires the current key of one role and lets
 * `init` create its successor. A retired key never disappears from the trust root: it stays
 * there with an end date, so everything it signed before that date still verifies.
 *
 * Each retirement is a directory `keys/retired/<role>-<time>/` holding `retired.json`, the
 * public material the trust root keeps, and the retired private key file (to be destroyed or
 * archived by the operator; the service never uses it again). The directory is built under a
 * dot-name and renamed into place, then the live key files are moved into it; `finishRotations`
 * completes that move if a crash came between the two, so a rotation is never half done.
 */
const ROTATABLE_ROLES = ['issuing-ca', 'log', 'ct', 'tsa'];
/** The live files each role owns under keys/; they move into the retirement directory. */
const LIVE_FILES = {
    'issuing-ca': ['issuing-ca.crt.pem', 'issuing-ca.key.pem'],
    log: ['log.key.pem'],
    ct: ['ct.key.pem'],
    tsa: ['tsa-chain.pem', 'tsa.key.pem'],
};
const RETIRED_DIR = 'retired';
const RECORD = 'retired.json';
const keysDir = (dataDir) => (0,external_node_path_.join)(dataDir, 'keys');
const retiredDir = (dataDir) => (0,external_node_path_.join)(keysDir(dataDir), RETIRED_DIR);
async function exists(path) {
    return promises_.access(path).then(() => true, () => false);
}
async function readRecords(dataDir) {
    let names;
    try {
        names = await promises_.readdir(retiredDir(dataDir));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const out = [];
    // Dot-names are retirements a crash interrupted before they were complete: ignored.
    for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
        const dir = (0,external_node_path_.join)(retiredDir(dataDir), name);
        const path = (0,external_node_path_.join)(dir, RECORD);
        let record;
        try {
            record = JSON.parse(await promises_.readFile(path, 'utf8'));
        }
        catch (error) {
            throw new ServerError('DATA_DIR_INVALID', 500, `${path} is unreadable: ${error.message}`);
        }
        if (!ROTATABLE_ROLES.includes(record.role)) {
            throw new ServerError('DATA_DIR_INVALID', 500, `${path}: unknown role "${record.role}"`);
        }
        out.push({ dir, record });
    }
    return out;
}
/** Moves live files a crashed rotation left behind into their retirement directory. */
async function finishRotations(dataDir) {
    for (const { dir, record } of await readRecords(dataDir)) {
        if (record.complete)
            continue;
        for (const file of record.files) {
            const live = (0,external_node_path_.join)(keysDir(dataDir), file);
            if (await exists(live))
                await promises_.rename(live, (0,external_node_path_.join)(dir, file));
        }
        await fsyncDir(keysDir(dataDir));
        await fsyncDir(dir);
        await writeRecord(dir, { ...record, complete: true });
    }
}
const writeRecord = (dir, record) => writeDurably((0,external_node_path_.join)(dir, RECORD), Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
/** Every retired key, oldest first, for the trust root. */
async function loadRetiredKeys(dataDir) {
    const keys = [];
    for (const { dir, record } of await readRecords(dataDir)) {
        const pem = await promises_.readFile((0,external_node_path_.join)(dir, record.material), 'utf8');
        const window = { start: new Date(record.start), end: new Date(record.end) };
        if (record.role === 'issuing-ca') {
            keys.push({
                role: record.role,
                certificate: (0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE')[0]?.der,
                ...window,
            });
        }
        else if (record.role === 'tsa') {
            keys.push({
                role: record.role,
                chain: (0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE').map((b) => b.der),
                ...window,
            });
        }
        else {
            keys.push({ role: record.role, publicKey: (0,external_node_crypto_.createPublicKey)(pem), ...window });
        }
    }
    return keys;
}
/** Refuses to rotate under a running service, which holds the keys in memory. */
async function assertStopped(dataDir) {
    for (const log of ['log', 'ct']) {
        const pid = await lockHolder((0,external_node_path_.join)(dataDir, log));
        if (pid !== undefined) {
            throw new ServerError('CONFIG_INVALID', 500, `the service (process ${pid}) is running on ${dataDir}; stop it, rotate, then start it again`);
        }
    }
}
/**
 * Retires the current key of `role`. `start` is when the retired key began to sign (recorded
 * key creation, or its certificate's notBefore); the retirement time becomes its end date.
 */
async function retireKey(dataDir, role, createdAt, now = new Date()) {
    await assertStopped(dataDir);
    await finishRotations(dataDir);
    const keys = keysDir(dataDir);
    const present = [];
    for (const file of LIVE_FILES[role])
        if (await exists((0,external_node_path_.join)(keys, file)))
            present.push(file);
    const [materialFile, material, start] = await retiredMaterial(keys, role, createdAt, now);
    const name = `${role}-${now.toISOString().replace(/[:.]/g, '-')}`;
    const staging = (0,external_node_path_.join)(retiredDir(dataDir), `.${name}`);
    const target = (0,external_node_path_.join)(retiredDir(dataDir), name);
    await promises_.mkdir(staging, { recursive: true, mode: 0o700 });
    await writeDurably((0,external_node_path_.join)(staging, materialFile), Buffer.from(material));
    const record = {
        role,
        start: start.toISOString(),
        end: now.toISOString(),
        material: materialFile,
        // The material file may share a name with a live file (certificates); the live one is moved
        // over it, which is the same content.
        files: present,
        complete: false,
    };
    await writeRecord(staging, record);
    await promises_.rename(staging, target);
    await fsyncDir(retiredDir(dataDir));
    await finishRotations(dataDir);
    return { role, retiredTo: target, end: now };
}
async function retiredMaterial(keys, role, createdAt, now) {
    const read = async (file) => {
        try {
            return await promises_.readFile((0,external_node_path_.join)(keys, file), 'utf8');
        }
        catch (error) {
            throw new ServerError('DATA_DIR_INVALID', 500, `cannot rotate ${role}: ${(0,external_node_path_.join)(keys, file)} is not readable (${error.code ?? error.message}); run init first`);
        }
    };
    if (role === 'issuing-ca') {
        const pem = await read('issuing-ca.crt.pem');
        return ['issuing-ca.crt.pem', pem, certificateStart(pem)];
    }
    if (role === 'tsa') {
        const pem = await read('tsa-chain.pem');
        return ['tsa-chain.pem', pem, certificateStart(pem)];
    }
    const privatePem = await read(`${role}.key.pem`);
    const publicPem = (0,core_pem/* toPem */.sg)('PUBLIC KEY', (0,x509/* spkiOf */.Bb)((0,external_node_crypto_.createPublicKey)(privatePem)));
    const recorded = createdAt[role]?.createdAt;
    return [`${role}.pub.pem`, publicPem, recorded ? new Date(recorded) : now];
}
const certificateStart = (pem) => (0,x509/* parseCertificate */.hB)((0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE')[0]?.der).notBefore;
//# sourceMappingURL=rotation.js.map
;// CONCATENATED MODULE: ./build/server/instance.js












const METADATA = 'signet.json';
const keyFile = (dir, name) => (0,external_node_path_.join)(dir, 'keys', name);
async function readIfExists(path) {
    try {
        return await promises_.readFile(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
function generateKey(type) {
    if (type === 'ed25519')
        return (0,external_node_crypto_.generateKeyPairSync)('ed25519').privateKey;
    return (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: type === 'p256' ? 'P-256' : 'P-384' }).privateKey;
}
/**
 * Creates whatever the data directory lacks and loads the rest. Idempotent: existing key
 * material is never replaced, and a public URL whose hostname would change the log's
 * checkpoint origin is refused.
 */
async function initInstance(options) {
    const { dir, logger } = options;
    await promises_.mkdir((0,external_node_path_.join)(dir, 'keys'), { recursive: true, mode: 0o700 });
    await finishRotations(dir);
    const metadata = await loadMetadata(dir, options.publicUrl, logger);
    // validFor.start in the trust root comes from these times, so they are recorded with the key
    // and never move: a later start would invalidate everything signed before it.
    const created = async (name) => {
        metadata.keys[name] = { createdAt: new Date().toISOString() };
        await saveMetadata(dir, metadata);
        logger.info('created key material', { key: name, dir });
    };
    const recorded = async (name, path) => {
        if (metadata.keys[name] !== undefined)
            return;
        metadata.keys[name] = { createdAt: (await promises_.stat(path)).mtime.toISOString() };
        await saveMetadata(dir, metadata);
    };
    const rootKeyPath = keyFile(dir, 'root-ca.key.pem');
    const rootCertPath = keyFile(dir, 'root-ca.crt.pem');
    let rootKeyPem = await readIfExists(rootKeyPath);
    let rootCertPem = await readIfExists(rootCertPath);
    if (rootCertPem === undefined && options.rootCaCert !== undefined) {
        singleCert(options.rootCaCert, 'the given root CA certificate');
        rootCertPem = options.rootCaCert;
        await createExclusive(rootCertPath, rootCertPem, 0o644);
    }
    else if (rootCertPem === undefined) {
        if (rootKeyPem === undefined) {
            rootKeyPem = generateKey(options.keys.rootKeyType).export({
                format: 'pem',
                type: 'pkcs8',
            });
            await createExclusive(rootKeyPath, rootKeyPem, 0o600);
            await created('root-ca');
        }
        rootCertPem = rootCertificatePem((0,external_node_crypto_.createPrivateKey)(rootKeyPem));
        await createExclusive(rootCertPath, rootCertPem, 0o644);
    }
    else if (options.rootCaCert !== undefined &&
        !singleCert(options.rootCaCert, 'the given root CA certificate').equals(singleCert(rootCertPem, rootCertPath))) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${rootCertPath} already holds a different root CA certificate; a root is never replaced`);
    }
    const rootCert = singleCert(rootCertPem, rootCertPath);
    const rootKey = rootKeyPem === undefined ? undefined : (0,external_node_crypto_.createPrivateKey)(rootKeyPem);
    // Certificates the root signs: issued now while its key is here, else requested by CSR.
    const pending = [];
    const rootSigned = async (profile, signer) => {
        const path = keyFile(dir, PROFILE_FILES[profile].certificate);
        const existing = await readIfExists(path);
        if (existing !== undefined)
            return existing;
        if (rootKey !== undefined) {
            const pem = await issueFromRoot(profile, rootCert, rootKey, signer.publicKey);
            await createExclusive(path, pem, 0o644);
            return pem;
        }
        await writeDurably(keyFile(dir, PROFILE_FILES[profile].csr), Buffer.from(await csrPem(profile, signer)));
        pending.push(profile);
        return undefined;
    };
    const logKeyPath = keyFile(dir, 'log.key.pem');
    const logKey = await loadOrCreateKey(logKeyPath, options.keys.logKeyType, () => created('log'));
    await recorded('log', logKeyPath);
    const tsaKeyPath = keyFile(dir, 'tsa.key.pem');
    const tsaKey = await loadOrCreateKey(tsaKeyPath, options.keys.tsaKeyType, () => created('tsa'));
    await recorded('tsa', tsaKeyPath);
    const ctKeyPath = keyFile(dir, 'ct.key.pem');
    const ctKey = await loadOrCreateKey(ctKeyPath, 'p256', () => created('ct'));
    await recorded('ct', ctKeyPath);
    const chainPem = await rootSigned('tsa', (0,signer/* localSigner */.M)(tsaKey, `file:${tsaKeyPath}`));
    const issuingSigner = await loadIssuingSigner(options, async (ref) => {
        metadata.keys['issuing-ca'] = { createdAt: new Date().toISOString(), ref };
        await saveMetadata(dir, metadata);
        logger.info('created key material', { key: 'issuing-ca', ref });
    });
    const issuingPem = await rootSigned('issuing-ca', issuingSigner);
    if (chainPem === undefined || issuingPem === undefined) {
        throw new ServerError('CEREMONY_PENDING', 500, ceremonyMessage(dir, pending));
    }
    const chainPath = keyFile(dir, PROFILE_FILES.tsa.certificate);
    const tsaChain = (0,core_pem/* parsePem */.oW)(chainPem, 'CERTIFICATE').map((block) => block.der);
    const tsaLeaf = tsaChain[0] && (0,x509/* parseCertificate */.hB)(tsaChain[0]);
    if (tsaChain.length < 2 || !tsaLeaf) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${chainPath} must hold the TSA certificate followed by its CA chain`);
    }
    // A chain for another key would make every timestamp unverifiable, silently.
    if (!tsaLeaf.publicKey.equals((0,x509/* spkiOf */.Bb)(tsaKey))) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${chainPath}: the TSA certificate is not for the key in ${tsaKeyPath}`);
    }
    let issuingCertificate;
    const issuingPath = keyFile(dir, PROFILE_FILES['issuing-ca'].certificate);
    try {
        issuingCertificate = singleCert(issuingPem, issuingPath);
        checkIssuingCaCertificate(issuingCertificate, rootCert, issuingSigner.publicKey, new Date());
    }
    catch (error) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${issuingPath}: ${error.message}`, {
            cause: error,
        });
    }
    const issuingCa = { certificate: issuingCertificate, signer: issuingSigner };
    await saveMetadata(dir, metadata);
    const retired = await loadRetiredKeys(dir);
    return { dir, metadata, logKey, tsaKey, tsaChain, rootCert, issuingCa, ctKey, retired };
}
/** The issuing CA's key: a file here (created if new), or AWS KMS. */
async function loadIssuingSigner(options, onCreate) {
    const keyRef = options.ca.issuingKey;
    if (keyRef !== 'file')
        return (0,signer/* openSigner */.Hs)(keyRef);
    const keyPath = keyFile(options.dir, 'issuing-ca.key.pem');
    const key = await loadOrCreateKey(keyPath, options.ca.issuingKeyType, () => onCreate(`file:${keyPath}`));
    return (0,signer/* localSigner */.M)(key, `file:${keyPath}`);
}
/** What an operator with an offline root does next, with the exact commands. */
function ceremonyMessage(dir, pending) {
    const steps = pending.map((profile) => {
        const { csr, certificate } = PROFILE_FILES[profile];
        return `  signet-server root sign --root-dir ROOT --profile ${profile} --csr ${csr} --out ${certificate}`;
    });
    return [
        `the root CA key is not in ${(0,external_node_path_.join)(dir, 'keys')}, so the root must sign ${pending.join(' and ')} offline.`,
        `Copy ${pending.map((p) => (0,external_node_path_.join)(dir, 'keys', PROFILE_FILES[p].csr)).join(' and ')} to the machine holding the root (ROOT below), run:`,
        ...steps,
        `then copy the output${pending.length > 1 ? 's' : ''} into ${(0,external_node_path_.join)(dir, 'keys')}/ and run init again.`,
    ].join('\n');
}
function singleCert(pem, path) {
    const blocks = (0,core_pem/* parsePem */.oW)(pem, 'CERTIFICATE');
    if (blocks.length !== 1 || blocks[0] === undefined) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${path} must hold exactly one certificate`);
    }
    return blocks[0].der;
}
async function loadOrCreateKey(path, type, onCreate) {
    const existing = await readIfExists(path);
    if (existing !== undefined) {
        try {
            return (0,external_node_crypto_.createPrivateKey)(existing);
        }
        catch (error) {
            throw new ServerError('DATA_DIR_INVALID', 500, `${path} is not a readable private key: ${error.message}`);
        }
    }
    const pem = generateKey(type).export({ format: 'pem', type: 'pkcs8' });
    await createExclusive(path, pem, 0o600);
    await onCreate();
    // Re-imported rather than the generated object: on Node 20, reading details of a key straight
    // from generateKeyPair can deadlock against the collection of its generation job.
    return (0,external_node_crypto_.createPrivateKey)(pem);
}
async function loadMetadata(dir, publicUrl, logger) {
    const path = (0,external_node_path_.join)(dir, METADATA);
    const text = await readIfExists(path);
    if (text === undefined) {
        const url = publicUrlOf(publicUrl ?? 'http://127.0.0.1:8080');
        return {
            version: 1,
            publicUrl: url.href.replace(/\/$/, ''),
            logOrigin: url.hostname,
            keys: {},
        };
    }
    let metadata;
    try {
        metadata = JSON.parse(text);
    }
    catch (error) {
        throw new ServerError('DATA_DIR_INVALID', 500, `${path} is not valid JSON: ${error.message}`);
    }
    if (metadata.version !== 1 ||
        typeof metadata.logOrigin !== 'string' ||
        typeof metadata.publicUrl !== 'string') {
        throw new ServerError('DATA_DIR_INVALID', 500, `${path} is not a Signet instance file (version 1)`);
    }
    if (publicUrl !== undefined) {
        const url = publicUrlOf(publicUrl);
        if (url.hostname !== metadata.logOrigin) {
            throw new ServerError('DATA_DIR_INVALID', 500, `public URL ${publicUrl} has hostname "${url.hostname}", but this instance's log origin is "${metadata.logOrigin}" and cannot change (verifiers match the checkpoint origin to the trust root's log URL); use a URL on ${metadata.logOrigin}`);
        }
        const normalised = url.href.replace(/\/$/, '');
        if (normalised !== metadata.publicUrl) {
            logger.info('public URL changed', { from: metadata.publicUrl, to: normalised });
            metadata.publicUrl = normalised;
        }
    }
    return metadata;
}
async function saveMetadata(dir, metadata) {
    await writeDurably((0,external_node_path_.join)(dir, METADATA), Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`));
}
//# sourceMappingURL=instance.js.map
;// CONCATENATED MODULE: ./build/server/logger.js
/** Structured logs: one JSON object per line on stderr, so any log shipper can parse them. */
const logger_RANK = { debug: 10, info: 20, warn: 30, error: 40 };
function createLogger(level, write = (l) => process.stderr.write(l)) {
    const emit = (at, msg, fields) => {
        if (logger_RANK[at] < logger_RANK[level])
            return;
        write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields })}\n`);
    };
    return {
        debug: (msg, fields) => emit('debug', msg, fields),
        info: (msg, fields) => emit('info', msg, fields),
        warn: (msg, fields) => emit('warn', msg, fields),
        error: (msg, fields) => emit('error', msg, fields),
    };
}
//# sourceMappingURL=logger.js.map
;// CONCATENATED MODULE: ./build/src/ca/extensions.js



/**
 * The identity a code-signing certificate carries: its subject alternative name plus the
 * Sigstore (Fulcio) extensions under 1.3.6.1.4.1.57264.1 and Signet's private ones. One table
 * drives both writing (the CA) and reading (verifiers and tests), so the two cannot drift.
 */
const SUBJECT_ALT_NAME_OID = '2.5.29.17';
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
// GeneralName CHOICE tags (implicit, primitive): rfc822Name [1], uniformResourceIdentifier [6].
const GENERAL_NAME_TAG = { email: 0x81, uri: 0x86 };
/**
 * The SAN extnValue. IA5String only holds ASCII, so a SAN with other characters is refused
 * rather than mangled.
 */
function subjectAltName(san) {
    if (!/^[\x20-\x7e]+$/.test(san.value)) {
        throw new error_CaError('IDENTITY_INVALID', `subject alternative name ${JSON.stringify(san.value)} must be printable ASCII`);
    }
    return (0,core_der/* sequence */.K2)((0,core_der/* tlv */.t)(GENERAL_NAME_TAG[san.type], Buffer.from(san.value, 'latin1')));
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
        const { oid, encoding } = IDENTITY_EXTENSIONS[field];
        out.push({
            oid,
            value: encoding === 'raw' ? Buffer.from(value, 'utf8') : (0,core_der/* utf8String */.tv)(value),
        });
    }
    return out;
}
function decodeValue(value, field) {
    const { encoding, label, oid } = IDENTITY_EXTENSIONS[field];
    if (encoding === 'raw')
        return value.toString('utf8');
    const node = parseDer(value);
    if (node.tag !== Tag.UTF8_STRING) {
        throw new CaError('IDENTITY_INVALID', `extension ${label} (${oid}) must be a DER UTF8String, found tag 0x${node.tag.toString(16)}`);
    }
    return node.value.toString('utf8');
}
function parseGeneralNames(value) {
    return parseDer(value)
        .expect(Tag.SEQUENCE, 'SubjectAltName')
        .children()
        .flatMap((name) => {
        if (name.tag === GENERAL_NAME_TAG.uri)
            return [{ type: 'uri', value: name.value.toString() }];
        if (name.tag === GENERAL_NAME_TAG.email)
            return [{ type: 'email', value: name.value.toString() }];
        return [];
    });
}
/** Reads the identity back out of a certificate; the SAN must be a single URI or email. */
function readIdentity(cert) {
    const sanExt = findExtension(cert, SUBJECT_ALT_NAME_OID);
    if (!sanExt)
        throw new CaError('IDENTITY_INVALID', 'certificate has no subject alternative name');
    const names = parseGeneralNames(sanExt.value);
    if (names.length !== 1 || names[0] === undefined) {
        throw new CaError('IDENTITY_INVALID', `certificate must name exactly one URI or email identity, found ${names.length}`);
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
;// CONCATENATED MODULE: ./build/src/ca/authority.js





/** Fulcio's leaf lifetime: long enough to sign and log, short enough that revocation is moot. */
const LEAF_VALIDITY_MS = 10 * 60 * 1000;
const SIGNATURE_ALGORITHM = {
    'ecdsa-p256-sha256': 'ecdsa-sha256',
    'ecdsa-p384-sha384': 'ecdsa-sha384',
};
/**
 * Issues Fulcio-profile code-signing certificates from a precomputed template: the constant
 * extensions and the issuer name are encoded once, and each issuance only splices in the
 * serial, validity, key and identity, then signs precertificate and final certificate.
 */
class CertificateAuthority {
    options;
    chain;
    issuerName;
    fixedExtensions;
    authorityKeyId;
    /** SHA-256 of the issuing CA's SPKI: the precert_entry's issuer_key_hash. */
    issuerKeyHash;
    algorithm;
    validityMs;
    now;
    constructor(options) {
        this.options = options;
        const ca = (0,x509/* parseCertificate */.hB)(options.certificate);
        if (!ca.publicKey.equals(options.signer.publicKey)) {
            throw new error_CaError('CA_CONFIG_INVALID', `the issuing CA certificate's public key is not the key of ${options.signer.ref}`);
        }
        this.chain = [options.certificate, ...options.chainToRoot];
        this.issuerName = ca.subject;
        this.issuerKeyHash = issuerKeyHash(ca);
        this.algorithm = SIGNATURE_ALGORITHM[options.signer.algorithm];
        this.validityMs = options.validityMs ?? LEAF_VALIDITY_MS;
        this.now = options.now ?? (() => new Date());
        this.fixedExtensions = [
            { oid: x509/* OID */.Vx.keyUsage, critical: true, value: (0,x509/* keyUsage */.F$)(['digitalSignature']) },
            { oid: x509/* OID */.Vx.extKeyUsage, value: (0,x509/* extKeyUsage */.cw)([x509/* OID */.Vx.codeSigning]) },
        ];
        this.authorityKeyId = {
            oid: x509/* OID */.Vx.authorityKeyIdentifier,
            value: (0,x509/* authorityKeyIdentifier */.Eo)((0,x509/* keyIdentifier */.P_)(ca.publicKey)),
        };
    }
    /**
     * A certificate for `publicKey` (SPKI DER) naming `identity`. With a CT log, the
     * precertificate is logged first and the final certificate embeds its SCT; if the log fails,
     * nothing is issued.
     */
    async issue(identity, publicKey) {
        const notBefore = this.now();
        // X.509 times have whole seconds; truncating keeps notAfter exactly validityMs after.
        notBefore.setUTCMilliseconds(0);
        const template = {
            serial: (0,x509/* randomSerial */.YG)(),
            issuer: this.issuerName,
            subject: EMPTY_NAME,
            notBefore,
            notAfter: new Date(notBefore.getTime() + this.validityMs),
            publicKey,
            signatureAlgorithm: this.algorithm,
        };
        const extensions = [
            ...this.fixedExtensions,
            { oid: x509/* OID */.Vx.subjectKeyIdentifier, value: (0,x509/* subjectKeyIdentifier */.Fi)(publicKey) },
            this.authorityKeyId,
            ...identityExtensions(identity),
        ];
        const { ct } = this.options;
        if (!ct) {
            const certificate = await this.sign({ ...template, extensions });
            return { certificate, chain: [certificate, ...this.chain], serial: template.serial };
        }
        let sct;
        try {
            if (ct.addPrecertEntry) {
                // A log in this process takes the precert_entry itself: the TBS without the poison is
                // the same template with the same extensions, so no precertificate needs signing.
                sct = await ct.addPrecertEntry({
                    type: 'precert',
                    issuerKeyHash: this.issuerKeyHash,
                    tbs: (0,x509/* buildTbs */.I2)({ ...template, extensions }),
                });
            }
            else {
                const precert = await this.sign({
                    ...template,
                    extensions: [...extensions, { oid: CT_POISON_OID, critical: true, value: (0,core_der/* nullValue */.Pv)() }],
                });
                sct = await ct.addPreChain([precert, ...this.chain]);
            }
        }
        catch (error) {
            if (error instanceof error_CaError)
                throw error;
            throw new error_CaError('CT_FAILED', `the certificate-transparency log did not accept the precertificate: ${error.message}`, { cause: error });
        }
        const certificate = await this.sign({
            ...template,
            extensions: [...extensions, { oid: SCT_LIST_OID, value: sctListExtensionValue([sct]) }],
        });
        return { certificate, chain: [certificate, ...this.chain], serial: template.serial, sct };
    }
    async sign(opts) {
        const tbs = (0,x509/* buildTbs */.I2)(opts);
        let signature;
        try {
            signature = await this.options.signer.sign(tbs);
        }
        catch (error) {
            throw new error_CaError('CA_UNAVAILABLE', `the issuing CA key ${this.options.signer.ref} could not sign: ${error.message}`, { cause: error });
        }
        return (0,x509/* assembleCertificate */.A3)(tbs, this.algorithm, signature);
    }
}
/** Fulcio leaves have an empty subject; the identity is in the (critical) SAN. */
const EMPTY_NAME = Buffer.from([0x30, 0x00]);
//# sourceMappingURL=authority.js.map
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_verify.js





function snapshotJws(jws, sharedPayload) {
  const encodedProtectedHeader = jws.protected, inputHeader = jws.header, header = isObject(inputHeader) ? { ...inputHeader } : inputHeader;
  let payload = sharedPayload ? sharedPayload[0] : jws.payload;
  !sharedPayload && payload instanceof Uint8Array && (payload = new Uint8Array(payload));
  const signature = jws.signature, snapshot = { payload, signature };
  if (encodedProtectedHeader !== void 0 && (snapshot.protected = encodedProtectedHeader), inputHeader !== void 0 && (snapshot.header = header), encodedProtectedHeader === void 0 && header === void 0)
    throw new JWSInvalid('Flattened JWS must have either of the "protected" or "header" members');
  if (encodedProtectedHeader !== void 0 && typeof encodedProtectedHeader != "string")
    throw new JWSInvalid("JWS Protected Header incorrect type");
  if (payload === void 0)
    throw new JWSInvalid("JWS Payload missing");
  if (typeof signature != "string")
    throw new JWSInvalid("JWS Signature missing or incorrect type");
  if (header !== void 0 && !isObject(header))
    throw new JWSInvalid("JWS Unprotected Header incorrect type");
  return snapshot;
}
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, errors_JWSInvalid, "JWS Protected Header is invalid");
}
function encodeJsonUnencodedPayload(payload) {
  const invalid = /[\p{Cs}\p{Cn}]/u.exec(payload)?.[0];
  if (invalid !== void 0)
    throw new JWSInvalid(/\p{Cs}/u.test(invalid) ? "JWS Payload must be a well-formed Unicode string" : "JWS Payload must not contain unassigned Unicode code points");
  return encoder.encode(payload);
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new errors_JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new errors_JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(errors_JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new errors_JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new errors_JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new errors_JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = !1;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = !0);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", errors_JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", errors_JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = !1;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", errors_JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new errors_JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new errors_JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jws/compact/verify.js

async function compactVerify(jws, key, options) {
  const [result] = await verifyCompact(jws, prepareVerify(options), key);
  return result;
}


;// CONCATENATED MODULE: ./build/src/oidc/jwt.js

/**
 * Largest token accepted, in characters. Real CI tokens are 1-3 KiB (GitLab's optional
 * `groups_direct` can add a few more); Node refuses request headers above 16 KiB anyway, so a
 * larger token could only arrive in a request body, and is refused before it is decoded.
 */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const jwt_malformed = (message) => new OidcError('TOKEN_MALFORMED', message);
/**
 * Splits and decodes a compact JWS without verifying it: the verifier needs the unverified `iss`
 * to find the issuer and its keys. Strict, so that what is later verified is exactly what was
 * decoded here. Messages name the part that is wrong and never quote the token.
 */
function decodeJwt(token) {
    if (typeof token !== 'string')
        throw jwt_malformed(`token must be a string, got ${typeName(token)}`);
    if (token.length === 0)
        throw jwt_malformed('token is empty');
    if (token.length > MAX_TOKEN_LENGTH) {
        throw jwt_malformed(`token is ${token.length} characters long, above the limit of ${MAX_TOKEN_LENGTH}`);
    }
    const parts = token.split('.');
    if (parts.length !== 3)
        throw jwt_malformed(partCountMessage(parts.length));
    const [headerText, payloadText, signatureText] = parts;
    const header = decodeJsonPart(headerText, 'header');
    const payload = decodeJsonPart(payloadText, 'payload');
    const signature = decodeBase64Url(signatureText, 'signature');
    return {
        header: checkHeader(header),
        payload: checkPayload(payload),
        signingInput: `${headerText}.${payloadText}`,
        signature,
    };
}
function partCountMessage(count) {
    const base = `token has ${count} part${count === 1 ? '' : 's'} separated by "."; a signed JWT has 3 (header.payload.signature)`;
    // Five parts is the compact JWE form: an encrypted token, which no CI issuer sends to a CA.
    return count === 5 ? `${base}; this looks like an encrypted JWT (JWE)` : base;
}
function decodeBase64Url(text, part) {
    if (!BASE64URL.test(text)) {
        const at = text.search(/[^A-Za-z0-9_-]/);
        const char = text.charCodeAt(at);
        const shown = char === 0x3d ? '"=" (padding is not allowed)' : `character code ${char}`;
        throw jwt_malformed(`token ${part} is not base64url: ${shown} at offset ${at} of the ${part}`);
    }
    // A length of 4n+1 cannot come from any byte string; Node would silently drop the last char.
    if (text.length % 4 === 1) {
        throw jwt_malformed(`token ${part} is not base64url: its length ${text.length} is impossible`);
    }
    return Buffer.from(text, 'base64url');
}
function decodeJsonPart(text, part) {
    if (text.length === 0)
        throw jwt_malformed(`token ${part} is empty`);
    const bytes = decodeBase64Url(text, part);
    let json;
    try {
        json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw jwt_malformed(`token ${part} is not UTF-8`);
    }
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        // V8's own message quotes the input; the token's content stays out of messages.
        throw jwt_malformed(`token ${part} is not JSON (${bytes.length} bytes after base64url decoding)`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw jwt_malformed(`token ${part} must be a JSON object, got ${typeName(value)}`);
    }
    return value;
}
function checkHeader(header) {
    if (!('alg' in header))
        throw jwt_malformed('token header has no "alg"');
    if (typeof header.alg !== 'string' || header.alg === '') {
        throw jwt_malformed(`token header "alg" must be a non-empty string, got ${typeName(header.alg)}`);
    }
    if ('kid' in header && typeof header.kid !== 'string') {
        throw jwt_malformed(`token header "kid" must be a string, got ${typeName(header.kid)}`);
    }
    return header;
}
function checkPayload(payload) {
    if (!('iss' in payload))
        throw jwt_malformed('token payload has no "iss" (issuer) claim');
    if (typeof payload.iss !== 'string' || payload.iss === '') {
        throw jwt_malformed(`token "iss" claim must be a non-empty string, got ${typeName(payload.iss)}`);
    }
    return payload;
}
/** A value's JSON type for messages ("an array", "null", "a number"), never the value itself. */
function typeName(value) {
    if (value === null)
        return 'null';
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'an array';
    if (value === '')
        return 'an empty string';
    const type = typeof value;
    return type === 'object' ? 'an object' : `a ${type}`;
}
//# sourceMappingURL=jwt.js.map
;// CONCATENATED MODULE: ./build/src/oidc/verify.js





/** Allowed difference between our clock and the issuer's, as go-oidc and jose commonly use. */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;
/** Largest clock skew an operator may allow; beyond it `exp` stops meaning much. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** Every asymmetric JWS algorithm the verifier can check; the default allow-list. */
const SUPPORTED_ALGORITHMS = Object.freeze([
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
]);
/** Concrete issuers matched through meta-issuer patterns whose keys stay cached (LRU beyond). */
const DEFAULT_MAX_META_ISSUERS = 1024;
/**
 * Verifies CI identity tokens for the CA, in a fixed order so the first failure reported is the
 * most fundamental one: decode → issuer (unverified `iss`) → algorithm → key → signature →
 * `iss` → `aud` → `exp`/`nbf`/`iat` → `sub` → email claims for email issuers.
 */
class TokenVerifier {
    registry;
    skew;
    algorithms;
    now;
    fetchOptions;
    maxMetaIssuers;
    exactKeys = new Map();
    /** Insertion order is recency: a hit is moved to the end, the first entry is evicted. */
    metaKeys = new Map();
    constructor(registry, options = {}) {
        this.registry = registry;
        this.skew = checkSkew(options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
        this.algorithms = checkAlgorithms(options.algorithms ?? SUPPORTED_ALGORITHMS);
        this.now = options.now ?? (() => new Date());
        this.fetchOptions = { ...options.fetch, now: () => this.now().getTime() };
        this.maxMetaIssuers = options.maxMetaIssuers ?? DEFAULT_MAX_META_ISSUERS;
        if (!Number.isInteger(this.maxMetaIssuers) || this.maxMetaIssuers < 1) {
            throw new OidcError('CONFIG_INVALID', `maxMetaIssuers must be a positive integer, got ${this.maxMetaIssuers}`);
        }
    }
    async verify(token) {
        const decoded = decodeJwt(token);
        const iss = decoded.payload.iss;
        const issuer = this.registry.match(iss);
        const alg = this.checkAlgorithm(decoded.header.alg);
        const keys = this.keysFor(iss, issuer);
        const key = await keys.getKey(alg, decoded.header.kid);
        await verify_verifySignature(token, key, alg, iss);
        const claims = decoded.payload;
        // The key was chosen by this iss, so a mismatch cannot happen; checked so it never can.
        if (claims.iss !== keys.issuer) {
            throw new OidcError('ISSUER_UNKNOWN', `token issuer ${quote(claims.iss)} is not ${quote(keys.issuer)}`);
        }
        checkAudience(claims, issuer.audience);
        this.checkTimes(claims);
        const subject = checkSubject(claims);
        if (issuer.provider === 'email')
            checkEmail(claims, issuer);
        if (issuer.provider === 'uri')
            checkUriSubject(subject, issuer);
        return { issuer, claims, subject };
    }
    /** Key-cache status of every issuer seen, for an operator's doctor command. */
    describe() {
        return [...this.exactKeys.values(), ...this.metaKeys.values()].map((keys) => keys.describe());
    }
    checkAlgorithm(alg) {
        if (this.algorithms.includes(alg))
            return alg;
        const allowed = `allowed: ${this.algorithms.join(', ')}`;
        if (alg.toLowerCase() === 'none') {
            throw new OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed: unsigned tokens are never accepted (${allowed})`);
        }
        if (/^HS\d+$/i.test(alg)) {
            // The classic key-confusion attack: HMAC "signed" with the issuer's public key as secret.
            throw new OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed: HMAC needs a shared secret, and identity providers sign with private keys (${allowed})`);
        }
        throw new OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} is not allowed (${allowed})`);
    }
    /** One IssuerKeys per concrete issuer; meta-issuer ones bounded, as `iss` is the caller's choice. */
    keysFor(iss, issuer) {
        const options = {
            ...this.fetchOptions,
            ...(issuer.caCert !== undefined && { ca: issuer.caCert }),
        };
        if (!issuer.wildcard) {
            let keys = this.exactKeys.get(iss);
            if (keys === undefined) {
                keys = new IssuerKeys(iss, options);
                this.exactKeys.set(iss, keys);
            }
            return keys;
        }
        let keys = this.metaKeys.get(iss);
        if (keys !== undefined) {
            this.metaKeys.delete(iss);
        }
        else {
            keys = new IssuerKeys(iss, options);
            if (this.metaKeys.size >= this.maxMetaIssuers) {
                const oldest = this.metaKeys.keys().next().value;
                if (oldest !== undefined)
                    this.metaKeys.delete(oldest);
            }
        }
        this.metaKeys.set(iss, keys);
        return keys;
    }
    checkTimes(claims) {
        const nowMs = this.now().getTime();
        const now = nowMs / 1000;
        const context = `now ${isoTime(Math.floor(now))}, allowed skew ${this.skew} s`;
        const exp = verify_numericDate(claims, 'exp', true);
        if (now - this.skew >= exp) {
            throw new OidcError('TOKEN_EXPIRED', `token expired at ${isoTime(exp)} (${context})`);
        }
        const nbf = verify_numericDate(claims, 'nbf', false);
        if (nbf !== undefined && now + this.skew < nbf) {
            throw new OidcError('TOKEN_NOT_YET_VALID', `token is not valid before ${isoTime(nbf)} (${context})`);
        }
        const iat = verify_numericDate(claims, 'iat', true);
        if (iat > now + this.skew) {
            throw new OidcError('TOKEN_ISSUED_IN_FUTURE', `token was issued at ${isoTime(iat)}, in the future (${context})`);
        }
    }
}
/**
 * The string a Fulcio proof of possession signs for this token: the email for email issuers,
 * `sub` for every other type (Fulcio's principal Name()).
 */
function challengeFor(verified) {
    const value = verified.issuer.challengeClaim === 'email' ? verified.claims.email : verified.subject;
    if (typeof value !== 'string') {
        throw new OidcError('CLAIM_MISSING', `token has no ${verified.issuer.challengeClaim} claim to sign`);
    }
    return value;
}
function checkSkew(seconds) {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CLOCK_SKEW_SECONDS) {
        throw new OidcError('CONFIG_INVALID', `clockSkewSeconds must be an integer from 0 to ${MAX_CLOCK_SKEW_SECONDS}, got ${seconds}`);
    }
    return seconds;
}
function checkAlgorithms(algorithms) {
    if (algorithms.length === 0)
        throw new OidcError('CONFIG_INVALID', 'algorithms must not be empty');
    for (const alg of algorithms) {
        if (!SUPPORTED_ALGORITHMS.includes(alg)) {
            throw new OidcError('CONFIG_INVALID', `algorithm ${quote(alg)} cannot be allowed; supported: ${SUPPORTED_ALGORITHMS.join(', ')}`);
        }
    }
    return Object.freeze([...algorithms]);
}
async function verify_verifySignature(token, key, alg, iss) {
    try {
        await compactVerify(token, key, { algorithms: [alg] });
    }
    catch (error) {
        throw mapJoseError(error, alg, iss);
    }
}
/** jose's failures in Signet's codes, with messages that say what to look at. */
function mapJoseError(error, alg, iss) {
    const options = { cause: error };
    if (error instanceof JWSSignatureVerificationFailed) {
        return new OidcError('SIGNATURE_INVALID', `token signature does not verify with the ${alg} key of ${quote(iss)}`, options);
    }
    if (error instanceof JOSEAlgNotAllowed) {
        return new OidcError('ALGORITHM_NOT_ALLOWED', `token algorithm ${quote(alg)} cannot be verified: ${error.message}`, options);
    }
    // The algorithm is already known to be supported, so this is a header feature such as an
    // unrecognised "crit" extension, which RFC 7515 §4.1.11 says to refuse.
    if (error instanceof errors_JOSENotSupported) {
        return new OidcError('TOKEN_MALFORMED', `token is not a valid JWS: ${error.message}`, options);
    }
    if (error instanceof errors_JWSInvalid) {
        return new OidcError('TOKEN_MALFORMED', `token is not a valid JWS: ${error.message}`, options);
    }
    // jose raises TypeError for a key it cannot use with the algorithm (e.g. a too-short RSA key).
    if (error instanceof TypeError) {
        return new OidcError('KEY_UNKNOWN', `the key of ${quote(iss)} cannot verify ${alg}: ${error.message}`, options);
    }
    return new OidcError('SIGNATURE_INVALID', `token signature could not be checked: ${error.message}`, options);
}
function checkAudience(claims, audience) {
    const aud = claims.aud;
    if (aud === undefined) {
        throw new OidcError('CLAIM_MISSING', `token has no aud (audience) claim; it must include ${quote(audience)}`);
    }
    const list = typeof aud === 'string' ? [aud] : aud;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw new OidcError('CLAIM_INVALID', `token aud must be a string or a list of strings, got ${typeName(aud)}`);
    }
    if (!list.includes(audience)) {
        const shown = list.length > 10
            ? `${JSON.stringify(list.slice(0, 10)).slice(0, -1)},…]`
            : JSON.stringify(list);
        throw new OidcError('AUDIENCE_MISMATCH', `token audience ${shown} does not include ${quote(audience)}; request the token with audience ${quote(audience)}`);
    }
}
function verify_numericDate(claims, name, required) {
    const value = claims[name];
    if (value === undefined) {
        if (!required)
            return undefined;
        throw new OidcError('CLAIM_MISSING', `token has no ${name} claim`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new OidcError('CLAIM_INVALID', `token ${name} must be a NumericDate (seconds since the epoch), got ${typeName(value)}`);
    }
    return value;
}
function checkSubject(claims) {
    const sub = claims.sub;
    if (sub === undefined)
        throw new OidcError('CLAIM_MISSING', 'token has no sub (subject) claim');
    if (typeof sub !== 'string' || sub === '') {
        throw new OidcError('CLAIM_INVALID', `token sub must be a non-empty string, got ${typeName(sub)}`);
    }
    return sub;
}
const EMAIL = /^[^\s@]+@[^\s@]+$/;
function checkEmail(claims, issuer) {
    const email = claims.email;
    if (email === undefined)
        throw new OidcError('CLAIM_MISSING', `token has no email claim, which email issuer ${quote(issuer.issuerUrl)} requires`);
    if (typeof email !== 'string' || !EMAIL.test(email)) {
        throw new OidcError('CLAIM_INVALID', `token email claim is not an email address (got ${typeof email === 'string' ? quote(email) : typeName(email)})`);
    }
    if (issuer.skipEmailVerification)
        return;
    // Fulcio requires the boolean true: a provider that has not verified the address says false.
    if (claims.email_verified !== true) {
        const got = claims.email_verified === undefined ? 'absent' : JSON.stringify(claims.email_verified);
        throw new OidcError('CLAIM_INVALID', `token email ${quote(email)} is not verified (email_verified is ${got}, must be true)`);
    }
}
/** Fulcio's uri rule: the subject URI's scheme and host are the issuer's subject domain's. */
function checkUriSubject(subject, issuer) {
    const domain = new URL(issuer.subjectDomain);
    let url;
    try {
        url = new URL(subject);
    }
    catch {
        throw new OidcError('CLAIM_INVALID', `token sub ${quote(subject)} is not a URI, which uri issuer ${quote(issuer.issuerUrl)} requires`);
    }
    if (url.protocol !== domain.protocol || url.hostname !== domain.hostname) {
        throw new OidcError('CLAIM_INVALID', `token sub ${quote(subject)} is not under the subject domain ${quote(issuer.subjectDomain)}`);
    }
}
/** A NumericDate as ISO 8601 UTC, whole seconds unless the token used fractions. */
function isoTime(seconds) {
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime()))
        return `${seconds} (out of range)`;
    const iso = date.toISOString();
    return Number.isInteger(seconds) ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}
//# sourceMappingURL=verify.js.map
;// CONCATENATED MODULE: ./build/src/ca/principal.js


/** A claim as a string: Fulcio stringifies numbers (integers without a fraction) and booleans. */
function claimText(claims, name) {
    const value = claims[name];
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    if (typeof value === 'boolean')
        return String(value);
    return undefined;
}
/** A claim the certificate cannot do without; the refusal names the claim and what needs it. */
function required(claims, name, provider, field) {
    const value = claimText(claims, name);
    if (value === undefined || value === '') {
        const present = claims[name] === null ? 'null' : 'missing';
        throw new error_CaError('IDENTITY_INVALID', `${provider} token claim "${name}" is ${present}; it is needed for ${field}`);
    }
    return value;
}
const label = (field) => field === 'san'
    ? 'the subject alternative name'
    : `the ${IDENTITY_EXTENSIONS[field].label} extension (${IDENTITY_EXTENSIONS[field].oid})`;
/** Reads required claims for one provider, naming the certificate field each one feeds. */
const claimReader = (claims, provider) => (claim, field) => required(claims, claim, provider, label(field));
/**
 * The web URL of the GitHub instance behind an Actions issuer: github.com for
 * token.actions.githubusercontent.com (with or without an enterprise slug), the tenant for
 * GHE.com (`token.actions.TENANT.ghe.com`), and the host for GHES (`HOST/_services/token`).
 */
function githubUrlFor(iss) {
    const url = new URL(iss);
    const tenant = /^token\.actions\.([-a-z0-9]+)\.ghe\.com$/.exec(url.hostname);
    if (tenant)
        return `https://${tenant[1]}.ghe.com`;
    if (url.pathname === '/_services/token' || url.pathname.startsWith('/_services/token/')) {
        return url.origin;
    }
    return 'https://github.com';
}
/** The instance URL of a GitLab issuer: the issuer itself (`https://gitlab.example.com[/path]`). */
const gitlabUrlFor = (iss) => iss.replace(/\/+$/, '');
function githubIdentity(claims, iss, baseUrl) {
    const need = claimReader(claims, 'GitHub Actions');
    const jobWorkflowRef = need('job_workflow_ref', 'san');
    const signer = `${baseUrl}/${jobWorkflowRef}`;
    const repository = need('repository', 'sourceRepositoryUri');
    const eventName = need('event_name', 'buildTrigger');
    const sha = need('sha', 'sourceRepositoryDigest');
    const ref = need('ref', 'sourceRepositoryRef');
    const identity = {
        san: { type: 'uri', value: signer },
        issuerV1: iss,
        githubWorkflowTrigger: eventName,
        githubWorkflowSha: sha,
        githubWorkflowName: need('workflow', 'githubWorkflowName'),
        githubWorkflowRepository: repository,
        githubWorkflowRef: ref,
        issuer: iss,
        buildSignerUri: signer,
        buildSignerDigest: need('job_workflow_sha', 'buildSignerDigest'),
        runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
        sourceRepositoryUri: `${baseUrl}/${repository}`,
        sourceRepositoryDigest: sha,
        sourceRepositoryRef: ref,
        sourceRepositoryIdentifier: need('repository_id', 'sourceRepositoryIdentifier'),
        sourceRepositoryOwnerUri: `${baseUrl}/${need('repository_owner', 'sourceRepositoryOwnerUri')}`,
        sourceRepositoryOwnerIdentifier: need('repository_owner_id', 'sourceRepositoryOwnerIdentifier'),
        buildConfigUri: `${baseUrl}/${need('workflow_ref', 'buildConfigUri')}`,
        buildConfigDigest: need('workflow_sha', 'buildConfigDigest'),
        buildTrigger: eventName,
        runInvocationUri: `${baseUrl}/${repository}/actions/runs/${need('run_id', 'runInvocationUri')}/attempts/${need('run_attempt', 'runInvocationUri')}`,
        sourceRepositoryVisibilityAtSigning: need('repository_visibility', 'sourceRepositoryVisibilityAtSigning'),
        subject: need('sub', 'subject'),
    };
    const environment = claimText(claims, 'environment');
    if (environment)
        identity.deploymentEnvironment = environment;
    return identity;
}
function gitlabIdentity(claims, iss, baseUrl) {
    const need = claimReader(claims, 'GitLab CI');
    const configRefUri = claims.ci_config_ref_uri;
    if (configRefUri === null) {
        // GitLab sends null when the CI config lives in another project or for fork MR pipelines.
        throw new error_CaError('IDENTITY_INVALID', 'GitLab CI token claim "ci_config_ref_uri" is null (the pipeline config lives in another project, or this is a fork merge-request pipeline); Signet cannot name the signing configuration, so no certificate is issued');
    }
    const scheme = new URL(baseUrl).protocol;
    const signer = `${scheme}//${need('ci_config_ref_uri', 'san')}`;
    const projectPath = need('project_path', 'sourceRepositoryUri');
    const refType = need('ref_type', 'sourceRepositoryRef');
    if (refType !== 'branch' && refType !== 'tag') {
        throw new error_CaError('IDENTITY_INVALID', `GitLab CI token claim "ref_type" is "${refType}"; expected "branch" or "tag"`);
    }
    const ref = need('ref', 'sourceRepositoryRef');
    const configSha = need('ci_config_sha', 'buildSignerDigest');
    const identity = {
        san: { type: 'uri', value: signer },
        issuerV1: iss,
        issuer: iss,
        buildSignerUri: signer,
        buildSignerDigest: configSha,
        runnerEnvironment: need('runner_environment', 'runnerEnvironment'),
        sourceRepositoryUri: `${baseUrl}/${projectPath}`,
        sourceRepositoryDigest: need('sha', 'sourceRepositoryDigest'),
        sourceRepositoryRef: `refs/${refType === 'branch' ? 'heads' : 'tags'}/${ref}`,
        sourceRepositoryIdentifier: need('project_id', 'sourceRepositoryIdentifier'),
        sourceRepositoryOwnerUri: `${baseUrl}/${need('namespace_path', 'sourceRepositoryOwnerUri')}`,
        sourceRepositoryOwnerIdentifier: need('namespace_id', 'sourceRepositoryOwnerIdentifier'),
        buildConfigUri: signer,
        buildConfigDigest: configSha,
        buildTrigger: need('pipeline_source', 'buildTrigger'),
        runInvocationUri: `${baseUrl}/${projectPath}/-/jobs/${need('job_id', 'runInvocationUri')}`,
        sourceRepositoryVisibilityAtSigning: need('project_visibility', 'sourceRepositoryVisibilityAtSigning'),
        subject: need('sub', 'subject'),
    };
    const environment = claimText(claims, 'environment');
    if (environment)
        identity.deploymentEnvironment = environment;
    const refProtected = claimText(claims, 'ref_protected');
    if (refProtected !== undefined)
        identity.refProtected = refProtected;
    const environmentProtected = claimText(claims, 'environment_protected');
    if (environmentProtected !== undefined)
        identity.environmentProtected = environmentProtected;
    return identity;
}
/** A deliberately plain check: one @, no spaces, a dot in the domain (Fulcio uses net/mail). */
const principal_EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
function emailIdentity(claims, iss) {
    const email = required(claims, 'email', 'email issuer', label('san'));
    if (!principal_EMAIL.test(email)) {
        throw new error_CaError('IDENTITY_INVALID', `token claim "email" (${JSON.stringify(email)}) is not an email address`);
    }
    return {
        san: { type: 'email', value: email },
        issuerV1: iss,
        issuer: iss,
        subject: required(claims, 'sub', 'email issuer', label('subject')),
    };
}
function uriIdentity(claims, iss, issuer) {
    const sub = required(claims, 'sub', 'URI issuer', label('san'));
    let uri;
    try {
        uri = new URL(sub);
    }
    catch {
        throw new error_CaError('IDENTITY_INVALID', `token subject ${JSON.stringify(sub)} is not a URI`);
    }
    const domain = new URL(issuer.subjectDomain ?? '');
    if (uri.protocol !== domain.protocol || uri.hostname !== domain.hostname) {
        throw new error_CaError('IDENTITY_INVALID', `token subject ${JSON.stringify(sub)} is outside the issuer's subject domain ${domain.protocol}//${domain.hostname}`);
    }
    return { san: { type: 'uri', value: sub }, issuerV1: iss, issuer: iss, subject: sub };
}
/** The identity a certificate for this token carries. */
function identityFor(token) {
    const iss = required(token.claims, 'iss', 'identity', label('issuer'));
    switch (token.issuer.provider) {
        case 'github':
            return githubIdentity(token.claims, iss, token.issuer.ciUrl ?? githubUrlFor(iss));
        case 'gitlab':
            return gitlabIdentity(token.claims, iss, token.issuer.ciUrl ?? gitlabUrlFor(iss));
        case 'email':
            return emailIdentity(token.claims, iss);
        case 'uri':
            return uriIdentity(token.claims, iss, token.issuer);
    }
}
//# sourceMappingURL=principal.js.map
;// CONCATENATED MODULE: ./build/src/ca/request.js







const request_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Protojson parsers accept both the camelCase JSON name and the proto field name. */
function field(object, camel, snake) {
    return object[camel] ?? object[snake];
}
function bearerToken(authorization) {
    if (authorization === undefined)
        return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
        throw new error_CaError('REQUEST_INVALID', 'the Authorization header must be "Bearer <identity token>"');
    }
    return match[1];
}
function parseSigningCertificateRequest(body, authorization) {
    if (!request_isObject(body)) {
        throw new error_CaError('REQUEST_INVALID', 'request body must be a JSON object');
    }
    const credentials = body.credentials;
    if (credentials !== undefined && credentials !== null && !request_isObject(credentials)) {
        throw new error_CaError('REQUEST_INVALID', 'credentials must be an object');
    }
    const bodyToken = credentials
        ? field(credentials, 'oidcIdentityToken', 'oidc_identity_token')
        : undefined;
    if (bodyToken !== undefined && bodyToken !== null && typeof bodyToken !== 'string') {
        throw new error_CaError('REQUEST_INVALID', 'credentials.oidcIdentityToken must be a string');
    }
    // As in Fulcio, a non-empty token in the body wins over the header.
    const token = bodyToken || bearerToken(authorization);
    if (!token) {
        throw new error_CaError('REQUEST_INVALID', 'no identity token: send it as credentials.oidcIdentityToken or in an "Authorization: Bearer" header');
    }
    // Unset protojson fields may arrive as null.
    const publicKeyRequest = field(body, 'publicKeyRequest', 'public_key_request') ?? undefined;
    const csrField = field(body, 'certificateSigningRequest', 'certificate_signing_request') ?? undefined;
    if ((publicKeyRequest === undefined) === (csrField === undefined)) {
        throw new error_CaError('REQUEST_INVALID', 'send exactly one of publicKeyRequest (a public key and proof of possession) or certificateSigningRequest');
    }
    if (csrField !== undefined) {
        if (typeof csrField !== 'string') {
            throw new error_CaError('REQUEST_INVALID', 'certificateSigningRequest must be a base64 string');
        }
        return { token, proof: { kind: 'csr', csr: decodeCsr(csrField) } };
    }
    if (!request_isObject(publicKeyRequest)) {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest must be an object');
    }
    const publicKey = field(publicKeyRequest, 'publicKey', 'public_key');
    if (!request_isObject(publicKey) || typeof publicKey.content !== 'string') {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest.publicKey.content must be the public key as a PEM string');
    }
    const proof = field(publicKeyRequest, 'proofOfPossession', 'proof_of_possession');
    if (typeof proof !== 'string' || proof === '') {
        throw new error_CaError('REQUEST_INVALID', 'publicKeyRequest.proofOfPossession must be the base64 signature over the token subject');
    }
    return {
        token,
        proof: {
            kind: 'public-key',
            publicKey: decodePublicKey(publicKey.content),
            signature: request_decodeBase64(proof, 'publicKeyRequest.proofOfPossession'),
        },
    };
}
function request_decodeBase64(text, what) {
    try {
        return fromBase64(text, what);
    }
    catch (error) {
        throw new error_CaError('REQUEST_INVALID', error.message, { cause: error });
    }
}
function decodeCsr(text) {
    const bytes = request_decodeBase64(text, 'certificateSigningRequest');
    try {
        // Fulcio clients send base64 of the PEM text; DER inside the base64 is accepted too.
        return parseCsr(bytes[0] === 0x30 ? bytes : bytes.toString('utf8'));
    }
    catch (error) {
        if (error instanceof error_CaError)
            throw error;
        throw new error_CaError('CSR_INVALID', `the certificate signing request could not be parsed: ${error.message}`, { cause: error });
    }
}
/** PEM is tried first, then the content's bytes as DER, as Fulcio does. */
function decodePublicKey(content) {
    let der;
    try {
        const blocks = (0,core_pem/* parsePem */.oW)(content);
        der = blocks.length > 0 ? blocks[0]?.der : Buffer.from(content, 'utf8');
        if (blocks.length > 1 || (blocks[0] && blocks[0].label !== 'PUBLIC KEY')) {
            throw new core_error/* CoreError */.a('PEM_INVALID', 'expected a single "PUBLIC KEY" PEM block');
        }
    }
    catch (error) {
        throw new error_CaError('PUBLIC_KEY_INVALID', `the public key could not be parsed: ${error.message}`, { cause: error });
    }
    return der;
}
const CURVE_HASH = {
    prime256v1: { hash: 'sha256', name: 'ECDSA P-256' },
    secp384r1: { hash: 'sha384', name: 'ECDSA P-384' },
    secp521r1: { hash: 'sha512', name: 'ECDSA P-521' },
};
/** RSA moduli Fulcio's default algorithm list allows (PKCS#1 v1.5 with SHA-256). */
const ALLOWED_RSA_BITS = [2048, 3072, 4096];
/**
 * Parses and vets a client public key (SPKI DER) the way Fulcio's goodkey check and default
 * `--client-signing-algorithms` do: EC P-256/384/521, RSA 2048/3072/4096 with e = 65537, Ed25519.
 */
function clientKey(spki) {
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch (error) {
        throw new error_CaError('PUBLIC_KEY_INVALID', `the public key could not be parsed: ${error.message}`, { cause: error });
    }
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
        case 'ec': {
            const curve = CURVE_HASH[details.namedCurve ?? ''];
            if (!curve) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `EC curve ${details.namedCurve ?? 'unknown'} is not accepted; use P-256, P-384 or P-521`);
            }
            return { key, hash: curve.hash, description: curve.name };
        }
        case 'rsa': {
            const bits = details.modulusLength ?? 0;
            if (!ALLOWED_RSA_BITS.includes(bits)) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `RSA key of ${bits} bits is not accepted; use ${ALLOWED_RSA_BITS.join(', ')} bits`);
            }
            if (details.publicExponent !== 65537n) {
                throw new error_CaError('PUBLIC_KEY_INSECURE', `RSA public exponent ${String(details.publicExponent)} is not accepted; it must be 65537`);
            }
            return { key, hash: 'sha256', description: `RSA-${bits}` };
        }
        case 'ed25519':
            return { key, hash: null, description: 'Ed25519' };
        default:
            throw new error_CaError('PUBLIC_KEY_INSECURE', `${key.asymmetricKeyType ?? 'unknown'} keys are not accepted; use ECDSA (P-256 recommended), RSA or Ed25519`);
    }
}
/** The CSR signature algorithms that match each key's default hash (Fulcio's allow-list). */
const CSR_ALGORITHMS = {
    [x509/* OID */.Vx.ecdsaWithSha256]: 'sha256',
    [x509/* OID */.Vx.ecdsaWithSha384]: 'sha384',
    [x509/* OID */.Vx.ecdsaWithSha512]: 'sha512',
    [x509/* OID */.Vx.sha256WithRsa]: 'sha256',
    [x509/* OID */.Vx.ed25519]: null,
};
/**
 * Checks the proof of possession and returns the key to certify (SPKI DER). The proof is a
 * signature over the challenge claim's value (the token's email or subject), or the CSR's
 * self-signature.
 */
function verifyProofOfPossession(request, challenge) {
    const { proof } = request;
    if (proof.kind === 'csr') {
        const { hash, description } = clientKey(proof.csr.publicKey);
        const algorithmHash = CSR_ALGORITHMS[proof.csr.signatureAlgorithm];
        if (algorithmHash === undefined || algorithmHash !== hash) {
            throw new error_CaError('ALGORITHM_NOT_ALLOWED', `signing algorithm not permitted: CSR signature algorithm ${proof.csr.signatureAlgorithm} with a ${description} key`);
        }
        if (!verifyCsrSignature(proof.csr)) {
            throw new error_CaError('SIGNATURE_INVALID', 'the certificate signing request signature does not verify with its public key');
        }
        return proof.csr.publicKey;
    }
    const { key, hash } = clientKey(proof.publicKey);
    let valid = false;
    try {
        valid = (0,external_node_crypto_.verify)(hash, Buffer.from(challenge.value, 'utf8'), key, proof.signature);
    }
    catch {
        valid = false;
    }
    if (!valid) {
        throw new error_CaError('SIGNATURE_INVALID', `the proof of possession does not verify: it must be a signature by the requested key over the token's "${challenge.claim}" claim (${JSON.stringify(challenge.value)})`);
    }
    return proof.publicKey;
}
//# sourceMappingURL=request.js.map
;// CONCATENATED MODULE: ./build/src/ca/fulcio.js




/**
 * Checks a `CreateSigningCertificateRequest`. Order matters for the messages: a malformed
 * request is named before the token is looked at, and the token is verified before any key
 * work, so a bad token is always reported as such.
 */
async function admitSigningRequest(verifier, body, authorization) {
    const request = parseSigningCertificateRequest(body, authorization);
    const token = await verifier.verify(request.token);
    const identity = identityFor(token);
    const publicKey = verifyProofOfPossession(request, {
        claim: token.issuer.challengeClaim,
        value: challengeFor(token),
    });
    return { identity, publicKey };
}
const pem = (der) => (0,core_pem/* toPem */.sg)('CERTIFICATE', der);
class FulcioApi {
    ca;
    constructor(ca) {
        this.ca = ca;
    }
    /** Issues the certificate for an admitted request and shapes the response. */
    async issue({ identity, publicKey }) {
        const issued = await this.ca.issue(identity, publicKey);
        const chain = { certificates: issued.chain.map(pem) };
        const response = issued.sct
            ? { signedCertificateEmbeddedSct: { chain } }
            : { signedCertificateDetachedSct: { chain } };
        return { response, identity, certificate: issued.certificate, serial: issued.serial };
    }
    /** Both phases on this thread. */
    async createSigningCertificate(verifier, body, authorization) {
        return this.issue(await admitSigningRequest(verifier, body, authorization));
    }
    /** `GET /api/v2/trustBundle`: the CA chain without a leaf. */
    trustBundle() {
        return { chains: [{ certificates: this.ca.chain.map(pem) }] };
    }
}
//# sourceMappingURL=fulcio.js.map
;// CONCATENATED MODULE: ./build/src/ct/client.js





/** A log sequences before answering; a few seconds covers a batch, an fsync and a checkpoint. */
const DEFAULT_CT_TIMEOUT_MS = 10_000;
/** Enough of an error body to carry the log's reason without echoing a whole page. */
const MAX_ERROR_TEXT = 500;
/** An RFC 6962 client for add-pre-chain and add-chain over HTTP(S). */
class HttpCtSubmitter {
    base;
    timeoutMs;
    logPublicKey;
    logId;
    constructor(options) {
        let url;
        try {
            url = new URL(options.url);
        }
        catch {
            throw new error_CtError('CONFIG_INVALID', `CT log URL ${JSON.stringify(options.url)} is not a URL`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
            throw new error_CtError('CONFIG_INVALID', `CT log URL ${options.url} must be http or https`);
        }
        this.base = url.href.replace(/\/+$/, '');
        this.timeoutMs = options.timeoutMs ?? DEFAULT_CT_TIMEOUT_MS;
        if (!Number.isInteger(this.timeoutMs) || this.timeoutMs <= 0) {
            throw new error_CtError('CONFIG_INVALID', `CT log timeout must be a positive integer of ms`);
        }
        this.logPublicKey = options.logPublicKey;
        this.logId = options.logPublicKey && logIdOf(options.logPublicKey);
    }
    async addPreChain(chain) {
        const sct = await this.post('add-pre-chain', chain);
        if (this.logPublicKey !== undefined) {
            this.verify(sct, () => precertEntry(certificate(chain, 0), certificate(chain, 1)));
        }
        return sct;
    }
    async addChain(chain) {
        const sct = await this.post('add-chain', chain);
        if (this.logPublicKey !== undefined) {
            this.verify(sct, () => ({ type: 'x509', certificate: certificate(chain, 0).der }));
        }
        return sct;
    }
    async post(endpoint, chain) {
        const url = `${this.base}/ct/v1/${endpoint}`;
        let response;
        let text;
        try {
            response = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', accept: 'application/json' },
                body: JSON.stringify({ chain: chain.map((der) => toBase64(der)) }),
                // A POST redirected becomes a GET elsewhere; report the redirect instead.
                redirect: 'manual',
                signal: AbortSignal.timeout(this.timeoutMs),
            });
            text = await response.text();
        }
        catch (error) {
            const timedOut = error?.name === 'TimeoutError';
            throw new error_CtError('LOG_UNAVAILABLE', timedOut
                ? `CT log ${url} did not answer within ${this.timeoutMs} ms`
                : `CT log ${url} could not be reached: ${error?.message ?? String(error)}`, { cause: error });
        }
        if (response.status !== 200)
            throw client_refusal(url, response, text);
        let json;
        try {
            json = JSON.parse(text);
        }
        catch (error) {
            throw new error_CtError('SCT_MALFORMED', `CT log ${url} answered 200 with a body that is not JSON`, {
                cause: error,
            });
        }
        try {
            return sctFromAddChainResponse(json);
        }
        catch (error) {
            if (!(error instanceof error_CtError))
                throw error;
            throw new error_CtError('SCT_MALFORMED', `CT log ${url}: ${error.message}`, { cause: error });
        }
    }
    verify(sct, entry) {
        const key = this.logPublicKey;
        if (!sct.logId.equals(this.logId)) {
            throw new error_CtError('SCT_INVALID', `SCT from ${this.base} has log ID ${toBase64(sct.logId)}, but the configured log key's ID is ${toBase64(this.logId)}`);
        }
        const signedData = sctSignedData({
            timestamp: sct.timestamp,
            entry: entry(),
            extensions: sct.extensions,
        });
        if (!verifySct(sct, key, signedData)) {
            throw new error_CtError('SCT_INVALID', `SCT from ${this.base} does not verify over the submitted chain with the configured log key`);
        }
    }
}
function certificate(chain, i) {
    const der = chain[i];
    if (der === undefined)
        throw new error_CtError('CHAIN_INVALID', `chain has no certificate ${i}`);
    try {
        return (0,x509/* parseCertificate */.hB)(der);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw new error_CtError('CHAIN_INVALID', `chain[${i}] is not a DER X.509 certificate`, {
            cause: error,
        });
    }
}
/** The log's own reason: `message` (our logs, grpc-gateway) or `error` of a JSON body, else its text. */
function reasonOf(text) {
    try {
        const body = JSON.parse(text);
        for (const field of ['message', 'error']) {
            const value = body?.[field];
            if (typeof value === 'string' && value !== '')
                return value.slice(0, MAX_ERROR_TEXT);
        }
    }
    catch {
        // not JSON: RFC 6962 logs (Trillian's CTFE) answer errors in plain text
    }
    const trimmed = text.trim();
    return trimmed === '' ? '(no reason given)' : trimmed.slice(0, MAX_ERROR_TEXT);
}
function client_refusal(url, response, text) {
    const message = `CT log ${url} answered HTTP ${response.status}: ${reasonOf(text)}`;
    const { status } = response;
    if (status === 429 || (status === 503 && response.headers.has('retry-after'))) {
        return new error_CtError('LOG_PUSHBACK', message);
    }
    return new error_CtError(status >= 500 ? 'LOG_UNAVAILABLE' : 'SUBMISSION_REJECTED', message);
}
//# sourceMappingURL=client.js.map
;// CONCATENATED MODULE: ./build/src/ct/chain.js




/**
 * Validation of chains submitted to add-chain and add-pre-chain. Validity periods are not
 * checked: Fulcio leaves live ten minutes and a log must accept them after expiry (TesseraCT's
 * reject_expired defaults to false for the same reason).
 */
/** More than this is not a Fulcio chain; the cap bounds the signature checks per request. */
const MAX_CHAIN_LENGTH = 10;
const chain_invalid = (message, cause) => new error_CtError('CHAIN_INVALID', message, cause === undefined ? undefined : { cause });
/** A Name for a message; a name too odd to describe must not replace the real error. */
function nameOf(der) {
    try {
        return (0,x509/* describeName */.T_)(der);
    }
    catch {
        return `(undecodable name ${der.toString('hex')})`;
    }
}
function chain_label(cert, i) {
    const subject = nameOf(cert.subject);
    return `chain[${i}] (${subject === '' ? 'empty subject' : subject})`;
}
/**
 * Checks a submitted chain (DER, leaf first) against the accepted roots. Every refusal is a
 * CtError naming the certificate and the problem.
 */
function validateChain(chain, roots, kind, issuers = new IssuerCache()) {
    const min = kind === 'precert' ? 2 : 1;
    if (!Array.isArray(chain) || chain.length < min) {
        throw chain_invalid(kind === 'precert'
            ? 'an add-pre-chain chain needs the precertificate and at least its issuer'
            : 'an add-chain chain needs at least the certificate');
    }
    if (chain.length > MAX_CHAIN_LENGTH) {
        throw chain_invalid(`chain has ${chain.length} certificates; at most ${MAX_CHAIN_LENGTH} are accepted`);
    }
    const certs = chain.map(parseChainCertificate);
    const leaf = certs[0];
    if (kind === 'precert')
        requirePrecert(leaf);
    else if ((0,x509/* findExtension */.bW)(leaf, CT_POISON_OID) !== undefined) {
        throw chain_invalid('chain[0] is a precertificate (it has the CT poison); use add-pre-chain');
    }
    requireCodeSigningUsage(leaf);
    const path = pathToRoot(certs, roots, issuers);
    path.slice(1, -1).forEach((cert, i) => requireCa(cert, i + 1));
    const issuer = path[1];
    if (kind === 'precert' && extendedKeyUsages(issuer, 1)?.includes(PRECERT_SIGNING_EKU)) {
        // Would need the TBS issuer and authority key ID rewritten (RFC 6962 §3.2); Fulcio
        // signs precertificates with its issuing CA directly.
        throw new error_CtError('PRECERT_INVALID', `${chain_label(issuer, 1)} is a Precertificate Signing Certificate, which this log does not support`);
    }
    return { leaf, issuer, path };
}
function parseChainCertificate(der, i) {
    if (!(der instanceof Uint8Array))
        throw chain_invalid(`chain[${i}] is not DER bytes`);
    try {
        return (0,x509/* parseCertificate */.hB)(der);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw chain_invalid(`chain[${i}] is not a DER X.509 certificate: ${error.message}`, error);
    }
}
function requirePrecert(cert) {
    const poison = (0,x509/* findExtension */.bW)(cert, CT_POISON_OID);
    if (poison === undefined) {
        throw new error_CtError('PRECERT_INVALID', `chain[0] is not a precertificate: it has no CT poison extension (${CT_POISON_OID})`);
    }
    if (!poison.critical) {
        throw new error_CtError('PRECERT_INVALID', 'chain[0] has a CT poison extension that is not critical');
    }
    if (!poison.value.equals(CT_POISON_VALUE)) {
        throw new error_CtError('PRECERT_INVALID', `chain[0] has a CT poison extension with value ${poison.value.toString('hex') || '(empty)'}; it must be ASN.1 NULL (0500)`);
    }
}
function extendedKeyUsages(cert, i) {
    const ext = (0,x509/* findExtension */.bW)(cert, x509/* OID */.Vx.extKeyUsage);
    if (ext === undefined)
        return undefined;
    try {
        return (0,x509/* parseExtKeyUsage */.NM)(ext.value);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw chain_invalid(`chain[${i}] has a malformed ExtendedKeyUsage: ${error.message}`, error);
    }
}
/** This is a code-signing log: a leaf must allow codeSigning (an absent EKU allows anything). */
function requireCodeSigningUsage(leaf) {
    const usages = extendedKeyUsages(leaf, 0);
    if (usages !== undefined &&
        !usages.includes(x509/* OID */.Vx.codeSigning) &&
        !usages.includes(x509/* OID */.Vx.anyExtendedKeyUsage)) {
        throw chain_invalid(`chain[0] has extended key usages ${usages.join(', ')}; this log accepts only code-signing certificates (${x509/* OID */.Vx.codeSigning})`);
    }
}
function requireCa(cert, i) {
    let ca;
    try {
        ca = (0,x509/* isCa */.Jm)(cert);
    }
    catch (error) {
        if (!(error instanceof core_error/* CoreError */.a))
            throw error;
        throw chain_invalid(`${chain_label(cert, i)} has a malformed BasicConstraints: ${error.message}`, error);
    }
    if (!ca)
        throw chain_invalid(`${chain_label(cert, i)} is not a CA certificate (BasicConstraints cA is not TRUE)`);
}
/**
 * What a log learns about the CA certificates above every leaf: their imported keys, and which
 * CA-to-CA signatures already verified. Importing a key cost more than the signature check it
 * serves, and a Fulcio chain repeats the same issuing CA and root on every submission. Leaves
 * are never remembered. Bounded: past the limit it starts over.
 */
class IssuerCache {
    static LIMIT = 256;
    keys = new Map();
    verified = new Set();
    static id = (cert) => cert.der.toString('base64');
    keyOf(issuer) {
        const id = IssuerCache.id(issuer);
        let key = this.keys.get(id);
        if (key === undefined) {
            key = (0,x509/* certificatePublicKey */.Gm)(issuer);
            if (this.keys.size >= IssuerCache.LIMIT)
                this.keys.clear();
            this.keys.set(id, key);
        }
        return key;
    }
    /** Whether `cert` is signed by `issuer`; remembered only when `cert` is itself a CA link. */
    signedBy(cert, issuer, remember) {
        const link = remember ? `${IssuerCache.id(cert)}>${IssuerCache.id(issuer)}` : undefined;
        if (link !== undefined && this.verified.has(link))
            return true;
        let valid;
        try {
            valid = (0,x509/* verifyCertificateSignature */.XA)(cert, this.keyOf(issuer));
        }
        catch {
            valid = false;
        }
        if (valid && link !== undefined) {
            if (this.verified.size >= IssuerCache.LIMIT)
                this.verified.clear();
            this.verified.add(link);
        }
        return valid;
    }
}
/**
 * The submitted chain up to the first accepted root (anything after it is ignored, as a
 * path builder would), each certificate issued and signed by the next. A chain sent without
 * its root is completed with the accepted root that names and signed its last certificate.
 */
function pathToRoot(certs, roots, issuers) {
    const isRoot = (cert) => roots.some((root) => root.der.equals(cert.der));
    const end = certs.findIndex((cert, i) => i > 0 && isRoot(cert));
    const path = end < 0 ? [...certs] : certs.slice(0, end + 1);
    for (let i = 0; i + 1 < path.length; i++) {
        const cert = path[i];
        const issuer = path[i + 1];
        if (!cert.issuer.equals(issuer.subject)) {
            throw chain_invalid(`chain[${i}] was issued by "${nameOf(cert.issuer)}", but chain[${i + 1}] is "${nameOf(issuer.subject)}"`);
        }
        if (!issuers.signedBy(cert, issuer, i > 0)) {
            throw chain_invalid(`chain[${i}]'s signature (${cert.signatureAlgorithm}) does not verify with ${chain_label(issuer, i + 1)}'s key`);
        }
    }
    if (end >= 0)
        return path;
    const top = path.at(-1);
    const root = roots.find((r) => r.subject.equals(top.issuer) && issuers.signedBy(top, r, path.length > 1));
    if (root === undefined) {
        throw new error_CtError('CHAIN_UNTRUSTED', `chain ends at ${chain_label(top, path.length - 1)}, issued by "${nameOf(top.issuer)}", which is neither one of this log's accepted roots nor signed by one`);
    }
    return [...path, root];
}
//# sourceMappingURL=chain.js.map
;// CONCATENATED MODULE: ./build/src/ct/log.js








/**
 * SCT extensions are empty: these are classic RFC 6962 SCTs, which Sigstore verifiers check
 * like any other. static-ct-api's leaf_index extension would need the entry's index inside the
 * leaf before the leaf is sequenced, which the engine's append-then-learn-index design does not
 * offer, and nothing here needs it.
 */
const NO_EXTENSIONS = Buffer.alloc(0);
class CtLog {
    log;
    key;
    accepted;
    now;
    logId;
    publicKey;
    /** Keys and signatures of the CA certificates every chain repeats, checked once. */
    issuers = new IssuerCache();
    constructor(log, key, accepted, now) {
        this.log = log;
        this.key = key;
        this.accepted = accepted;
        this.now = now;
        this.publicKey = (0,x509/* publicKeyOf */.kc)(key);
        this.logId = logIdOf(key);
    }
    /** Opens (or creates) the CT log in `storage`. */
    static async open(opts) {
        requireP256PrivateKey(opts.key);
        if (opts.roots.length === 0) {
            throw new error_CtError('CONFIG_INVALID', 'a CT log needs at least one accepted root');
        }
        const roots = opts.roots.map((der, i) => {
            try {
                return (0,x509/* parseCertificate */.hB)(der);
            }
            catch (error) {
                if (!(error instanceof core_error/* CoreError */.a))
                    throw error;
                throw new error_CtError('CONFIG_INVALID', `accepted root ${i} is not a DER certificate: ${error.message}`, {
                    cause: error,
                });
            }
        });
        // Only the tuning is passed on: the engine's `now` is a batching clock, not the SCT clock.
        const tuning = {};
        for (const name of Object.keys(LOG_DEFAULTS)) {
            if (opts[name] !== undefined)
                tuning[name] = opts[name];
        }
        const log = await TransparencyLog.open({
            ...tuning,
            origin: opts.origin,
            storage: opts.storage,
            signer: noteSigner(opts.origin, opts.key),
        });
        return new CtLog(log, opts.key, roots, opts.now ?? (() => new Date()));
    }
    /** The accepted roots' DER (what get-roots serves). */
    roots() {
        return this.accepted.map((root) => Buffer.from(root.der));
    }
    /** Logs a precertificate chain ([precert, issuer, ..., root?]) and returns its SCT. */
    async addPreChain(chain) {
        const { leaf, issuer } = validateChain(chain, this.accepted, 'precert', this.issuers);
        return this.submit(precertEntry(leaf, issuer));
    }
    /**
     * Logs a precert_entry built by the CA in this process, which hands over the TBS it is
     * about to sign instead of a signed precertificate: the same leaf add-pre-chain would log,
     * without parsing and verifying what this process has just built.
     */
    async addPrecertEntry(entry) {
        return this.submit(entry);
    }
    /** Logs a final certificate chain ([cert, issuer, ..., root?]) and returns its SCT. */
    async addChain(chain) {
        const { leaf } = validateChain(chain, this.accepted, 'x509', this.issuers);
        return this.submit({ type: 'x509', certificate: leaf.der });
    }
    /**
     * Appends the MerkleTreeLeaf and signs the SCT only once the append has resolved, i.e. the
     * leaf is fsynced and covered by a published checkpoint: an SCT is a promise of inclusion,
     * and with zero merge delay it must never be issued for an entry a crash could lose.
     */
    async submit(entry) {
        const timestamp = BigInt(this.now().getTime());
        const leaf = merkleTreeLeaf({ timestamp, entry, extensions: NO_EXTENSIONS });
        try {
            await this.log.append(leaf);
        }
        catch (error) {
            throw asCtError(error);
        }
        return signSct({
            logKey: this.key,
            logId: this.logId,
            timestamp,
            signedData: sctSignedData({ timestamp, entry, extensions: NO_EXTENSIONS }),
            extensions: NO_EXTENSIONS,
        });
    }
    close() {
        return this.log.close();
    }
}
/** The engine's refusals in the CT log's terms; anything else is not the submitter's concern. */
function asCtError(error) {
    if (!(error instanceof error_TlogError))
        return error;
    switch (error.code) {
        case 'LOG_PUSHBACK':
            return new error_CtError('LOG_PUSHBACK', error.message, { cause: error });
        case 'LOG_CLOSED':
        case 'LOG_UNAVAILABLE':
            return new error_CtError('LOG_UNAVAILABLE', error.message, { cause: error });
        case 'ENTRY_TOO_LARGE':
            return new error_CtError('CHAIN_INVALID', `chain[0] is too large for the log: ${error.message}`, {
                cause: error,
            });
        default:
            return error;
    }
}
//# sourceMappingURL=log.js.map
;// CONCATENATED MODULE: ./build/server/routes/ca.js



/** A refused token is an authentication failure; an issuer we cannot reach is ours to retry. */
function oidcErrorStatus(error) {
    if (error.code === 'DISCOVERY_FAILED' || error.code === 'JWKS_FAILED')
        return { status: 503, headers: { 'retry-after': '5' } };
    if (error.code === 'CONFIG_INVALID')
        return { status: 500, headers: {} };
    // RFC 6750 §3: a refused bearer token is a 401 that names the scheme and the error.
    return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
}
function caErrorStatus(error) {
    switch (error.code) {
        case 'CA_UNAVAILABLE':
        case 'CT_FAILED':
            return { status: 503, headers: { 'retry-after': '1' } };
        case 'CA_CONFIG_INVALID':
            return { status: 500, headers: {} };
        default:
            return { status: 400, headers: {} };
    }
}
/** The unverified issuer of a refused token, for the log; never the token itself. */
function claimedIssuer(body, authorization) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const inBody = parsed?.credentials?.oidcIdentityToken;
        const token = typeof inBody === 'string' && inBody !== ''
            ? inBody
            : /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
        if (token === undefined)
            return undefined;
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
        return typeof payload?.iss === 'string' ? payload.iss : undefined;
    }
    catch {
        return undefined;
    }
}
function caRoutes(api, 
/** Admits requests (token, identity, proof of possession), in worker threads when there are some. */
verifier, registry, limits, issued, logger) {
    const trustBundle = api.trustBundle();
    const configuration = registry.configurationJson();
    let inFlight = 0;
    return {
        async signingCertificate(req, res) {
            if (inFlight >= limits.maxInFlight) {
                req.resume(); // the body is not wanted, but the connection stays usable
                issued.inc({ result: 'pushback' });
                throw new ServerError('UNAVAILABLE', 503, `the CA is handling ${inFlight} requests (ca.maxInFlight); retry shortly`, { headers: { 'retry-after': '1' } });
            }
            inFlight++;
            try {
                await issue(req, res);
            }
            finally {
                inFlight--;
            }
        },
        trustBundle(res) {
            sendJson(res, 200, trustBundle);
        },
        configuration(res) {
            sendJson(res, 200, configuration);
        },
    };
    async function issue(req, res) {
        requireMediaType(req, ['application/json']);
        const body = await readBody(req, limits.maxBodyBytes);
        try {
            const result = await api.issue(await verifier.admit(body, req.headers.authorization));
            issued.inc({ result: 'issued' });
            logger.info('certificate issued', {
                serial: result.serial.toString('hex'),
                identity: result.identity.san.value,
                issuer: result.identity.issuer,
            });
            sendJson(res, 200, result.response);
        }
        catch (error) {
            if (error instanceof OidcError || error instanceof error_CaError) {
                issued.inc({ result: error.code.toLowerCase() });
                logger.info('certificate refused', {
                    code: error.code,
                    reason: error.message,
                    issuer: claimedIssuer(body, req.headers.authorization),
                });
            }
            throw error;
        }
    }
}
//# sourceMappingURL=ca.js.map
;// CONCATENATED MODULE: ./build/server/metrics.js
/** A minimal Prometheus text-format registry: counters, gauges and histograms with labels. */
/** Rendered label sets, by their values: routes and statuses repeat on every request. */
const LABEL_KEYS = new Map();
const LABEL_KEYS_MAX = 1024;
function labelKey(labels) {
    const id = Object.values(labels).join('\u0000') + '\u0001' + Object.keys(labels).join('\u0000');
    let key = LABEL_KEYS.get(id);
    if (key === undefined) {
        key = renderLabels(labels);
        if (LABEL_KEYS.size < LABEL_KEYS_MAX)
            LABEL_KEYS.set(id, key);
    }
    return key;
}
const renderLabels = (labels) => Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');
class Counter {
    name;
    help;
    values = new Map();
    constructor(name, help) {
        this.name = name;
        this.help = help;
    }
    inc(labels = {}, by = 1) {
        const key = labelKey(labels);
        this.values.set(key, (this.values.get(key) ?? 0) + by);
    }
    render() {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
        for (const [key, value] of this.values)
            lines.push(`${this.name}${key ? `{${key}}` : ''} ${value}`);
        return lines.join('\n');
    }
}
class Gauge {
    name;
    help;
    read;
    constructor(name, help, read) {
        this.name = name;
        this.help = help;
        this.read = read;
    }
    render() {
        return [
            `# HELP ${this.name} ${this.help}`,
            `# TYPE ${this.name} gauge`,
            `${this.name} ${this.read()}`,
        ].join('\n');
    }
}
/** Latency buckets in seconds, from a millisecond to the 30 s that Rekor v2 clients allow. */
const LATENCY_BUCKETS = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
class Histogram {
    name;
    help;
    buckets;
    series = new Map();
    constructor(name, help, buckets = LATENCY_BUCKETS) {
        this.name = name;
        this.help = help;
        this.buckets = buckets;
    }
    observe(value, labels = {}) {
        const key = labelKey(labels);
        let entry = this.series.get(key);
        if (entry === undefined) {
            entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
            this.series.set(key, entry);
        }
        const bucket = this.buckets.findIndex((upper) => value <= upper);
        if (bucket >= 0)
            entry.counts[bucket] = (entry.counts[bucket] ?? 0) + 1;
        entry.sum += value;
        entry.count++;
    }
    render() {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
        for (const [key, entry] of this.series) {
            const sep = key ? `${key},` : '';
            let cumulative = 0;
            this.buckets.forEach((upper, i) => {
                cumulative += entry.counts[i] ?? 0;
                lines.push(`${this.name}_bucket{${sep}le="${upper}"} ${cumulative}`);
            });
            lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${entry.count}`);
            const suffix = key ? `{${key}}` : '';
            lines.push(`${this.name}_sum${suffix} ${entry.sum}`, `${this.name}_count${suffix} ${entry.count}`);
        }
        return lines.join('\n');
    }
}
class Registry {
    metrics = [];
    add(metric) {
        this.metrics.push(metric);
        return metric;
    }
    render() {
        return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
    }
}
//# sourceMappingURL=metrics.js.map
;// CONCATENATED MODULE: ./build/src/core/canonical-json.js

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialisation. Rekor's entry bodies and leaf hashes depend on
 * these exact bytes.
 */
function canonicalize(value) {
    if (value === null || typeof value === 'boolean')
        return JSON.stringify(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
            throw new core_error/* CoreError */.a('JSON_INVALID', 'canonical JSON cannot represent a non-finite number');
        }
        return JSON.stringify(value);
    }
    if (typeof value === 'string')
        return JSON.stringify(value);
    if (Array.isArray(value))
        return `[${value.map(canonicalize).join(',')}]`;
    if (typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    throw new core_error/* CoreError */.a('JSON_INVALID', `canonical JSON cannot represent a ${typeof value}`);
}
//# sourceMappingURL=canonical-json.js.map
// EXTERNAL MODULE: ./build/src/core/prehash.js
var prehash = __nccwpck_require__(844);
;// CONCATENATED MODULE: ./build/src/tlog/rekor.js






const ecCurve = (curve) => (key) => key.type === 'ec' && 'namedCurve' in key && key.namedCurve === curve;
const rsaBits = (bits) => (key) => key.type === 'rsa' && 'modulusLength' in key && key.modulusLength === bits;
/** The client signing algorithms rekor-tiles accepts, less Ed25519ph which Node cannot verify. */
const KEY_PROFILES = {
    PKIX_ECDSA_P256_SHA_256: { hash: 'SHA2_256', digestLength: 32, matches: ecCurve('prime256v1') },
    PKIX_ECDSA_P384_SHA_384: { hash: 'SHA2_384', digestLength: 48, matches: ecCurve('secp384r1') },
    PKIX_ECDSA_P521_SHA_512: { hash: 'SHA2_512', digestLength: 64, matches: ecCurve('secp521r1') },
    PKIX_RSA_PKCS1V15_2048_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(2048) },
    PKIX_RSA_PKCS1V15_3072_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(3072) },
    PKIX_RSA_PKCS1V15_4096_SHA256: { hash: 'SHA2_256', digestLength: 32, matches: rsaBits(4096) },
};
const NODE_HASH = {
    SHA2_256: 'sha256',
    SHA2_384: 'sha384',
    SHA2_512: 'sha512',
};
const HASHEDREKORD = { kind: 'hashedrekord', version: '0.0.2' };
const rekor_invalid = (reason) => new error_TlogError('ENTRY_INVALID', `invalid hashedrekord request: ${reason}`);
function object(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw rekor_invalid(`${what} must be a JSON object`);
    }
    return value;
}
function rekor_field(from, camel, what) {
    // protojson parsers accept the proto field name as well as the JSON name.
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const value = from[camel] ?? from[snake];
    if (value === undefined || value === null || value === '')
        throw rekor_invalid(`${what} is missing`);
    return value;
}
function bytes(from, camel, what) {
    const value = rekor_field(from, camel, what);
    if (typeof value !== 'string')
        throw rekor_invalid(`${what} must be a base64 string`);
    try {
        const decoded = fromBase64(value, what);
        if (decoded.length === 0)
            throw rekor_invalid(`${what} is empty`);
        return decoded;
    }
    catch (error) {
        if (error instanceof error_TlogError)
            throw error;
        throw rekor_invalid(`${what} is not valid base64`);
    }
}
function parseVerifier(raw, what) {
    const verifier = object(raw, what);
    const keyDetails = rekor_field(verifier, 'keyDetails', `${what}.keyDetails`);
    if (typeof keyDetails !== 'string')
        throw rekor_invalid(`${what}.keyDetails must be a string`);
    const profile = KEY_PROFILES[keyDetails];
    if (profile === undefined) {
        const hint = keyDetails === 'PKIX_ED25519_PH'
            ? ' (Ed25519ph verification is not available on this server)'
            : '';
        throw new error_TlogError('ENTRY_UNSUPPORTED', `invalid hashedrekord request: unsupported keyDetails ${keyDetails}${hint}; supported: ${Object.keys(KEY_PROFILES).join(', ')}`);
    }
    const certificate = verifier.x509Certificate ?? verifier.x509_certificate;
    const publicKey = verifier.publicKey ?? verifier.public_key;
    if ((certificate === undefined) === (publicKey === undefined)) {
        throw rekor_invalid(`${what} must have exactly one of x509Certificate or publicKey`);
    }
    let spki;
    let notDer;
    let json;
    if (certificate !== undefined) {
        const der = bytes(object(certificate, `${what}.x509Certificate`), 'rawBytes', `${what}.x509Certificate.rawBytes`);
        notDer = () => rekor_invalid(`${what}.x509Certificate.rawBytes is not a DER X.509 certificate`);
        try {
            // Our own DER parser: about 40 µs for a 1.7 KB Fulcio-style leaf, where
            // X509Certificate and its publicKey cost about 145.
            spki = (0,x509/* parseCertificate */.hB)(der).publicKey;
        }
        catch {
            throw notDer();
        }
        json = { keyDetails, x509Certificate: { rawBytes: toBase64(der) } };
    }
    else {
        spki = bytes(object(publicKey, `${what}.publicKey`), 'rawBytes', `${what}.publicKey.rawBytes`);
        notDer = () => rekor_invalid(`${what}.publicKey.rawBytes is not a DER SubjectPublicKeyInfo`);
        json = { keyDetails, publicKey: { rawBytes: toBase64(spki) } };
    }
    let key;
    try {
        key = (0,prehash/* parseSpki */.FP)(spki);
    }
    catch {
        throw notDer();
    }
    let description;
    if (key.kind === 'unsupported') {
        // Not a key this log verifies with. Describe it as OpenSSL sees it, for the message.
        let imported;
        try {
            imported = (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
        }
        catch {
            throw notDer();
        }
        description = describeKeyObject(imported);
        if (profile.matches(description)) {
            // OpenSSL reads it as the right key type, but not in the form PKIX prescribes.
            throw rekor_invalid(`${what} has a ${keyDetails} key encoded in a form this log does not accept: ${key.reason}`);
        }
    }
    else {
        description =
            key.kind === 'ec'
                ? { type: 'ec', namedCurve: key.curve }
                : { type: 'rsa', modulusLength: key.modulusBits };
    }
    if (key.kind === 'unsupported' || !profile.matches(description)) {
        throw rekor_invalid(`${what}.keyDetails is ${keyDetails} but the key is ${rekor_describeKey(description)}`);
    }
    return { json, key, profile, keyDetails };
}
function describeKeyObject(key) {
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails;
    if (type === 'ec')
        return { type, namedCurve: details?.namedCurve };
    if (type === 'rsa')
        return { type, modulusLength: details?.modulusLength };
    return { type };
}
function rekor_describeKey(key) {
    if ('namedCurve' in key)
        return `EC ${key.namedCurve ?? 'unknown curve'}`;
    if ('modulusLength' in key)
        return `RSA ${key.modulusLength ?? '?'} bits`;
    return key.type ?? 'an unknown key type';
}
function buildEntry(digest, signature, verifier) {
    const entry = {
        apiVersion: HASHEDREKORD.version,
        kind: HASHEDREKORD.kind,
        spec: {
            hashedRekordV002: {
                data: { algorithm: verifier.profile.hash, digest: toBase64(digest) },
                signature: { content: toBase64(signature), verifier: verifier.json },
            },
        },
    };
    return { body: Buffer.from(canonicalize(entry), 'utf8'), ...HASHEDREKORD };
}
function hashedRekord(request) {
    const digest = bytes(request, 'digest', 'digest');
    const signature = object(rekor_field(request, 'signature', 'signature'), 'signature');
    const content = bytes(signature, 'content', 'signature.content');
    const verifier = parseVerifier(rekor_field(signature, 'verifier', 'signature.verifier'), 'signature.verifier');
    if (digest.length !== verifier.profile.digestLength) {
        throw rekor_invalid(`digest is ${digest.length} bytes but ${verifier.keyDetails} needs a ${verifier.profile.digestLength}-byte ${verifier.profile.hash} digest`);
    }
    if (!(0,prehash/* verifyPrehashedKey */.Fn)(verifier.key, digest, content)) {
        throw rekor_invalid('signature.content does not verify over the digest with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** DSSE pre-authentication encoding (the bytes a DSSE signature covers). */
function pae(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `),
        type,
        Buffer.from(` ${payload.length} `),
        payload,
    ]);
}
/**
 * Upstream dropped the dsse type and expects clients to log a hashedrekord over H(PAE); sigstore-js
 * still sends dsseRequestV002, so it is accepted and logged in exactly that hashedrekord form,
 * which both sigstore-js and sigstore-go reconstruct when they verify.
 */
function dsse(request) {
    const envelope = object(rekor_field(request, 'envelope', 'envelope'), 'envelope');
    const payload = bytes(envelope, 'payload', 'envelope.payload');
    const payloadType = rekor_field(envelope, 'payloadType', 'envelope.payloadType');
    if (typeof payloadType !== 'string')
        throw rekor_invalid('envelope.payloadType must be a string');
    const signatures = rekor_field(envelope, 'signatures', 'envelope.signatures');
    if (!Array.isArray(signatures) || signatures.length !== 1) {
        throw rekor_invalid('envelope.signatures must hold exactly one signature');
    }
    const content = bytes(object(signatures[0], 'envelope.signatures[0]'), 'sig', 'envelope.signatures[0].sig');
    const verifiers = rekor_field(request, 'verifiers', 'verifiers');
    if (!Array.isArray(verifiers) || verifiers.length !== 1)
        throw rekor_invalid('verifiers must hold exactly one verifier');
    const verifier = parseVerifier(verifiers[0], 'verifiers[0]');
    // ECDSA and RSA PKCS#1 v1.5 sign a hash of the message, so verifying the signature over
    // H(PAE) is verifying it over the PAE, without importing the key into OpenSSL.
    const digest = (0,external_node_crypto_.createHash)(NODE_HASH[verifier.profile.hash])
        .update(pae(payloadType, payload))
        .digest();
    if (!(0,prehash/* verifyPrehashedKey */.Fn)(verifier.key, digest, content)) {
        throw rekor_invalid('envelope.signatures[0].sig does not verify over the envelope with the given key');
    }
    return buildEntry(digest, content, verifier);
}
/** Validates a CreateEntryRequest, verifies its signature, and returns the entry to log. */
function entryFromRequest(request) {
    const body = object(request, 'the request body');
    const keys = Object.keys(body);
    const hashed = body.hashedRekordRequestV002 ?? body.hashed_rekord_request_v002;
    const envelope = body.dsseRequestV002 ?? body.dsse_request_v002;
    if (keys.length !== 1 || (hashed === undefined && envelope === undefined)) {
        throw new error_TlogError('ENTRY_UNSUPPORTED', `invalid type, must be hashedrekord: the body must hold exactly one of hashedRekordRequestV002 or dsseRequestV002, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    }
    return hashed !== undefined
        ? hashedRekord(object(hashed, 'hashedRekordRequestV002'))
        : dsse(object(envelope, 'dsseRequestV002'));
}
/** The TransparencyLogEntry answer, in protojson form (int64 as strings, bytes as base64). */
function transparencyLogEntry(entry, result, logKeyId) {
    const index = String(result.index);
    return {
        logIndex: index,
        logId: { keyId: toBase64(logKeyId) },
        kindVersion: { kind: entry.kind, version: entry.version },
        integratedTime: '0',
        inclusionProof: {
            logIndex: index,
            rootHash: toBase64(result.checkpoint.rootHash),
            treeSize: String(result.checkpoint.size),
            hashes: result.proof.map(toBase64),
            checkpoint: { envelope: result.checkpoint.note },
        },
        canonicalizedBody: toBase64(entry.body),
    };
}
//# sourceMappingURL=rekor.js.map
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./build/server/verify-worker.js











/**
 * The request verification worker of verify-pool.ts, and the message format both sides share.
 * Loaded with `workerData.role` = WORKER_ROLE it serves batches of two kinds of job: Rekor
 * entries (parse, verify the signature, canonicalise) and signing-certificate requests
 * (token, identity, proof of possession: the CA's admission). Results travel packed into one
 * transferred buffer; every error is caught per request and sent back, so no input can stop
 * the thread. Imported anywhere else (the pool imports it for the format) it only defines
 * things.
 *
 * This file must not import verify-pool.ts: scripts/bundle.js bundles it as an entry point of
 * its own, and it has no use for the pool.
 */
const WORKER_ROLE = 'signet-verify-worker';
/** What a log-entry POST body becomes: the canonical entry, or the error `entryFromRequest` throws. */
function verifyRequestBody(body) {
    return entryFromRequest(parseJson(body));
}
/** The CA's admission of a signingCert POST body, with the request's Authorization header. */
const admitRequestBody = (verifier, body, authorization) => admitSigningRequest(verifier, parseJson(body), authorization);
const tokenVerifierFor = (identity) => new TokenVerifier(new IssuerRegistry(identity));
/** An admitted request as bytes (JSON), to travel in a batch's packed buffer. */
const encodeAdmitted = ({ identity, publicKey }) => Buffer.from(JSON.stringify({ identity, publicKey: publicKey.toString('base64') }));
function decodeAdmitted(bytes) {
    const { identity, publicKey } = JSON.parse(bytes.toString('utf8'));
    return { identity, publicKey: Buffer.from(publicKey, 'base64') };
}
function toWireError(error) {
    if (error instanceof ServerError) {
        return {
            kind: 'ServerError',
            code: error.code,
            message: error.message,
            status: error.status,
            headers: error.headers,
        };
    }
    for (const [kind, cls] of [
        ['TlogError', error_TlogError],
        ['PrehashError', prehash/* PrehashError */.e4],
        ['CoreError', core_error/* CoreError */.a],
        ['OidcError', OidcError],
        ['CaError', error_CaError],
    ]) {
        if (error instanceof cls)
            return { kind, code: error.code, message: error.message };
    }
    const plain = error instanceof Error ? error : new Error(String(error));
    return {
        kind: 'Error',
        code: error instanceof core_error/* SignetError */.T ? error.code : plain.name,
        message: plain.message,
        stack: plain.stack,
    };
}
function fromWireError(wire) {
    switch (wire.kind) {
        case 'ServerError':
            return new ServerError(wire.code, wire.status ?? 500, wire.message, {
                headers: wire.headers,
            });
        case 'TlogError':
            return new error_TlogError(wire.code, wire.message);
        case 'PrehashError':
            return new prehash/* PrehashError */.e4(wire.code, wire.message);
        case 'CoreError':
            return new core_error/* CoreError */.a(wire.code, wire.message);
        case 'OidcError':
            return new OidcError(wire.code, wire.message);
        case 'CaError':
            return new error_CaError(wire.code, wire.message);
        default: {
            const error = new Error(wire.message);
            error.name = wire.code;
            if (wire.stack !== undefined)
                error.stack = `${wire.stack}\n    (in a verification worker)`;
            return error;
        }
    }
}
/** Copies buffers back to back into one fresh ArrayBuffer (never a pooled one: it is transferred). */
function pack(buffers) {
    let total = 0;
    for (const b of buffers)
        total += b.length;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
        out.set(b, offset);
        offset += b.length;
    }
    return out.buffer;
}
// ---------------------------------------------------------------- the worker
function serve(port, setup) {
    const verifier = setup.identity && tokenVerifierFor(setup.identity);
    const run = async (kind, body, authorization) => {
        if (kind === 'entry')
            return verifyRequestBody(body).body;
        if (verifier === undefined)
            throw new Error('this worker was started without CA issuers');
        return encodeAdmitted(await admitRequestBody(verifier, body, authorization || undefined));
    };
    // Batches run at once but are answered in the order they came: certificate jobs wait on
    // token verification, and the pool matches answers to batches by order.
    let answered = Promise.resolve();
    port.on('message', ({ seq, kinds, authorizations, lengths, data }) => {
        const input = Buffer.from(data);
        let offset = 0;
        const jobs = lengths.map((length, i) => {
            const body = input.subarray(offset, offset + length);
            offset += length;
            return run(kinds[i] ?? 'entry', body, authorizations[i] ?? '').then((result) => result, (error) => toWireError(error));
        });
        const done = Promise.all(jobs);
        answered = answered
            .then(() => done)
            .then((outcomes) => {
            const results = outcomes.map((o) => (Buffer.isBuffer(o) ? o.length : o));
            const out = pack(outcomes.filter((o) => Buffer.isBuffer(o)));
            const answer = { type: 'done', seq, results, data: out };
            port.postMessage(answer, [out]);
        });
    });
    const ready = { type: 'ready' };
    port.postMessage(ready);
}
const setup = external_node_worker_threads_namespaceObject.workerData;
if (!external_node_worker_threads_namespaceObject.isMainThread && external_node_worker_threads_namespaceObject.parentPort !== null && setup?.role === WORKER_ROLE)
    serve(external_node_worker_threads_namespaceObject.parentPort, setup);
//# sourceMappingURL=verify-worker.js.map
;// CONCATENATED MODULE: ./build/server/verify-pool.js




const DEFAULT_MAX_QUEUE = 1024;
/**
 * The worker script, beside this module in build/ and beside index.js in dist/ (where
 * scripts/bundle.js writes it). A variable, not a literal in `new URL(...)`, so that the
 * bundler leaves the reference alone instead of copying the unbundled file as an asset.
 */
const WORKER_FILE = './verify-worker.js';
const DEFAULT_MAX_BATCH = 64;
/** Wait before replacing a worker that died before it was ready, so a broken build cannot spin. */
const RESPAWN_DELAY_MS = 1000;
const entryFrom = (body) => ({ body, ...HASHEDREKORD });
/** Runs one job on the calling thread, with the same result bytes a worker would send. */
async function runHere(job, verifier) {
    if (job.kind === 'entry')
        return verifyRequestBody(job.body).body;
    return encodeAdmitted(await admitRequestBody(verifier(), job.body, job.authorization || undefined));
}
/** Lazily, since a service without the CA role never admits anything. */
function lazyTokenVerifier(identity) {
    let verifier;
    return () => {
        if (identity === undefined)
            throw new Error('no CA issuers were configured for admission');
        verifier ??= tokenVerifierFor(identity);
        return verifier;
    };
}
/** Verifies on the calling thread (`verifyWorkers: 0`). */
function inThreadVerifier(identity) {
    const verifier = lazyTokenVerifier(identity);
    return {
        verify: async (body) => entryFrom(await runHere({ kind: 'entry', body, authorization: '' }, verifier)),
        admit: async (body, authorization) => decodeAdmitted(await runHere({ kind: 'certificate', body, authorization: authorization ?? '' }, verifier)),
        close: () => Promise.resolve(),
    };
}
/** A pool of `size` workers, or the in-thread verifier for 0. */
const startRequestVerifier = (options) => options.size === 0
    ? Promise.resolve(inThreadVerifier(options.identity))
    : VerifyPool.start(options);
class VerifyPool {
    slots;
    maxQueue;
    maxBatch;
    workerUrl;
    logger;
    setup;
    localVerifier;
    seq = 0;
    flushScheduled = false;
    closing = false;
    idle;
    timers = new Set();
    constructor(options) {
        this.slots = new Array(options.size).fill(undefined);
        this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
        this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
        this.workerUrl = options.workerUrl ?? new URL(WORKER_FILE, import.meta.url);
        this.logger = options.logger;
        this.setup = { role: WORKER_ROLE, ...(options.identity ? { identity: options.identity } : {}) };
        this.localVerifier = lazyTokenVerifier(options.identity);
    }
    /** Starts `size` (at least 1) workers and waits until every one has loaded. */
    static async start(options) {
        if (!Number.isInteger(options.size) || options.size < 1) {
            throw new RangeError(`a verification pool needs at least one worker, got ${options.size}`);
        }
        const pool = new VerifyPool(options);
        try {
            await Promise.all(pool.slots.map((_, i) => pool.spawn(i)));
        }
        catch (error) {
            await pool.close();
            throw error;
        }
        return pool;
    }
    /** The workers' thread ids, in slot order (diagnostics and tests). */
    get threadIds() {
        return this.slots.flatMap((s) => (s === undefined ? [] : [s.worker.threadId]));
    }
    /** Requests accepted and not yet answered. */
    get load() {
        return this.slots.reduce((sum, s) => sum + (s?.load ?? 0), 0);
    }
    /** Terminates one worker as if it had crashed (tests). */
    async killWorker(index) {
        await this.slots[index]?.worker.terminate();
    }
    verify(body) {
        return this.submit('entry', body, '').then(entryFrom);
    }
    admit(body, authorization) {
        return this.submit('certificate', body, authorization ?? '').then(decodeAdmitted);
    }
    submit(kind, body, authorization) {
        if (this.closing) {
            return Promise.reject(new ServerError('UNAVAILABLE', 503, 'the server is shutting down', {
                headers: { 'retry-after': '1' },
            }));
        }
        let best;
        for (const slot of this.slots) {
            if (slot?.ready && (best === undefined || slot.load < best.load))
                best = slot;
        }
        // No worker alive (all being replaced): verify here rather than fail.
        if (best === undefined)
            return runHere({ kind, body, authorization }, this.localVerifier);
        if (best.load >= this.maxQueue) {
            return Promise.reject(new ServerError('UNAVAILABLE', 503, `request verification is saturated (${this.load} requests waiting); retry later`, { headers: { 'retry-after': '1' } }));
        }
        const slot = best;
        return new Promise((resolve, reject) => {
            slot.pending.push({ kind, body, authorization, resolve, reject });
            slot.load++;
            if (slot.pending.length >= this.maxBatch)
                this.flush(slot);
            else if (!this.flushScheduled) {
                this.flushScheduled = true;
                setImmediate(() => {
                    this.flushScheduled = false;
                    for (const slot of this.slots)
                        if (slot !== undefined)
                            this.flush(slot);
                });
            }
        });
    }
    /**
     * Refuses new requests, waits for the accepted ones to be answered, then stops the workers.
     * Callers whose verification finished get their turn (a macrotask) before this resolves.
     */
    async close() {
        this.closing = true;
        for (const timer of this.timers)
            clearTimeout(timer);
        this.timers.clear();
        if (this.load > 0)
            await new Promise((resolve) => (this.idle = resolve));
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all(this.slots.map((slot) => {
            if (slot === undefined)
                return undefined;
            slot.retiring = true;
            return slot.worker.terminate();
        }));
    }
    flush(slot) {
        if (slot.pending.length === 0 || !slot.ready)
            return;
        const jobs = slot.pending.splice(0, this.maxBatch);
        const seq = this.seq++;
        const data = pack(jobs.map((j) => j.body));
        slot.inFlight.push({ seq, jobs });
        const message = {
            seq,
            kinds: jobs.map((j) => j.kind),
            authorizations: jobs.map((j) => j.authorization),
            lengths: jobs.map((j) => j.body.length),
            data,
        };
        slot.worker.postMessage(message, [data]);
        if (slot.pending.length > 0)
            this.flush(slot);
    }
    spawn(index) {
        const worker = new external_node_worker_threads_namespaceObject.Worker(this.workerUrl, { workerData: this.setup });
        const slot = {
            index,
            worker,
            ready: false,
            pending: [],
            inFlight: [],
            load: 0,
            retiring: false,
        };
        this.slots[index] = slot;
        return new Promise((resolve, reject) => {
            let failure;
            worker.on('message', (message) => {
                if (message.type === 'ready') {
                    slot.ready = true;
                    resolve();
                    this.flush(slot);
                }
                else {
                    this.answer(slot, message);
                }
            });
            worker.on('error', (error) => {
                failure = error;
                this.logger?.error('signature verification worker failed', {
                    threadId: worker.threadId,
                    error: String(error.stack ?? error),
                });
            });
            worker.once('exit', (code) => {
                const wasReady = slot.ready;
                slot.ready = false;
                if (this.slots[index] === slot)
                    this.slots[index] = undefined;
                if (!wasReady)
                    reject(failure ?? new Error(`verification worker exited with code ${code}`));
                this.fail(slot, code, wasReady);
            });
        });
    }
    /** A worker is gone: fail what it was verifying, re-queue what it never got, replace it. */
    fail(slot, code, wasReady) {
        const lost = slot.inFlight.flatMap((b) => b.jobs);
        slot.inFlight = [];
        const requeue = slot.pending;
        slot.pending = [];
        slot.load = 0;
        if (slot.retiring && lost.length === 0)
            return;
        if (lost.length > 0) {
            this.logger?.error('signature verification worker stopped; its requests fail', {
                threadId: slot.worker.threadId,
                exitCode: code,
                failedRequests: lost.length,
            });
        }
        for (const job of lost) {
            job.reject(new ServerError('INTERNAL', 500, 'signature verification failed: the verification worker stopped'));
        }
        if (!this.closing) {
            const respawn = () => {
                this.spawn(slot.index).catch((error) => {
                    this.logger?.error('could not replace a signature verification worker', {
                        error: String(error?.stack ?? error),
                    });
                });
            };
            if (wasReady)
                respawn();
            else {
                const timer = setTimeout(() => {
                    this.timers.delete(timer);
                    respawn();
                }, RESPAWN_DELAY_MS);
                this.timers.add(timer);
            }
        }
        // Requeued jobs were never sent: hand them to the live workers (or verify them here).
        for (const job of requeue) {
            this.submit(job.kind, job.body, job.authorization).then(job.resolve, job.reject);
        }
        this.checkIdle();
    }
    answer(slot, message) {
        const batch = slot.inFlight[0];
        if (batch === undefined || batch.seq !== message.seq) {
            // Cannot happen with one FIFO port per worker. Never misroute answers: treat it as a
            // crash, so that everything the worker holds fails and a fresh worker takes over.
            this.logger?.error('signature verification worker answered out of order', {
                threadId: slot.worker.threadId,
                got: message.seq,
                expected: batch?.seq,
            });
            void slot.worker.terminate();
            return;
        }
        slot.inFlight.shift();
        slot.load -= batch.jobs.length;
        const data = Buffer.from(message.data);
        let offset = 0;
        batch.jobs.forEach((job, i) => {
            const result = message.results[i];
            if (typeof result === 'number') {
                // A copy, so that a long-lived entry does not pin the whole batch's buffer.
                const bytes = Buffer.from(data.subarray(offset, offset + result));
                offset += result;
                job.resolve(bytes);
            }
            else if (result === undefined) {
                job.reject(new Error('verification worker sent too few results'));
            }
            else {
                job.reject(fromWireError(result));
            }
        });
        this.checkIdle();
    }
    checkIdle() {
        if (this.idle !== undefined && this.load === 0) {
            const idle = this.idle;
            this.idle = undefined;
            idle();
        }
    }
}
//# sourceMappingURL=verify-pool.js.map
;// CONCATENATED MODULE: ./build/server/routes/log.js




/** Tiles and entry bundles never change once published; the checkpoint changes constantly. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const CHECKPOINT_CACHE = 'no-cache';
function logRoutes(log, logId, maxBodyBytes, appends, 
/** Parses and verifies request bodies: a worker pool, or the event loop itself. */
verifier = inThreadVerifier()) {
    return {
        async createEntry(req, res) {
            requireMediaType(req, ['application/json']);
            const entry = await verifier.verify(await readBody(req, maxBodyBytes));
            const result = await log.append(entry.body);
            appends.inc({ result: result.duplicate ? 'duplicate' : 'new' });
            // A resubmitted entry gets its existing index (and upstream's x-log-index header) with a
            // fresh proof; clients of Rekor v2 handle 201 and nothing else.
            const headers = result.duplicate
                ? { 'x-log-index': String(result.index) }
                : {};
            sendJson(res, 201, transparencyLogEntry(entry, result, logId), headers);
        },
        async read(path, res) {
            let data;
            try {
                data = await log.readObject(path);
            }
            catch (error) {
                if (error instanceof error_TlogError && error.code === 'TILE_PATH_INVALID') {
                    throw new ServerError('NOT_FOUND', 404, error.message);
                }
                throw error;
            }
            if (data === undefined)
                throw new ServerError('NOT_FOUND', 404, `${path} is not published`);
            if (path === 'checkpoint') {
                send(res, 200, data, 'text/plain; charset=utf-8', { 'cache-control': CHECKPOINT_CACHE });
            }
            else {
                send(res, 200, data, 'application/octet-stream', { 'cache-control': IMMUTABLE_CACHE });
            }
        },
    };
}
/** HTTP status for a log error: bad entries are the client's fault, pushback and failure are not. */
function logErrorStatus(error) {
    switch (error.code) {
        case 'ENTRY_INVALID':
        case 'ENTRY_UNSUPPORTED':
            return { status: 400, headers: {} };
        case 'ENTRY_TOO_LARGE':
            return { status: 413, headers: {} };
        case 'LOG_PUSHBACK':
            return { status: 503, headers: { 'retry-after': '1' } };
        case 'LOG_CLOSED':
        case 'LOG_UNAVAILABLE':
            return { status: 503, headers: {} };
        case 'LOG_INDEX_INVALID':
        case 'TILE_PATH_INVALID':
            return { status: 404, headers: {} };
        default:
            return { status: 500, headers: {} };
    }
}
//# sourceMappingURL=log.js.map
;// CONCATENATED MODULE: ./build/server/routes/ct.js







/** RFC 6962 write API (and get-roots): `/ct/v1/add-pre-chain`, `/ct/v1/add-chain`, `/ct/v1/get-roots`. */
const CT_API_PREFIX = '/ct/v1/';
/** The CT log's tlog-tiles read path: `/ct/checkpoint`, `/ct/tile/...`. */
const CT_READ_PREFIX = '/ct/';
function ctRoutes(ctLog, maxBodyBytes) {
    // The checkpoint and tile reads are the Rekor log's, on another engine; the counter is only
    // for its createEntry, which is never called here, so it is not registered anywhere.
    const reads = logRoutes(ctLog.log, ctLog.logId, maxBodyBytes, new Counter('signet_ct_unused', 'unused'));
    const rootsJson = JSON.stringify({ certificates: ctLog.roots().map((der) => toBase64(der)) });
    const submit = (add) => async (req, res) => {
        requireMediaType(req, ['application/json']);
        const chain = parseChainRequest(await readBody(req, maxBodyBytes));
        const sct = await asServerError(() => add(chain));
        sendJson(res, 200, addChainResponseJson(sct));
    };
    const routes = {
        addPreChain: submit((chain) => ctLog.addPreChain(chain)),
        addChain: submit((chain) => ctLog.addChain(chain)),
        getRoots(res) {
            send(res, 200, rootsJson, 'application/json');
        },
        read: (path, res) => reads.read(path, res),
        async route(req, res, path) {
            if (!path.startsWith(CT_READ_PREFIX))
                return undefined;
            const method = req.method ?? 'GET';
            switch (path) {
                case `${CT_API_PREFIX}add-pre-chain`:
                    requireMethod(method, path, 'POST');
                    await routes.addPreChain(req, res);
                    return 'ct_add_pre_chain';
                case `${CT_API_PREFIX}add-chain`:
                    requireMethod(method, path, 'POST');
                    await routes.addChain(req, res);
                    return 'ct_add_chain';
                case `${CT_API_PREFIX}get-roots`:
                    requireMethod(method, path, 'GET');
                    routes.getRoots(res);
                    return 'ct_get_roots';
            }
            if (path.startsWith(CT_API_PREFIX)) {
                throw new ServerError('NOT_FOUND', 404, `${path} is not served: this CT log offers add-chain, add-pre-chain and get-roots; read its checkpoint and tiles under ${CT_READ_PREFIX}`);
            }
            const rest = path.slice(CT_READ_PREFIX.length);
            if (rest !== 'checkpoint' && !rest.startsWith('tile/'))
                return undefined;
            requireMethod(method, path, 'GET');
            await routes.read(rest, res);
            return rest === 'checkpoint' ? 'ct_checkpoint' : 'ct_tile';
        },
    };
    return routes;
}
function requireMethod(method, path, allowed) {
    if (method === allowed || (allowed === 'GET' && method === 'HEAD'))
        return;
    const allow = allowed === 'GET' ? 'GET, HEAD' : 'POST';
    throw new ServerError('METHOD_NOT_ALLOWED', 405, `${method} ${path} is not supported`, {
        headers: { allow },
    });
}
const badRequest = (message) => new ServerError('BAD_REQUEST', 400, message);
/** The RFC 6962 §4.1 request body: `{"chain": [base64 DER, ...]}`, leaf first. */
function parseChainRequest(body) {
    const json = parseJson(body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw badRequest('request body must be a JSON object {"chain": [base64 DER certificates]}');
    }
    const chain = json.chain;
    if (!Array.isArray(chain) || chain.length === 0) {
        throw badRequest('chain must be a non-empty array of base64 DER certificates, leaf first');
    }
    return chain.map((item, i) => {
        if (typeof item !== 'string')
            throw badRequest(`chain[${i}] must be a base64 string`);
        try {
            return fromBase64(item, `chain[${i}]`);
        }
        catch (error) {
            if (error instanceof core_error/* CoreError */.a)
                throw badRequest(error.message);
            throw error;
        }
    });
}
/** HTTP status for a CT error: bad chains are the submitter's fault, pushback and failure are not. */
function ctErrorStatus(error) {
    switch (error.code) {
        case 'CHAIN_INVALID':
        case 'CHAIN_UNTRUSTED':
        case 'PRECERT_INVALID':
        case 'CERTIFICATE_INVALID':
            return { status: 400, headers: {} };
        case 'LOG_PUSHBACK':
            return { status: 503, headers: { 'retry-after': '1' } };
        case 'LOG_UNAVAILABLE':
            return { status: 503, headers: {} };
        default:
            return { status: 500, headers: {} };
    }
}
/**
 * Runs `work`, turning a CtError into the ServerError it answers as, so the service's error
 * handler needs no CT-specific case. Server faults keep a generic message, like other 500s.
 */
async function asServerError(work) {
    try {
        return await work();
    }
    catch (error) {
        if (!(error instanceof error_CtError))
            throw error;
        const { status, headers } = ctErrorStatus(error);
        if (status === 500)
            throw error;
        const code = status === 400 ? 'BAD_REQUEST' : 'UNAVAILABLE';
        throw new ServerError(code, status, error.message, { cause: error, headers });
    }
}
//# sourceMappingURL=ct.js.map
;// CONCATENATED MODULE: ./build/src/tsa/request.js





/** Upstream's exact messages for the two most common refusals, which clients may match on. */
const WEAK_HASH_MESSAGE = 'Weak hash algorithm in timestamp request';
const DIGEST_LENGTH_MESSAGE = 'Message digest has incorrect length for specified algorithm';
const DOTTED_OID = /^[0-2](\.(0|[1-9]\d*))+$/;
/** A MessageImprint with NULL hash parameters, the form sigstore clients and Go send. */
function encodeMessageImprint(hashAlgorithm, hashedMessage) {
    return (0,core_der/* sequence */.K2)((0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(oids_HASH_ALGORITHMS[hashAlgorithm].oid), (0,core_der/* nullValue */.Pv)()), (0,core_der/* octetString */.J8)(hashedMessage));
}
function checkDigest(hashAlgorithm, hashedMessage) {
    if (hashedMessage.length !== oids_HASH_ALGORITHMS[hashAlgorithm].length) {
        throw new error_TsaError('DIGEST_LENGTH_MISMATCH', DIGEST_LENGTH_MESSAGE);
    }
}
function hashFromOid(hashOid) {
    if (hashOid === oids_TSA_OID.sha1)
        throw new error_TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
    const hash = oids_hashAlgorithmByOid(hashOid);
    if (!hash) {
        throw new error_TsaError('UNSUPPORTED_HASH_ALGORITHM', `unsupported hash algorithm ${hashOid} in timestamp request (use sha256, sha384 or sha512)`);
    }
    return hash;
}
/** MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING } */
function parseMessageImprint(node) {
    const [algorithm, digest, extra] = node.expect(core_der/* Tag */.vw.SEQUENCE, 'messageImprint').children();
    if (!algorithm || !digest || extra) {
        throw new core_error/* CoreError */.a('DER_INVALID', 'messageImprint: expected hashAlgorithm and hashedMessage');
    }
    const [hashOid, params, extraParam] = algorithm.expect(core_der/* Tag */.vw.SEQUENCE, 'hashAlgorithm').children();
    if (!hashOid || extraParam || (params && params.raw.compare((0,core_der/* nullValue */.Pv)()) !== 0)) {
        throw new core_error/* CoreError */.a('DER_INVALID', 'hashAlgorithm: parameters must be absent or NULL');
    }
    const hashAlgorithm = hashFromOid(hashOid.toOid('hashAlgorithm'));
    const hashedMessage = digest.expect(core_der/* Tag */.vw.OCTET_STRING, 'hashedMessage').value;
    checkDigest(hashAlgorithm, hashedMessage);
    return { hashAlgorithm, hashedMessage };
}
/** Rejects critical extensions (we implement none) and malformed ones; ignores the rest. */
function checkRequestExtensions(node) {
    for (const ext of node.children()) {
        const fields = ext.expect(core_der/* Tag */.vw.SEQUENCE, 'Extension').children();
        const extOid = fields[0]?.toOid('extnID');
        const last = fields[fields.length - 1];
        if (!extOid || fields.length < 2 || fields.length > 3 || last?.tag !== core_der/* Tag */.vw.OCTET_STRING) {
            throw new core_error/* CoreError */.a('DER_INVALID', 'request extension: malformed Extension');
        }
        if (fields.length === 3 && fields[1].toBoolean('critical')) {
            throw new error_TsaError('UNACCEPTED_EXTENSION', `critical request extension ${extOid} is not supported by this TSA`);
        }
    }
}
/**
 * Parses a DER TimeStampReq (RFC 3161 §2.4.1) strictly: version 1, a supported hash with a
 * digest of the right length, nothing unknown and nothing after the structure.
 */
function parseTimestampRequest(der) {
    try {
        const fields = (0,core_der/* parseDer */.zE)(der).expect(core_der/* Tag */.vw.SEQUENCE, 'TimeStampReq').children();
        const version = fields[0]?.toBigInt('version');
        if (version === undefined)
            throw new core_error/* CoreError */.a('DER_INVALID', 'TimeStampReq: empty');
        if (version !== 1n) {
            throw new error_TsaError('UNSUPPORTED_VERSION', `unsupported TimeStampReq version ${version} (expected 1)`);
        }
        const imprintNode = fields[1];
        if (!imprintNode)
            throw new core_error/* CoreError */.a('DER_INVALID', 'TimeStampReq: missing messageImprint');
        const request = {
            ...parseMessageImprint(imprintNode),
            messageImprint: imprintNode.raw,
            certReq: false,
        };
        let i = 2;
        if (fields[i]?.tag === core_der/* Tag */.vw.OID)
            request.policy = fields[i++].toOid('reqPolicy');
        if (fields[i]?.tag === core_der/* Tag */.vw.INTEGER)
            request.nonce = fields[i++].toBigInt('nonce');
        // An explicit FALSE is a DER violation (it is the DEFAULT) but harmless, and some BER-minded
        // encoders emit it; refusing would only break those clients.
        if (fields[i]?.tag === core_der/* Tag */.vw.BOOLEAN)
            request.certReq = fields[i++].toBoolean('certReq');
        if (fields[i]?.tag === 0xa0)
            checkRequestExtensions(fields[i++]);
        const unexpected = fields[i];
        if (unexpected) {
            throw new core_error/* CoreError */.a('DER_INVALID', `TimeStampReq: unexpected field with tag 0x${unexpected.tag.toString(16)}`);
        }
        return request;
    }
    catch (error) {
        if (error instanceof core_error/* CoreError */.a) {
            throw new error_TsaError('REQUEST_MALFORMED', `malformed timestamp request: ${error.message}`, {
                cause: error,
            });
        }
        throw error;
    }
}
const malformedJson = (message) => new error_TsaError('REQUEST_MALFORMED', `malformed JSON timestamp request: ${message}`);
/**
 * Validates the JSON form (`{"artifactHash", "hashAlgorithm", "certificates"?, "nonce"?,
 * "tsaPolicyOID"?}`) given as text/bytes or as an already-parsed value. Unknown members are
 * ignored, as upstream's Go decoder does. Nonces must be exact: numbers beyond 2^53 lose digits in
 * JSON.parse, so they are refused unless the caller's parser produced a bigint.
 */
function parseJsonTimestampRequest(body) {
    let value = body;
    if (typeof body === 'string' || body instanceof Uint8Array) {
        try {
            value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
        }
        catch (error) {
            throw malformedJson(error.message);
        }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw malformedJson('expected a JSON object');
    }
    const json = value;
    const { artifactHash, hashAlgorithm, certificates, nonce, tsaPolicyOID } = json;
    if (typeof hashAlgorithm !== 'string')
        throw malformedJson('hashAlgorithm must be a string');
    if (hashAlgorithm.toLowerCase() === 'sha1') {
        throw new error_TsaError('WEAK_HASH_ALGORITHM', WEAK_HASH_MESSAGE);
    }
    if (!isHashAlgorithm(hashAlgorithm)) {
        throw new error_TsaError('UNSUPPORTED_HASH_ALGORITHM', `unsupported hashAlgorithm "${hashAlgorithm}" (use sha256, sha384 or sha512)`);
    }
    if (typeof artifactHash !== 'string' || artifactHash === '') {
        throw malformedJson('artifactHash must be a non-empty base64 string');
    }
    let hashedMessage;
    try {
        hashedMessage = fromBase64(artifactHash, 'artifactHash');
    }
    catch (error) {
        throw malformedJson(error.message);
    }
    checkDigest(hashAlgorithm, hashedMessage);
    const request = {
        hashAlgorithm,
        hashedMessage,
        messageImprint: encodeMessageImprint(hashAlgorithm, hashedMessage),
        certReq: false,
    };
    if (certificates !== undefined) {
        if (typeof certificates !== 'boolean')
            throw malformedJson('certificates must be a boolean');
        request.certReq = certificates;
    }
    if (nonce !== undefined) {
        if (typeof nonce === 'bigint' ? nonce < 0n : !Number.isSafeInteger(nonce) || nonce < 0) {
            throw malformedJson('nonce must be a non-negative integer below 2^53');
        }
        request.nonce = BigInt(nonce);
    }
    if (tsaPolicyOID !== undefined) {
        if (typeof tsaPolicyOID !== 'string' || !DOTTED_OID.test(tsaPolicyOID)) {
            throw malformedJson('tsaPolicyOID must be a dotted OID string');
        }
        request.policy = tsaPolicyOID;
    }
    return request;
}
/** Encodes a DER TimeStampReq, as a client sends it. */
function encodeTimestampRequest(opts) {
    checkDigest(opts.hashAlgorithm, Buffer.from(opts.hashedMessage));
    const fields = [integer(1), encodeMessageImprint(opts.hashAlgorithm, opts.hashedMessage)];
    if (opts.policy !== undefined)
        fields.push(oid(opts.policy));
    if (opts.nonce !== undefined)
        fields.push(integer(opts.nonce));
    if (opts.certReq)
        fields.push(boolean(true));
    return sequence(...fields);
}
//# sourceMappingURL=request.js.map
;// CONCATENATED MODULE: ./build/src/tsa/response.js





/** PKIStatus values (RFC 3161 §2.4.2). */
const PkiStatus = {
    granted: 0,
    grantedWithMods: 1,
    rejection: 2,
    waiting: 3,
    revocationWarning: 4,
    revocationNotification: 5,
};
const response_malformed = (message, cause) => new TsaError('RESPONSE_MALFORMED', message, { cause });
function children(node, tag, what) {
    if (!node)
        throw new CoreError('DER_INVALID', `${what}: missing`);
    return node.expect(tag, what).children();
}
/** The single element of an EXPLICIT [n] tag. */
function explicit(node, what) {
    const inner = node.children();
    if (inner.length !== 1)
        throw new CoreError('DER_INVALID', `${what}: expected one element`);
    return inner[0];
}
/** A cursor over SEQUENCE fields that makes OPTIONAL fields and leftovers explicit. */
class Fields {
    nodes;
    what;
    i = 0;
    constructor(nodes, what) {
        this.nodes = nodes;
        this.what = what;
    }
    next(field) {
        const node = this.nodes[this.i++];
        if (!node)
            throw new CoreError('DER_INVALID', `${this.what}: missing ${field}`);
        return node;
    }
    optional(tag) {
        const node = this.nodes[this.i];
        if (node?.tag !== tag)
            return undefined;
        this.i++;
        return node;
    }
    end() {
        const node = this.nodes[this.i];
        if (node) {
            throw new CoreError('DER_INVALID', `${this.what}: unexpected field 0x${node.tag.toString(16)}`);
        }
    }
}
function parseAccuracy(node) {
    const fields = new Fields(node.children(), 'accuracy');
    const seconds = fields.optional(Tag.INTEGER)?.toNumber('accuracy.seconds') ?? 0;
    const millis = fields.optional(0x80);
    const micros = fields.optional(0x81);
    fields.end();
    // [0]/[1] IMPLICIT INTEGER: read the content octets as the INTEGER they replace.
    const small = (n) => n ? new DerNode(Tag.INTEGER, n.raw, n.value).toNumber('accuracy') : 0;
    return { seconds, millis: small(millis), micros: small(micros) };
}
/** TSTInfo (RFC 3161 §2.4.2). */
function parseTstInfo(der) {
    const fields = new Fields(children(parseDer(der), Tag.SEQUENCE, 'TSTInfo'), 'TSTInfo');
    const version = fields.next('version').toBigInt('TSTInfo version');
    if (version !== 1n)
        throw new CoreError('DER_INVALID', `TSTInfo: unsupported version ${version}`);
    const policy = fields.next('policy').toOid('policy');
    const imprint = children(fields.next('messageImprint'), Tag.SEQUENCE, 'messageImprint');
    if (imprint.length !== 2)
        throw new CoreError('DER_INVALID', 'messageImprint: malformed');
    const hashAlgorithmOid = algorithmOid(imprint[0], 'messageImprint.hashAlgorithm');
    const info = {
        raw: der,
        policy,
        hashAlgorithmOid,
        hashedMessage: imprint[1].expect(Tag.OCTET_STRING, 'hashedMessage').value,
        serial: fields.next('serialNumber').toSignedBigInt('serialNumber'),
        genTime: fields.next('genTime').expect(Tag.GENERALIZED_TIME, 'genTime').toDate('genTime'),
        ordering: false,
    };
    const hashAlgorithm = hashAlgorithmByOid(hashAlgorithmOid);
    if (hashAlgorithm)
        info.hashAlgorithm = hashAlgorithm;
    const accuracy = fields.optional(Tag.SEQUENCE);
    if (accuracy)
        info.accuracy = parseAccuracy(accuracy);
    const ordering = fields.optional(Tag.BOOLEAN);
    if (ordering)
        info.ordering = ordering.toBoolean('ordering');
    const nonce = fields.optional(Tag.INTEGER);
    if (nonce)
        info.nonce = nonce.toSignedBigInt('nonce');
    const tsa = fields.optional(0xa0);
    if (tsa)
        info.tsa = explicit(tsa, 'tsa').raw;
    fields.optional(0xa1); // extensions: none defined that a verifier must act on
    fields.end();
    return info;
}
function parseEssCertId(node, v2) {
    const fields = new Fields(node.expect(Tag.SEQUENCE, 'ESSCertID').children(), 'ESSCertID');
    // ESSCertIDv2's hashAlgorithm DEFAULTs to SHA-256; v1 is always SHA-1.
    let hashAlgorithmOid = v2 ? HASH_ALGORITHMS.sha256.oid : TSA_OID.sha1;
    if (v2) {
        const alg = fields.optional(Tag.SEQUENCE);
        if (alg)
            hashAlgorithmOid = algorithmOid(alg, 'ESSCertIDv2.hashAlgorithm');
    }
    const id = {
        hashAlgorithmOid,
        certHash: fields.next('certHash').expect(Tag.OCTET_STRING, 'certHash').value,
    };
    const issuerSerial = fields.optional(Tag.SEQUENCE);
    fields.end();
    if (issuerSerial) {
        const [names, serial, extra] = issuerSerial.children();
        if (!names || !serial || extra)
            throw new CoreError('DER_INVALID', 'IssuerSerial: malformed');
        serial.toSignedBigInt('IssuerSerial.serialNumber');
        id.issuerSerial = {
            issuerNames: names
                .expect(Tag.SEQUENCE, 'GeneralNames')
                .children()
                .filter((n) => n.tag === 0xa4)
                .map((n) => explicit(n, 'directoryName').expect(Tag.SEQUENCE, 'directoryName').raw),
            serial: serial.value,
        };
    }
    return id;
}
function parseSigningCertificate(value, v2) {
    const [certs] = children(value, Tag.SEQUENCE, 'SigningCertificate');
    const [first] = children(certs, Tag.SEQUENCE, 'SigningCertificate.certs');
    if (!first)
        throw new CoreError('DER_INVALID', 'SigningCertificate: no ESSCertID');
    return parseEssCertId(first, v2);
}
function parseSignerInfo(node) {
    const fields = new Fields(children(node, Tag.SEQUENCE, 'SignerInfo'), 'SignerInfo');
    const version = fields.next('version').toNumber('SignerInfo version');
    const sidNode = fields.next('sid');
    let sid;
    if (sidNode.tag === Tag.SEQUENCE && version === 1) {
        const [issuer, serial, extra] = sidNode.children();
        if (!issuer || !serial || extra)
            throw new CoreError('DER_INVALID', 'IssuerAndSerialNumber: malformed');
        serial.toSignedBigInt('sid serialNumber');
        sid = { issuer: issuer.expect(Tag.SEQUENCE, 'sid issuer').raw, serial: serial.value };
    }
    else if (sidNode.tag === 0x80 && version === 3) {
        sid = { subjectKeyIdentifier: sidNode.value };
    }
    else {
        throw new CoreError('DER_INVALID', `SignerInfo: version ${version} does not match its sid`);
    }
    const digestAlgorithmOid = algorithmOid(fields.next('digestAlgorithm'), 'digestAlgorithm');
    const attrsNode = fields.optional(0xa0);
    // RFC 3161 tokens must carry the ESS signing-certificate attribute, so signedAttrs too.
    if (!attrsNode)
        throw new CoreError('DER_INVALID', 'SignerInfo: signedAttrs missing');
    const signatureAlgorithmOid = algorithmOid(fields.next('signatureAlgorithm'), 'signatureAlgorithm');
    const signature = fields.next('signature').expect(Tag.OCTET_STRING, 'signature').value;
    fields.optional(0xa1); // unsignedAttrs
    fields.end();
    const attributes = new Map();
    for (const attr of attrsNode.children()) {
        const [type, values, extra] = children(attr, Tag.SEQUENCE, 'Attribute');
        const attrOid = type?.toOid('attrType');
        if (!attrOid || !values || extra)
            throw new CoreError('DER_INVALID', 'Attribute: malformed');
        const [value, ...more] = children(values, Tag.SET, 'attrValues');
        if (!value || more.length > 0) {
            throw new CoreError('DER_INVALID', `attribute ${attrOid}: expected exactly one value`);
        }
        if (attributes.has(attrOid))
            throw new CoreError('DER_INVALID', `attribute ${attrOid} repeated`);
        attributes.set(attrOid, value);
    }
    const contentType = attributes.get(TSA_OID.contentType)?.toOid('contentType attribute');
    if (contentType !== TSA_OID.tstInfo) {
        throw new CoreError('DER_INVALID', 'signedAttrs: contentType attribute missing or not TSTInfo');
    }
    const messageDigest = attributes.get(TSA_OID.messageDigest);
    if (!messageDigest)
        throw new CoreError('DER_INVALID', 'signedAttrs: messageDigest attribute missing');
    const info = {
        sid,
        digestAlgorithmOid,
        signedAttrs: attrsNode.raw,
        messageDigest: messageDigest.expect(Tag.OCTET_STRING, 'messageDigest').value,
        signatureAlgorithmOid,
        signature,
    };
    const signingTime = attributes.get(TSA_OID.signingTime);
    if (signingTime)
        info.signingTime = signingTime.toDate('signingTime');
    const v2 = attributes.get(TSA_OID.signingCertificateV2);
    const v1 = attributes.get(TSA_OID.signingCertificate);
    if (v2)
        info.signingCertificate = parseSigningCertificate(v2, true);
    else if (v1)
        info.signingCertificate = parseSigningCertificate(v1, false);
    return info;
}
function parseToken(node) {
    const [contentType, content, extra] = children(node, Tag.SEQUENCE, 'ContentInfo');
    if (contentType?.toOid('contentType') !== TSA_OID.signedData || !content || extra) {
        throw new CoreError('DER_INVALID', 'ContentInfo: expected SignedData');
    }
    const signedData = explicit(content.expect(0xa0, 'ContentInfo content'), 'content');
    const fields = new Fields(children(signedData, Tag.SEQUENCE, 'SignedData'), 'SignedData');
    const version = fields.next('version').toNumber('SignedData version');
    // RFC 5652 §5.1: version 3 whenever eContentType is not id-data.
    if (version !== 3)
        throw new CoreError('DER_INVALID', `SignedData: version ${version}, expected 3`);
    fields.next('digestAlgorithms').expect(Tag.SET, 'digestAlgorithms');
    const [eContentType, eContent, extraContent] = children(fields.next('encapContentInfo'), Tag.SEQUENCE, 'encapContentInfo');
    if (eContentType?.toOid('eContentType') !== TSA_OID.tstInfo || !eContent || extraContent) {
        throw new CoreError('DER_INVALID', 'encapContentInfo: expected an embedded TSTInfo');
    }
    const tstInfoDer = explicit(eContent.expect(0xa0, 'eContent'), 'eContent').expect(Tag.OCTET_STRING, 'eContent').value;
    const certificates = (fields.optional(0xa0)?.children() ?? []).map((cert) => cert.expect(Tag.SEQUENCE, 'certificate').raw);
    fields.optional(0xa1); // crls
    const signerInfos = children(fields.next('signerInfos'), Tag.SET, 'signerInfos');
    fields.end();
    // RFC 3161 §2.4.2: the token carries the TSA's signature and no other.
    if (signerInfos.length !== 1) {
        throw new CoreError('DER_INVALID', `expected exactly one SignerInfo, found ${signerInfos.length}`);
    }
    return {
        raw: node.raw,
        tstInfo: parseTstInfo(tstInfoDer),
        certificates,
        signerInfo: parseSignerInfo(signerInfos[0]),
    };
}
/** Parses a bare TimeStampToken (ContentInfo DER). */
function parseTimeStampToken(der) {
    try {
        return parseToken(parseDer(der));
    }
    catch (error) {
        if (error instanceof CoreError)
            throw response_malformed(`malformed timestamp token: ${error.message}`, error);
        throw error;
    }
}
/**
 * Parses a TimeStampResp (what Sigstore bundles store). A rejection parses fine and has no
 * token; whether a token verifies is verifyTimestamp's business.
 */
function parseTimeStampResponse(der) {
    try {
        const root = parseDer(der);
        const [statusInfo, tokenNode, extra] = children(root, Tag.SEQUENCE, 'TimeStampResp');
        if (extra)
            throw new CoreError('DER_INVALID', 'TimeStampResp: unexpected trailing field');
        const status = new Fields(children(statusInfo, Tag.SEQUENCE, 'PKIStatusInfo'), 'PKIStatusInfo');
        const response = {
            raw: root.raw,
            status: status.next('status').toNumber('status'),
        };
        const text = status.optional(Tag.SEQUENCE);
        if (text) {
            response.statusString = text
                .children()
                .map((s) => s.expect(Tag.UTF8_STRING, 'PKIFreeText').value.toString('utf8'));
        }
        const failInfo = status.optional(Tag.BIT_STRING);
        if (failInfo)
            response.failInfo = failInfo.toNamedBits('failInfo');
        status.end();
        if (tokenNode)
            response.token = parseToken(tokenNode);
        return response;
    }
    catch (error) {
        if (error instanceof CoreError) {
            throw response_malformed(`malformed timestamp response: ${error.message}`, error);
        }
        throw error;
    }
}
//# sourceMappingURL=response.js.map
;// CONCATENATED MODULE: ./build/src/tsa/status.js



/** What a rejection says when the failure is ours, so internals never leak to requesters. */
const GENERIC_FAILURE_MESSAGE = 'Error generating timestamp response';
/** `PKIStatusInfo { status granted }`, the fixed head of every successful TimeStampResp. */
const GRANTED_STATUS = (0,core_der/* sequence */.K2)((0,core_der/* integer */.nd)(PkiStatus.granted));
/**
 * A DER `TimeStampResp { status: rejection, statusString, failInfo }` for a failed request.
 * TsaErrors the requester caused keep their message and failure bit; anything else becomes
 * systemFailure with a generic message.
 */
function rejectionResponse(error) {
    const known = error instanceof error_TsaError && error.isRequestError;
    const message = known ? error.message : GENERIC_FAILURE_MESSAGE;
    const failInfo = known ? error.failInfo : PkiFailureInfo.systemFailure;
    return (0,core_der/* sequence */.K2)((0,core_der/* sequence */.K2)((0,core_der/* integer */.nd)(PkiStatus.rejection), (0,core_der/* sequence */.K2)((0,core_der/* utf8String */.tv)(message)), (0,core_der/* namedBitString */.o5)([failInfo])));
}
//# sourceMappingURL=status.js.map
;// CONCATENATED MODULE: ./build/src/tsa/authority.js









/** TSTInfo accuracy, as sigstore/timestamp-authority states it. */
const DEFAULT_ACCURACY_SECONDS = 1;
/** Signature digest; SHA-256 even for P-384 keys, like upstream's `--timestamp-signer-hash`. */
const DEFAULT_SIGNER_HASH = 'sha256';
const SUPPORTED_CURVES = ['prime256v1', 'secp384r1'];
const VERSION_1 = (0,core_der/* integer */.nd)(1);
const SIGNED_DATA_VERSION_3 = (0,core_der/* integer */.nd)(3);
const SIGNER_INFO_VERSION_1 = (0,core_der/* integer */.nd)(1);
const SIGNED_DATA_OID = (0,core_der/* oid */.jq)(oids_TSA_OID.signedData);
const TSTINFO_OID = (0,core_der/* oid */.jq)(oids_TSA_OID.tstInfo);
const SIGNING_TIME_OID = (0,core_der/* oid */.jq)(oids_TSA_OID.signingTime);
const MESSAGE_DIGEST_OID = (0,core_der/* oid */.jq)(oids_TSA_OID.messageDigest);
const configError = (message) => new error_TsaError('CONFIG_INVALID', message);
/**
 * An RFC 3161 timestamp authority shaped like sigstore/timestamp-authority (digitorus/timestamp):
 * every constant DER piece is assembled once here, so issuing a timestamp only encodes the
 * per-request fields and makes one ECDSA signature.
 */
class TimestampAuthority {
    /** The TSA certificate. */
    certificate;
    certChain;
    policyOid;
    #privateKey;
    #hash;
    #policies = new Map();
    #accuracy;
    #tsaName;
    #signedDataHead;
    #certificates;
    #signerInfoHead;
    #signatureAlgorithm;
    #contentTypeAttribute;
    #signingCertificateAttribute;
    constructor(opts) {
        this.#privateKey = opts.privateKey;
        this.#hash = opts.hashAlgorithm ?? DEFAULT_SIGNER_HASH;
        if (!isHashAlgorithm(this.#hash)) {
            throw configError(`hashAlgorithm must be sha256, sha384 or sha512, not ${String(this.#hash)}`);
        }
        this.certChain = opts.certChain.map((der) => Buffer.from(der));
        const chain = this.certChain.map((der, i) => parseTsaCertificate(der, `certChain[${i}]`, 'CONFIG_INVALID'));
        const leaf = chain[0];
        if (!leaf)
            throw configError('certChain is empty: it must start with the TSA certificate');
        this.certificate = leaf;
        withCertificateErrors('CONFIG_INVALID', 'certChain', () => {
            checkTsaCertificateProfile(leaf);
            verifyTsaChain(chain);
            this.#checkKey(leaf);
        });
        this.policyOid = opts.policyOid ?? DEFAULT_POLICY_OID;
        for (const policy of [this.policyOid, ...(opts.acceptedPolicies ?? [])]) {
            try {
                this.#policies.set(policy, (0,core_der/* oid */.jq)(policy));
            }
            catch (error) {
                if (error instanceof core_error/* CoreError */.a)
                    throw configError(`invalid policy OID "${policy}"`);
                throw error;
            }
        }
        const accuracy = opts.accuracySeconds ?? DEFAULT_ACCURACY_SECONDS;
        if (!Number.isSafeInteger(accuracy) || accuracy < 1) {
            throw configError(`accuracySeconds must be a positive integer, not ${accuracy}`);
        }
        this.#accuracy = (0,core_der/* sequence */.K2)((0,core_der/* integer */.nd)(accuracy));
        // tsa [0] EXPLICIT GeneralName, directoryName [4] EXPLICIT Name.
        this.#tsaName = (0,core_der/* contextTag */.qA)(0, (0,core_der/* contextTag */.qA)(4, leaf.subject));
        const digestAlgorithm = digestAlgorithmIdentifier(this.#hash);
        this.#signedDataHead = Buffer.concat([SIGNED_DATA_VERSION_3, (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, digestAlgorithm)]);
        const sent = opts.includeChainInResponse ? this.certChain : [leaf.der];
        // CertificateSet is a SET OF: DER orders the elements by their encodings.
        this.#certificates = (0,core_der/* contextTag */.qA)(0, Buffer.concat([...sent].sort(Buffer.compare)));
        const serial = (0,core_der/* tlv */.t)(core_der/* Tag */.vw.INTEGER, leaf.serialBytes);
        const sid = (0,core_der/* sequence */.K2)(leaf.issuer, serial);
        this.#signerInfoHead = Buffer.concat([SIGNER_INFO_VERSION_1, sid, digestAlgorithm]);
        this.#signatureAlgorithm = (0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(oids_HASH_ALGORITHMS[this.#hash].ecdsaOid));
        this.#contentTypeAttribute = (0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(oids_TSA_OID.contentType), (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, TSTINFO_OID));
        // ESSCertIDv2's hashAlgorithm DEFAULTs to SHA-256, so DER leaves it out for SHA-256.
        const essCertId = (0,core_der/* sequence */.K2)(...(this.#hash === 'sha256' ? [] : [digestAlgorithm]), (0,core_der/* octetString */.J8)((0,external_node_crypto_.createHash)(this.#hash).update(leaf.der).digest()), (0,core_der/* sequence */.K2)((0,core_der/* sequence */.K2)((0,core_der/* contextTag */.qA)(4, leaf.issuer)), serial));
        this.#signingCertificateAttribute = (0,core_der/* sequence */.K2)((0,core_der/* oid */.jq)(oids_TSA_OID.signingCertificateV2), (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, (0,core_der/* sequence */.K2)((0,core_der/* sequence */.K2)(essCertId))));
    }
    #checkKey(leaf) {
        const key = this.#privateKey;
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (key.type !== 'private' ||
            key.asymmetricKeyType !== 'ec' ||
            !SUPPORTED_CURVES.includes(curve ?? '')) {
            // Sigstore verifiers (sigstore-js) only map ECDSA and RSA signature OIDs.
            throw configError('the TSA key must be an ECDSA P-256 or P-384 private key');
        }
        if (!(0,external_node_crypto_.createPublicKey)(key).equals((0,x509/* certificatePublicKey */.Gm)(leaf))) {
            throw configError('the TSA private key does not match the public key of the TSA certificate');
        }
    }
    /**
     * Issues a timestamp: returns the DER TimeStampResp (status granted) for a parsed request or
     * a DER TimeStampReq. Throws TsaError for requests to refuse (see rejectionResponse).
     * genTime is truncated to whole seconds: sigstore-js only reads GeneralizedTime without
     * fractions or with exactly three digits, and accuracy already covers the difference.
     */
    timestamp(request, now = new Date()) {
        const req = request instanceof Uint8Array ? parseTimestampRequest(request) : request;
        const policy = this.#policies.get(req.policy ?? this.policyOid);
        if (!policy) {
            throw new error_TsaError('UNACCEPTED_POLICY', `requested policy ${req.policy} is not accepted by this TSA (accepted: ${[...this.#policies.keys()].join(', ')})`);
        }
        const genTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
        checkCertificateValidAt(this.certificate, genTime, 'TSA certificate');
        const tstInfo = (0,core_der/* sequence */.K2)(VERSION_1, policy, req.messageImprint, (0,core_der/* integer */.nd)((0,x509/* randomSerial */.YG)()), (0,core_der/* generalizedTime */._8)(genTime), this.#accuracy, ...(req.nonce === undefined ? [] : [(0,core_der/* integer */.nd)(req.nonce)]), this.#tsaName);
        const messageDigest = (0,external_node_crypto_.createHash)(this.#hash).update(tstInfo).digest();
        const attributes = Buffer.concat([
            this.#contentTypeAttribute,
            (0,core_der/* sequence */.K2)(SIGNING_TIME_OID, (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, (0,core_der/* x509Time */.Iz)(genTime))),
            (0,core_der/* sequence */.K2)(MESSAGE_DIGEST_OID, (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, (0,core_der/* octetString */.J8)(messageDigest))),
            this.#signingCertificateAttribute,
        ].sort(Buffer.compare));
        // CMS signs the attributes as a SET OF; the SignerInfo carries them [0] IMPLICIT.
        const signature = (0,external_node_crypto_.sign)(this.#hash, (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, attributes), this.#privateKey);
        const signerInfo = (0,core_der/* sequence */.K2)(this.#signerInfoHead, (0,core_der/* tlv */.t)(0xa0, attributes), this.#signatureAlgorithm, (0,core_der/* octetString */.J8)(signature));
        const signedData = (0,core_der/* sequence */.K2)(this.#signedDataHead, (0,core_der/* sequence */.K2)(TSTINFO_OID, (0,core_der/* contextTag */.qA)(0, (0,core_der/* octetString */.J8)(tstInfo))), ...(req.certReq ? [this.#certificates] : []), (0,core_der/* tlv */.t)(core_der/* Tag */.vw.SET, signerInfo));
        return (0,core_der/* sequence */.K2)(GRANTED_STATUS, (0,core_der/* sequence */.K2)(SIGNED_DATA_OID, (0,core_der/* contextTag */.qA)(0, signedData)));
    }
}
//# sourceMappingURL=authority.js.map
;// CONCATENATED MODULE: ./build/server/routes/tsa.js






/** A JSON timestamp request is a digest and a few flags; upstream caps it at 1 KiB. */
const TSA_MAX_JSON_BYTES = 1024;
/** A DER TimeStampReq is a digest, a nonce, a policy and rarely extensions. */
const TSA_MAX_DER_BYTES = 4096;
const QUERY = 'application/timestamp-query';
const REPLY = 'application/timestamp-reply';
function tsaRoutes(instance, config, timestamps) {
    const authority = new TimestampAuthority({
        privateKey: instance.tsaKey,
        certChain: instance.tsaChain,
        policyOid: config.tsa.policyOid,
        acceptedPolicies: config.tsa.acceptedPolicies,
        accuracySeconds: config.tsa.accuracySeconds,
        includeChainInResponse: config.tsa.includeChain,
    });
    const chainPem = instance.tsaChain.map((der) => (0,core_pem/* toPem */.sg)('CERTIFICATE', der)).join('');
    return {
        async timestamp(req, res) {
            const type = mediaType(req);
            if (type !== QUERY && type !== 'application/json') {
                throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type ${type || '(none)'} is not accepted; send ${QUERY} (DER TimeStampReq) or application/json`);
            }
            const json = type === 'application/json';
            const body = await readBody(req, json ? TSA_MAX_JSON_BYTES : TSA_MAX_DER_BYTES);
            let response;
            try {
                response = authority.timestamp(json ? parseJsonTimestampRequest(body) : parseTimestampRequest(body));
            }
            catch (error) {
                if (!(error instanceof error_TsaError) || !error.isRequestError)
                    throw error;
                timestamps.inc({ outcome: 'rejected' });
                // DER clients get the RFC 3161 rejection (status, statusString, failInfo); JSON clients
                // read `message` from a JSON error body, as with upstream's TSA.
                if (!json) {
                    send(res, 400, rejectionResponse(error), REPLY);
                    return;
                }
                throw error;
            }
            timestamps.inc({ outcome: 'granted' });
            send(res, 200, response, REPLY);
        },
        certChain(res) {
            send(res, 200, chainPem, 'application/pem-certificate-chain');
        },
    };
}
function tsaErrorStatus(error) {
    return error.isRequestError ? 400 : 500;
}
//# sourceMappingURL=tsa.js.map
;// CONCATENATED MODULE: ./build/server/service.js
































/**
 * Pending connections the kernel may queue: a burst of CI jobs connecting at once overflowed
 * Node's default of 511 in the benchmarks, costing those clients a SYN retry (1-3 s).
 */
const LISTEN_BACKLOG = 4096;
/** Paths the tlog-tiles read API answers at, both at the root and under Rekor v2's /api/v2. */
const READ_PREFIXES = ['/api/v2/', '/'];
async function startService(config, logger) {
    const instance = await initInstance({
        dir: config.dataDir,
        publicUrl: config.publicUrl,
        keys: config.keys,
        ca: config.ca,
        logger,
    });
    const { metadata } = instance;
    // Refused before any log opens: a development issuer never runs off loopback.
    const devIssuer = config.devIssuer
        ? await startDevIssuer(metadata.publicUrl, parseListen(config.listen).host)
        : undefined;
    const has = (role) => config.roles.includes(role);
    const signer = noteSigner(metadata.logOrigin, instance.logKey);
    const log = has('tlog')
        ? await TransparencyLog.open({
            origin: metadata.logOrigin,
            signer,
            storage: new PosixLogStorage((0,external_node_path_.join)(config.dataDir, 'log')),
            ...config.log,
        })
        : undefined;
    const ctLog = has('ct')
        ? await CtLog.open({
            // Fixed with the transparency log's origin, so it cannot drift either.
            origin: `${metadata.logOrigin}/ct`,
            key: instance.ctKey,
            storage: new PosixLogStorage((0,external_node_path_.join)(config.dataDir, 'ct')),
            roots: [instance.rootCert, ...(await service_readCertificates(config.ct.acceptedRoots))],
            ...config.log,
        })
        : undefined;
    const externalCt = !ctLog && has('ca') ? await externalCtLog(config) : undefined;
    const identity = {
        issuers: [...(devIssuer ? [devIssuer.settings] : []), ...identityConfigOf(config).issuers],
    };
    const issuers = new IssuerRegistry(identity);
    const fulcio = has('ca')
        ? new FulcioApi(new CertificateAuthority({
            certificate: instance.issuingCa.certificate,
            chainToRoot: [instance.rootCert],
            signer: instance.issuingCa.signer,
            ct: ctLog ?? externalCt?.submitter,
        }))
        : undefined;
    const started = Date.now();
    const publicUrl = metadata.publicUrl;
    const tsaUrl = `${publicUrl}/api/v1/timestamp`;
    const logStart = new Date(metadata.keys.log?.createdAt ?? started);
    // A timestamp is only as old as the certificate that signed it.
    const tsaStart = (0,x509/* parseCertificate */.hB)(instance.tsaChain[0]).notBefore;
    const caStart = (0,x509/* parseCertificate */.hB)(instance.issuingCa.certificate).notBefore;
    const ctStart = new Date(metadata.keys.ct?.createdAt ?? started);
    const tsaSubject = { organization: 'Signet', commonName: 'Signet Timestamp Authority' };
    const logEntry = (publicKey, logId, validFor) => ({
        baseUrl: publicUrl,
        publicKey,
        logId,
        validFor,
    });
    const caEntry = (issuing, validFor) => ({
        uri: publicUrl,
        subject: ISSUING_CA_SUBJECT,
        certChain: [issuing, instance.rootCert],
        validFor,
    });
    const tsaEntry = (certChain, validFor) => ({
        uri: tsaUrl,
        subject: tsaSubject,
        certChain,
        validFor,
    });
    // Retired keys stay, with their end dates, so what they signed keeps verifying.
    const retired = instance.retired;
    // A service publishes trust only for what it serves, plus the external CT log its CA uses.
    const when = (role, entries) => (has(role) ? entries() : []);
    const trustedRoot = buildTrustedRoot({
        tlogs: when('tlog', () => [
            ...retired.flatMap((k) => k.role === 'log'
                ? [logEntry(k.publicKey, noteVerifier(metadata.logOrigin, k.publicKey).keyId, k)]
                : []),
            logEntry((0,external_node_crypto_.createPublicKey)(instance.logKey), signer.keyId, { start: logStart }),
        ]),
        ctlogs: [
            ...when('ct', () => retired.flatMap((k) => k.role === 'ct' ? [logEntry(k.publicKey, logIdOf(k.publicKey), k)] : [])),
            ...(ctLog ? [logEntry(ctLog.publicKey, ctLog.logId, { start: ctStart })] : []),
            // Its SCTs matter from the day this CA's certificate starts, whatever the log's own age.
            ...(externalCt
                ? [
                    {
                        baseUrl: externalCt.url,
                        publicKey: externalCt.publicKey,
                        logId: logIdOf(externalCt.publicKey),
                        validFor: { start: caStart },
                    },
                ]
                : []),
        ],
        certificateAuthorities: when('ca', () => [
            ...retired.flatMap((k) => (k.role === 'issuing-ca' ? [caEntry(k.certificate, k)] : [])),
            caEntry(instance.issuingCa.certificate, { start: caStart }),
        ]),
        timestampAuthorities: when('tsa', () => [
            ...retired.flatMap((k) => (k.role === 'tsa' ? [tsaEntry(k.chain, k)] : [])),
            tsaEntry(instance.tsaChain, { start: tsaStart }),
        ]),
    });
    const operator = new URL(publicUrl).host;
    const signingConfig = buildSigningConfig({
        caUrls: when('ca', () => [
            { url: publicUrl, majorApiVersion: 1, validFor: { start: caStart }, operator },
        ]),
        oidcUrls: devIssuer
            ? [
                {
                    url: devIssuer.settings.issuerUrl,
                    majorApiVersion: 1,
                    validFor: { start: caStart },
                    operator,
                },
            ]
            : [],
        rekorTlogUrls: when('tlog', () => [
            { url: publicUrl, majorApiVersion: 2, validFor: { start: logStart }, operator },
        ]),
        tsaUrls: when('tsa', () => [
            { url: tsaUrl, majorApiVersion: 1, validFor: { start: tsaStart }, operator },
        ]),
    });
    const trustedRootJson = `${JSON.stringify(trustedRoot, null, 2)}\n`;
    await writeDurably((0,external_node_path_.join)(config.dataDir, 'trusted_root.json'), Buffer.from(trustedRootJson));
    await writeDurably((0,external_node_path_.join)(config.dataDir, 'signing_config.json'), Buffer.from(`${JSON.stringify(signingConfig, null, 2)}\n`));
    const registry = new Registry();
    const requests = registry.add(new Counter('signet_http_requests_total', 'HTTP requests by route and status.'));
    const latency = registry.add(new Histogram('signet_http_request_duration_seconds', 'HTTP request latency by route.'));
    const appends = registry.add(new Counter('signet_log_appends_total', 'Log entries accepted, new or duplicate.'));
    const certificates = registry.add(new Counter('signet_ca_certificates_total', 'Signing-certificate requests by outcome.'));
    const timestamps = registry.add(new Counter('signet_tsa_timestamps_total', 'Timestamp responses by outcome.'));
    if (log) {
        registry.add(new Gauge('signet_log_tree_size', 'Size of the published log tree.', () => log.checkpoint.size));
        registry.add(new Gauge('signet_log_pending_entries', 'Log entries accepted but not yet published.', () => log.pending));
    }
    // Log entries and certificate requests are checked off the event loop, in one pool.
    const verifier = log || fulcio
        ? await startRequestVerifier({ size: config.verifyWorkers, logger, identity })
        : undefined;
    const logApi = log && logRoutes(log, signer.keyId, config.maxBodyBytes, appends, verifier);
    const tsaApi = has('tsa') ? tsaRoutes(instance, config, timestamps) : undefined;
    const caApi = fulcio &&
        verifier &&
        caRoutes(fulcio, verifier, issuers, { maxBodyBytes: config.maxBodyBytes, maxInFlight: config.ca.maxInFlight }, certificates, logger);
    const ctApi = ctLog && ctRoutes(ctLog, config.maxBodyBytes);
    /** A role this process does not run answers 404 with the reason, not a bare "no such endpoint". */
    const served = (api, role, path) => {
        if (api === undefined) {
            throw new ServerError('NOT_FOUND', 404, `${path}: this instance does not run the ${role} role (roles: ${config.roles.join(', ')})`);
        }
        return api;
    };
    async function route(req, res, path) {
        const method = req.method ?? 'GET';
        if (devIssuer && (await devIssuer.handle(req, res, path)))
            return 'dev_issuer';
        if (method === 'POST' && path === '/api/v2/log/entries')
            return served(logApi, 'tlog', path)
                .createEntry(req, res)
                .then(() => 'log_entries');
        if (method === 'POST' && path === '/api/v1/timestamp')
            return served(tsaApi, 'tsa', path)
                .timestamp(req, res)
                .then(() => 'timestamp');
        if (method === 'POST' && path === '/api/v2/signingCert')
            return served(caApi, 'ca', path)
                .signingCertificate(req, res)
                .then(() => 'signing_cert');
        if (method === 'POST' && path === '/ct/v1/add-pre-chain')
            return served(ctApi, 'ct', path)
                .addPreChain(req, res)
                .then(() => 'ct_add_pre_chain');
        if (method === 'POST' && path === '/ct/v1/add-chain')
            return served(ctApi, 'ct', path)
                .addChain(req, res)
                .then(() => 'ct_add_chain');
        if (method !== 'GET' && method !== 'HEAD') {
            throw new ServerError('METHOD_NOT_ALLOWED', 405, `${method} ${path} is not supported`, {
                headers: { allow: 'GET, HEAD' },
            });
        }
        switch (path) {
            case '/healthz':
                if (log?.failed !== undefined || ctLog?.log.failed !== undefined)
                    throw new ServerError('UNAVAILABLE', 503, `the ${log?.failed !== undefined ? 'transparency' : 'certificate-transparency'} log stopped after a storage failure`);
                sendJson(res, 200, { status: 'SERVING' });
                return 'healthz';
            case '/metrics':
                send(res, 200, registry.render(), 'text/plain; version=0.0.4');
                return 'metrics';
            case '/trusted_root.json':
                send(res, 200, trustedRootJson, 'application/json', { 'cache-control': 'no-cache' });
                return 'trusted_root';
            case '/signing_config.json':
                sendJson(res, 200, signingConfig, { 'cache-control': 'no-cache' });
                return 'signing_config';
            case '/api/v1/timestamp/certchain':
                served(tsaApi, 'tsa', path).certChain(res);
                return 'timestamp_certchain';
            case '/api/v2/trustBundle':
                served(caApi, 'ca', path).trustBundle(res);
                return 'trust_bundle';
            case '/api/v2/configuration':
                served(caApi, 'ca', path).configuration(res);
                return 'configuration';
            case '/ct/v1/get-roots':
                served(ctApi, 'ct', path).getRoots(res);
                return 'ct_get_roots';
        }
        if (path === '/ct/checkpoint' || path.startsWith('/ct/tile/')) {
            await served(ctApi, 'ct', path).read(path.slice('/ct/'.length), res);
            return path === '/ct/checkpoint' ? 'ct_checkpoint' : 'ct_tile';
        }
        for (const prefix of READ_PREFIXES) {
            const rest = path.slice(prefix.length);
            if (path.startsWith(prefix) && (rest === 'checkpoint' || rest.startsWith('tile/'))) {
                await served(logApi, 'tlog', path).read(rest, res);
                return rest === 'checkpoint' ? 'checkpoint' : 'tile';
            }
        }
        throw new ServerError('NOT_FOUND', 404, `no such endpoint: ${method} ${path}`);
    }
    let inFlight = 0;
    let drained;
    const server = (0,external_node_http_.createServer)((req, res) => {
        inFlight++;
        const began = process.hrtime.bigint();
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        let name = 'unknown';
        route(req, res, path)
            .then((routeName) => {
            name = routeName;
        })
            .catch((error) => {
            const { status, message, headers, style } = describeError(error, path);
            if (status >= 500)
                logger.error('request failed', {
                    path,
                    status,
                    error: String(error?.stack ?? error),
                });
            else
                logger.debug('request refused', { path, status, reason: message });
            if (!res.headersSent)
                sendError(res, status, message, style, headers);
            else
                res.destroy();
        })
            .finally(() => {
            requests.inc({ route: name, status: String(res.statusCode) });
            latency.observe(Number(process.hrtime.bigint() - began) / 1e9, { route: name });
            if (--inFlight === 0)
                drained?.();
        });
    });
    server.keepAliveTimeout = 65_000;
    const { host, port } = parseListen(config.listen);
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve());
    }).catch(async (error) => {
        await verifier?.close(); // its threads would keep the process alive
        throw error;
    });
    const address = server.address();
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    logger.info('signet-server listening', {
        url,
        publicUrl,
        trustedRoot: (0,external_node_path_.join)(config.dataDir, 'trusted_root.json'),
        roles: config.roles,
        treeSize: log?.checkpoint.size,
    });
    let closing;
    return {
        url,
        instance,
        trustedRoot,
        log,
        close() {
            closing ??= (async () => {
                const stopped = new Promise((resolve) => server.close(() => resolve()));
                server.closeIdleConnections();
                // Entries still being verified reach the log before it stops taking them.
                await verifier?.close();
                await log?.close();
                await ctLog?.close();
                // Writers whose batch the log just flushed are answered before connections close.
                if (inFlight > 0)
                    await new Promise((resolve) => (drained = resolve));
                server.closeAllConnections();
                await stopped;
                logger.info('signet-server stopped', { treeSize: log?.checkpoint.size });
            })();
            return closing;
        },
    };
}
/** PEM certificate files named in the config, read at start-up so a bad path fails early. */
async function service_readCertificates(paths) {
    const out = [];
    for (const path of paths) {
        out.push(...(0,core_pem/* parsePem */.oW)(await readText(path, 'certificate file'), 'CERTIFICATE').map((b) => b.der));
    }
    return out;
}
/** The CT log a CA without the ct role submits to, with the key its SCTs must verify under. */
async function externalCtLog(config) {
    const url = config.ct.url.replace(/\/+$/, '');
    const keyPath = config.ct.publicKey;
    let publicKey;
    try {
        publicKey = (0,external_node_crypto_.createPublicKey)(await readText(keyPath, 'CT log public key'));
    }
    catch (error) {
        if (error instanceof ServerError)
            throw error;
        throw new ServerError('CONFIG_INVALID', 500, `ct.publicKey ${keyPath} is not a PEM public key: ${error.message}`);
    }
    return { url, publicKey, submitter: new HttpCtSubmitter({ url, logPublicKey: publicKey }) };
}
function describeError(error, path) {
    const style = path.startsWith('/api/v1/timestamp') ? 'tsa' : 'grpc';
    if (error instanceof ServerError)
        return { status: error.status, message: error.message, headers: error.headers, style };
    if (error instanceof error_TlogError)
        return { ...logErrorStatus(error), message: error.message, style };
    if (error instanceof error_TsaError)
        return { status: tsaErrorStatus(error), message: error.message, headers: {}, style };
    if (error instanceof OidcError)
        return { ...oidcErrorStatus(error), message: error.message, style };
    if (error instanceof error_CaError)
        return { ...caErrorStatus(error), message: error.message, style };
    if (error instanceof error_CtError) {
        const { status, headers } = ctErrorStatus(error);
        return { status, headers, message: status >= 500 ? 'internal error' : error.message, style };
    }
    return { status: 500, message: 'internal error', headers: {}, style };
}
//# sourceMappingURL=service.js.map
;// CONCATENATED MODULE: ./build/server/main.js












const USAGE = `signet-server: a Sigstore-compatible certificate authority, CT log, transparency log and
timestamp authority in one process

Usage:
  signet-server init  --data-dir DIR [--public-url URL] [--config FILE] [--root-ca-cert FILE]
  signet-server serve --data-dir DIR --listen HOST:PORT [--public-url URL] [--config FILE] [--init] [--dev]
  signet-server rotate ROLE --data-dir DIR [--config FILE]
  signet-server doctor [--data-dir DIR] [--config FILE] [--public-url URL] [--url URL]
  signet-server root create --root-dir DIR [--key-type p256|p384]
  signet-server root sign --root-dir DIR --profile issuing-ca|tsa --csr FILE --out FILE
  signet-server COMMAND --help

Commands:
  init    Create the data directory and its keys (root CA, issuing CA, CT log, log, TSA).
          Idempotent: existing key material is never replaced. With --root-ca-cert FILE (a
          root made offline by "root create"), init writes CSRs for the issuing CA and the TSA
          and exits with status 3 until their signed certificates are placed in keys/.
  doctor  Check a configuration, its data directory (read-only) and the running service:
          each issuer's live discovery document and JWKS, key files, certificate expiry, and
          that the served trust root matches the keys on disk. Exits 1 if any check fails
          (warnings do not).
  root    The offline half of a key ceremony: "create" makes a root CA key and certificate;
          "sign" signs an init CSR with Signet's issuing-ca or tsa profile.
  serve   Run the service: Fulcio v2 CA (POST /api/v2/signingCert, GET /api/v2/trustBundle,
          /api/v2/configuration), CT log (POST /ct/v1/add-pre-chain, /ct/checkpoint),
          Rekor v2 API (POST /api/v2/log/entries), tlog-tiles reads (/checkpoint, /tile/...),
          RFC 3161 timestamps (POST /api/v1/timestamp), and /trusted_root.json,
          /signing_config.json, /healthz, /metrics.
  rotate  Retire the current key of ROLE (issuing-ca, log, ct or tsa) and create its successor;
          the retired key stays in the trust root with an end date. Run with the service
          stopped; issuing-ca and tsa need the root CA key for the new certificate.

Options:
  --data-dir DIR     data directory (default ${SERVER_DEFAULTS.dataDir})
  --listen HOST:PORT address to listen on (default ${SERVER_DEFAULTS.listen})
  --public-url URL   the URL clients use (behind a proxy); its hostname becomes the log's
                     checkpoint origin and cannot change later (default http://LISTEN)
  --config FILE      YAML or JSON settings (see docs/architecture.md for the keys)
  --init             serve: initialise the data directory first if it is new
  --dev              serve: development mode (what npm start runs): implies --init, runs a
                     development OIDC issuer at /dev-oidc that gives a token to anyone who asks,
                     and therefore refuses any listen address or public URL but loopback
  --log-level LEVEL  debug, info, warn or error (default info)
  --url URL          doctor: base URL of the running service (default the public URL)
  --root-ca-cert F   init: install this root CA certificate (made offline) instead of creating one
  --root-dir DIR     root: directory of the offline root CA key and certificate
  --key-type TYPE    root create: p256 (default) or p384
  --profile NAME     root sign: issuing-ca or tsa
  --csr FILE         root sign: the CSR init wrote
  --out FILE         root sign: where to write the signed certificate (never overwritten)
  -h, --help         show this help
`;
async function main(argv) {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args: argv,
        allowPositionals: true,
        options: {
            'data-dir': { type: 'string' },
            listen: { type: 'string' },
            'public-url': { type: 'string' },
            config: { type: 'string' },
            init: { type: 'boolean' },
            dev: { type: 'boolean' },
            'log-level': { type: 'string' },
            'root-ca-cert': { type: 'string' },
            'root-dir': { type: 'string' },
            'key-type': { type: 'string' },
            profile: { type: 'string' },
            csr: { type: 'string' },
            out: { type: 'string' },
            url: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    const command = positionals[0];
    if (values.help || command === undefined) {
        process.stdout.write(USAGE);
        return command === undefined && !values.help ? 2 : 0;
    }
    const maxPositionals = command === 'rotate' || command === 'root' ? 2 : 1;
    if (positionals.length > maxPositionals) {
        throw new UsageError(`unexpected argument ${positionals[maxPositionals]}`);
    }
    const overrides = {};
    if (values['data-dir'] !== undefined)
        overrides.dataDir = values['data-dir'];
    if (values.listen !== undefined)
        overrides.listen = values.listen;
    if (values['public-url'] !== undefined)
        overrides.publicUrl = values['public-url'];
    if (values['log-level'] !== undefined)
        overrides.logLevel = values['log-level'];
    if (values.dev)
        overrides.devIssuer = true;
    const config = await loadConfig(values.config, overrides);
    if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel)) {
        throw new UsageError(`--log-level must be debug, info, warn or error`);
    }
    const logger = createLogger(config.logLevel);
    if (command === 'root')
        return root(positionals[1], values);
    if (command === 'doctor') {
        const checks = await runDoctor({ config, url: values.url });
        process.stdout.write(formatDoctorReport(checks));
        return doctorExitCode(checks);
    }
    if (command === 'init') {
        const rootCaCert = values['root-ca-cert'] === undefined
            ? undefined
            : await readText(values['root-ca-cert'], 'root CA certificate');
        const instance = await initInstance({
            dir: config.dataDir,
            publicUrl: config.publicUrl ?? defaultPublicUrl(config),
            keys: config.keys,
            ca: config.ca,
            rootCaCert,
            logger,
        });
        process.stdout.write(`Initialised ${config.dataDir} for ${instance.metadata.publicUrl}.\n` +
            ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(config.dataDir, 'keys', 'root-ca.key.pem'))
                ? `Move ${config.dataDir}/keys/root-ca.key.pem offline: the service needs only the root certificate.\n`
                : ''));
        return 0;
    }
    if (command === 'rotate')
        return rotate(positionals[1], config, logger);
    if (command !== 'serve')
        throw new UsageError(`unknown command ${command}`);
    if (values.dev && !isLoopbackHost(parseListen(config.listen).host)) {
        throw new UsageError(`--dev serves on loopback only; --listen ${config.listen} is not a loopback address`);
    }
    const initialised = (0,external_node_fs_.existsSync)(`${config.dataDir}/signet.json`);
    if (!values.init && !values.dev && !initialised) {
        throw new UsageError(`${config.dataDir} is not an initialised data directory; run "signet-server init --data-dir ${config.dataDir}" first, or pass --init`);
    }
    const service = await startService({
        ...config,
        publicUrl: config.publicUrl ?? (initialised ? undefined : defaultPublicUrl(config)),
    }, logger);
    const url = service.instance.metadata.publicUrl;
    process.stdout.write(`Signet is serving on ${service.url} (public URL ${url})\n` +
        `  certificates:     ${url}/api/v2/signingCert\n` +
        `  transparency log: ${url}/api/v2/log/entries\n` +
        `  timestamps:       ${url}/api/v1/timestamp\n` +
        `  trusted root:     ${url}/trusted_root.json (also ${config.dataDir}/trusted_root.json)\n` +
        (config.devIssuer
            ? `  DEVELOPMENT OIDC issuer (anyone on this machine gets a token): ${url}${DEV_ISSUER_PATH}\n`
            : ''));
    await new Promise((resolve) => {
        const stop = (signal) => {
            logger.info('shutting down', { signal });
            service.close().then(resolve, (error) => {
                logger.error('shutdown failed', { error: String(error) });
                process.exitCode = 1;
                resolve();
            });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
}
/** `root create` and `root sign`: the offline half of the key ceremony. */
async function root(action, values) {
    const rootDir = values['root-dir'];
    if (rootDir === undefined)
        throw new UsageError('root commands need --root-dir DIR');
    if (action === 'create') {
        const keyType = values['key-type'] ?? 'p256';
        if (keyType !== 'p256' && keyType !== 'p384') {
            throw new UsageError(`--key-type must be p256 or p384, got ${keyType}`);
        }
        const { keyPath, certPath } = await createOfflineRoot(rootDir, () => generateKey(keyType));
        process.stdout.write(`Created the root CA: ${certPath} (give it to init with --root-ca-cert) and ${keyPath} (keep it offline).\n`);
        return 0;
    }
    if (action !== 'sign')
        throw new UsageError('root needs an action: create or sign');
    const profile = values.profile;
    if (profile === undefined || !ROOT_PROFILES.includes(profile)) {
        throw new UsageError(`--profile must be one of ${ROOT_PROFILES.join(', ')}`);
    }
    if (values.csr === undefined || values.out === undefined) {
        throw new UsageError('root sign needs --csr FILE and --out FILE');
    }
    const pem = await signCsrWithRoot({ rootDir, profile, csrPath: values.csr });
    await createExclusive(values.out, pem, 0o644);
    process.stdout.write(`Signed ${values.csr} as ${profile}: ${values.out}; place it at DATA-DIR/keys/${PROFILE_FILES[profile].certificate}.\n`);
    return 0;
}
async function rotate(role, config, logger) {
    if (!ROTATABLE_ROLES.includes(role)) {
        throw new UsageError(`rotate needs a role: ${ROTATABLE_ROLES.join(', ')}`);
    }
    const dir = config.dataDir;
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'signet.json'))) {
        throw new UsageError(`${dir} is not an initialised data directory`);
    }
    const metadata = await loadMetadata(dir, undefined, logger);
    // Checked before anything moves: a retired key without a successor would stop the service.
    if ((role === 'issuing-ca' || role === 'tsa') &&
        !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'keys', 'root-ca.key.pem'))) {
        throw new UsageError(`rotating ${role} needs the root CA key at ${(0,external_node_path_.join)(dir, 'keys', 'root-ca.key.pem')} to certify the new key; bring it back for this step`);
    }
    if (role === 'issuing-ca' && config.ca.issuingKey !== 'file') {
        const current = metadata.keys['issuing-ca']?.ref;
        if (current === config.ca.issuingKey) {
            throw new UsageError(`ca.issuingKey is still ${current}, the key being retired; create a new KMS key and set ca.issuingKey to it first`);
        }
    }
    const result = await retireKey(dir, role, metadata.keys);
    await initInstance({
        dir,
        publicUrl: undefined,
        keys: config.keys,
        ca: config.ca,
        logger,
    });
    process.stdout.write(`Retired the ${role} key as of ${result.end.toISOString()} (kept in ${result.retiredTo}) and created its successor.\n` +
        `Start the service to publish the new trust root; verifiers must fetch it before trusting new signatures.\n`);
    return 0;
}
/** Without --public-url, clients are assumed to reach the service at its listen address. */
function defaultPublicUrl(config) {
    const { host } = parseListen(config.listen);
    if (host === '0.0.0.0' || host === '::') {
        throw new UsageError(`--listen ${config.listen} does not say how clients reach the service; pass --public-url (its hostname becomes the log's checkpoint origin)`);
    }
    return `http://${config.listen}`;
}
class UsageError extends Error {
}
main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (error) => {
    if (error instanceof UsageError ||
        error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        process.stderr.write(`signet-server: ${error.message}\nRun "signet-server --help" for usage.\n`);
        process.exitCode = 2;
        return;
    }
    process.stderr.write(`signet-server: ${error.message ?? String(error)}\n`);
    // A pending key ceremony is a step to take, not a failure: scripts can tell it apart.
    process.exitCode = error.code === 'CEREMONY_PENDING' ? 3 : 1;
});
//# sourceMappingURL=main.js.map
