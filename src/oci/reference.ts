import { printable } from '../core/text.js';
import { OciError } from './error.js';

/**
 * Image references as the CLI takes them: `oci://HOST[:PORT]/REPO/PATH[:TAG][@sha256:HEX]`, the
 * convention of `gh attestation verify`. The registry is always explicit (no Docker Hub default:
 * what is signed must not depend on a client's idea of a default host). The grammar of each part
 * is that of distribution's reference package; only sha256 digests are accepted, the one
 * algorithm the referrers tag schema and Sigstore bundles here use.
 */

export const REFERENCE_PREFIX = 'oci://';

export interface ImageReference {
  /** host[:port], as given (lower-cased). */
  registry: string;
  repository: string;
  /** Given, or `latest` when neither a tag nor a digest is (Docker's default). */
  tag?: string;
  /** sha256:HEX (64 lower-case hex digits). */
  digest?: string;
}

/** A DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port. */
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
export const DEFAULT_TAG = 'latest';
/** distribution's limit on HOST/REPO. */
const MAX_NAME_LENGTH = 255;
/** How much of a bad reference a message quotes. */
const MAX_QUOTED = 200;

/** True when a CLI argument names an image rather than a file. */
export const isImageReference = (text: string): boolean => text.startsWith(REFERENCE_PREFIX);

export function parseImageReference(text: string): ImageReference {
  const fail = (why: string): never => {
    const quoted = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
    throw new OciError(
      'REFERENCE_INVALID',
      `"${printable(quoted)}" is not an image reference (${REFERENCE_PREFIX}HOST[:PORT]/REPOSITORY[:TAG][@sha256:DIGEST]): ${why}`,
    );
  };
  if (!isImageReference(text)) return fail(`it must start with ${REFERENCE_PREFIX}`);
  let rest = text.slice(REFERENCE_PREFIX.length);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return fail(`the digest "${printable(digest)}" is not sha256: and 64 lower-case hex digits`);
    }
  }
  const slash = rest.indexOf('/');
  if (slash === -1) return fail('it names no repository after the registry host');
  const host = rest.slice(0, slash);
  let path = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon !== -1) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG.test(tag)) {
      return fail(
        `the tag "${printable(tag)}" is not 1 to 128 letters, digits, _ . - (not starting with . or -)`,
      );
    }
  }
  const port = HOST.exec(host);
  if (port === null)
    return fail(`the registry host "${printable(host)}" is not a host name or address`);
  if (port[1] !== undefined && (Number(port[1]) < 1 || Number(port[1]) > 65535)) {
    return fail(`the port ${port[1]} is out of range`);
  }
  const bad = path.split('/').find((component) => !PATH_COMPONENT.test(component));
  if (bad !== undefined) {
    return fail(
      bad === ''
        ? 'the repository has an empty path component'
        : `the repository component "${printable(bad)}" is not lower-case letters and digits separated by . _ __ or -`,
    );
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
export function formatImageReference(ref: ImageReference, digest?: string): string {
  const base = `${REFERENCE_PREFIX}${ref.registry}/${ref.repository}`;
  const pinned = digest ?? ref.digest;
  if (pinned !== undefined) return `${base}@${pinned}`;
  return ref.tag !== undefined ? `${base}:${ref.tag}` : base;
}
