import { SignetError } from '../../core/error.js';

/**
 * The Rekor v1 entry kinds: what each kind's module provides to the log, and the registry the
 * `POST /api/v1/log/entries` route dispatches through (one canonicalizer per kind and apiVersion).
 */

export type RekorV1ErrorCode =
  /** A malformed entry, or one whose signature does not verify. */
  | 'ENTRY_INVALID'
  /** A kind, or an apiVersion of a kind, this log does not accept. */
  | 'KIND_UNSUPPORTED'
  /** An entry equal to one already logged (upstream answers 409 with its location). */
  | 'ENTRY_EXISTS'
  /** No entry with that UUID, entry ID or log index. */
  | 'ENTRY_NOT_FOUND'
  /** A malformed query: a log index, tree size, UUID or search request that cannot be read. */
  | 'QUERY_INVALID';

/** Raised by the Rekor v1 modules: entry kinds, entries, search. */
export class RekorV1Error extends SignetError<RekorV1ErrorCode> {
  constructor(
    code: RekorV1ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(code, message, options);
    this.headers = options?.headers ?? {};
  }
  /** Headers the answer carries: the existing entry's `location` for ENTRY_EXISTS. */
  readonly headers: Record<string, string>;
}

/** What POST /api/v1/log/entries carries: upstream's ProposedEntry. */
export interface ProposedV1Entry {
  kind: string;
  apiVersion: string;
  spec: unknown;
}

/** A checked entry, ready to log. */
export interface CanonicalV1Entry {
  /** The bytes logged as the leaf: upstream's canonicalized body for this kind (RFC 8785 JSON). */
  body: Buffer;
  /** Keys for POST /api/v1/index/retrieve, computed as upstream's IndexKeys() for this kind
   *  (artifact / payload digests "sha256:<hex>", public key digests, e-mail addresses, lowercased). */
  indexKeys: string[];
}

/** Checks the signature as upstream does for this kind and canonicalizes; throws RekorV1Error. */
export type V1Canonicalizer = (spec: unknown) => Promise<CanonicalV1Entry>;

/** Canonicalizers by kind, then by apiVersion. */
export type V1Kinds = Readonly<Record<string, Readonly<Record<string, V1Canonicalizer>>>>;

/** Reads a ProposedEntry's envelope: kind and apiVersion must be non-empty strings. */
export function proposedEntry(value: unknown): ProposedV1Entry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RekorV1Error('ENTRY_INVALID', 'the request body must be a JSON object');
  }
  const { kind, apiVersion, spec } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || kind === '') {
    throw new RekorV1Error('ENTRY_INVALID', 'the entry has no kind');
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw new RekorV1Error('ENTRY_INVALID', `the ${kind} entry has no apiVersion`);
  }
  if (spec === undefined || spec === null) {
    throw new RekorV1Error('ENTRY_INVALID', `the ${kind} ${apiVersion} entry has no spec`);
  }
  return { kind, apiVersion, spec };
}

/** The canonicalizer for an entry's kind and apiVersion, or a KIND_UNSUPPORTED naming both. */
export function canonicalizerFor(kinds: V1Kinds, entry: ProposedV1Entry): V1Canonicalizer {
  const versions = Object.hasOwn(kinds, entry.kind) ? kinds[entry.kind] : undefined;
  if (versions === undefined) {
    throw new RekorV1Error(
      'KIND_UNSUPPORTED',
      `unsupported entry kind ${JSON.stringify(entry.kind)}; supported: ${Object.keys(kinds).join(', ')}`,
    );
  }
  const canonicalizer = Object.hasOwn(versions, entry.apiVersion)
    ? versions[entry.apiVersion]
    : undefined;
  if (canonicalizer === undefined) {
    throw new RekorV1Error(
      'KIND_UNSUPPORTED',
      `unsupported apiVersion ${JSON.stringify(entry.apiVersion)} for kind ${entry.kind}; supported: ${Object.keys(versions).join(', ')}`,
    );
  }
  return canonicalizer;
}
