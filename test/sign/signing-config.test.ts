import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSigningConfig, selectServices } from '../../src/bundle/signing-config.js';
import { SIGNING_CONFIG_MEDIA_TYPE } from '../../src/bundle/trust.js';
import { BundleError } from '../../src/bundle/error.js';

const NOW = new Date('2026-06-01T00:00:00Z');

const svc = (url: string, major: number, start: string, operator: string, end?: string) => ({
  url,
  majorApiVersion: major,
  validFor: { start, ...(end && { end }) },
  operator,
});

const config = (overrides: Record<string, unknown> = {}) => ({
  mediaType: SIGNING_CONFIG_MEDIA_TYPE,
  caUrls: [svc('https://ca.a', 1, '2025-01-01T00:00:00Z', 'a')],
  oidcUrls: [],
  rekorTlogUrls: [svc('https://rekor.a', 2, '2025-01-01T00:00:00Z', 'a')],
  rekorTlogConfig: { selector: 'ANY' },
  tsaUrls: [svc('https://tsa.a/api/v1/timestamp', 1, '2025-01-01T00:00:00Z', 'a')],
  tsaConfig: { selector: 'ANY' },
  ...overrides,
});

const select = (overrides: Record<string, unknown>) =>
  selectServices(parseSigningConfig(config(overrides), 'test.json'), NOW);

describe('signing config', () => {
  it('requires the v0.2 media type exactly', () => {
    assert.throws(
      () =>
        parseSigningConfig(
          config({ mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.1+json' }),
          'f.json',
        ),
      (e: unknown) =>
        e instanceof BundleError &&
        e.code === 'SIGNING_CONFIG_INVALID' &&
        /f\.json has mediaType/.test(e.message),
    );
  });

  it('picks the valid service with the newest start among supported versions', () => {
    const selected = select({
      caUrls: [
        svc('https://old', 1, '2024-01-01T00:00:00Z', 'a'),
        svc('https://new', 1, '2026-01-01T00:00:00Z', 'a'),
        svc('https://future', 1, '2027-01-01T00:00:00Z', 'a'),
        svc('https://expired', 1, '2026-02-01T00:00:00Z', 'a', '2026-03-01T00:00:00Z'),
        svc('https://v9', 9, '2026-04-01T00:00:00Z', 'a'),
      ],
      rekorTlogUrls: [
        svc('https://rekor-v1', 1, '2026-05-01T00:00:00Z', 'a'),
        svc('https://rekor-v2', 2, '2025-01-01T00:00:00Z', 'a'),
      ],
    });
    assert.equal(selected.ca.url, 'https://new');
    assert.deepEqual(
      selected.tlogs.map((t) => t.url),
      ['https://rekor-v2'],
    );
  });

  it('ALL takes one per operator; EXACT takes count and fails below it', () => {
    const logs = [
      svc('https://a1', 2, '2025-01-01T00:00:00Z', 'a'),
      svc('https://a2', 2, '2025-06-01T00:00:00Z', 'a'),
      svc('https://b1', 2, '2025-01-01T00:00:00Z', 'b'),
    ];
    assert.deepEqual(
      select({ rekorTlogUrls: logs, rekorTlogConfig: { selector: 'ALL' } }).tlogs.map((t) => t.url),
      ['https://a2', 'https://b1'],
    );
    assert.equal(
      select({ rekorTlogUrls: logs, rekorTlogConfig: { selector: 'EXACT', count: 2 } }).tlogs
        .length,
      2,
    );
    assert.throws(
      () => select({ rekorTlogUrls: logs, rekorTlogConfig: { selector: 'EXACT', count: 3 } }),
      /2 usable transparency logs .* 3 needed/,
    );
    assert.throws(
      () => select({ rekorTlogConfig: { selector: 'EXACT' } }),
      /without a positive count/,
    );
  });

  it('fails clearly when no CA or TSA is usable', () => {
    assert.throws(() => select({ caUrls: [] }), /no certificate authority valid now/);
    assert.throws(
      () => select({ tsaUrls: [svc('https://tsa', 2, '2025-01-01T00:00:00Z', 'a')] }),
      /0 usable timestamp authorities/,
    );
  });

  it('refuses malformed entries naming them', () => {
    assert.throws(
      () =>
        parseSigningConfig(
          config({ caUrls: [{ url: 'https://ca', majorApiVersion: 1 }] }),
          's.json',
        ),
      /caUrls\[0\] without validFor\.start/,
    );
  });
});
