import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OciError } from '../../src/oci/error.js';
import {
  formatImageReference,
  isImageReference,
  parseImageReference,
} from '../../src/oci/reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('image references', () => {
  it('parses host, port, nested repository, tag and digest', () => {
    assert.deepEqual(parseImageReference('oci://ghcr.io/owner/app:v1.2'), {
      registry: 'ghcr.io',
      repository: 'owner/app',
      tag: 'v1.2',
    });
    assert.deepEqual(parseImageReference(`oci://127.0.0.1:5000/a/b/c@${DIGEST}`), {
      registry: '127.0.0.1:5000',
      repository: 'a/b/c',
      digest: DIGEST,
    });
    assert.deepEqual(parseImageReference(`oci://Registry.Example.com/x_y/a-b.c:tag@${DIGEST}`), {
      registry: 'registry.example.com',
      repository: 'x_y/a-b.c',
      tag: 'tag',
      digest: DIGEST,
    });
    assert.deepEqual(parseImageReference('oci://[::1]:5000/app'), {
      registry: '[::1]:5000',
      repository: 'app',
      tag: 'latest',
    });
    assert.deepEqual(parseImageReference('oci://localhost:5000/a__b/c---d'), {
      registry: 'localhost:5000',
      repository: 'a__b/c---d',
      tag: 'latest',
    });
  });

  it('formats the digest form when a digest is known', () => {
    const ref = parseImageReference('oci://ghcr.io/owner/app:v1');
    assert.equal(formatImageReference(ref), 'oci://ghcr.io/owner/app:v1');
    assert.equal(formatImageReference(ref, DIGEST), `oci://ghcr.io/owner/app@${DIGEST}`);
    assert.equal(
      formatImageReference(parseImageReference(`oci://h:1/r:t@${DIGEST}`)),
      `oci://h:1/r@${DIGEST}`,
    );
  });

  it('tells image references from file names', () => {
    assert.ok(isImageReference('oci://ghcr.io/a/b'));
    assert.ok(!isImageReference('dist/app.tar.gz'));
    assert.ok(!isImageReference('ghcr.io/a/b:v1'));
  });

  const bad: [string, RegExp][] = [
    ['ghcr.io/owner/app:v1', /must start with oci:\/\//],
    ['oci://ghcr.io', /names no repository/],
    ['oci://ghcr.io/', /empty path component/],
    ['oci://ghcr.io/Owner/app', /component "Owner" is not lower-case/],
    ['oci://ghcr.io/a//b', /empty path component/],
    ['oci://ghcr.io/a/b:', /the tag "" is not/],
    ['oci://ghcr.io/a/b:-x', /the tag "-x" is not/],
    [`oci://ghcr.io/a/b:${'t'.repeat(129)}`, /the tag/],
    ['oci://ghcr.io/a/b@sha256:abc', /the digest "sha256:abc" is not sha256/],
    [`oci://ghcr.io/a/b@sha512:${'a'.repeat(128)}`, /is not sha256/],
    [`oci://ghcr.io/a/b@${DIGEST.toUpperCase()}`, /is not sha256/],
    ['oci://ghcr_io/a', /registry host "ghcr_io"/],
    ['oci://-ghcr.io/a', /registry host/],
    ['oci://ghcr.io:99999/a', /port 99999 is out of range/],
    ['oci://user:pw@ghcr.io/a', /digest/],
    ['oci://ghcr.io/a\nb', /is not lower-case/],
    [`oci://h/${'a'.repeat(260)}`, /longer than 255/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.throws(
        () => parseImageReference(text),
        (error: unknown) =>
          error instanceof OciError &&
          error.code === 'REFERENCE_INVALID' &&
          message.test(error.message) &&
          !error.message.includes('\n'),
      );
    });
  }
});
