import assert from 'node:assert/strict';
import { it } from 'node:test';
import { actionSource } from '../../src/actions/source.js';

/** github.action_path as the runner lays actions out, on each OS and for each kind of ref. */
it('reads owner, repository and ref from the runner layout, or nothing', () => {
  const sha = 'f'.repeat(40);
  for (const [path, expected] of [
    [
      `/home/runner/work/_actions/octo-org/signet/${sha}/actions/setup`,
      { owner: 'octo-org', repo: 'signet', ref: sha },
    ],
    [
      'D:\\a\\_actions\\octo-org\\signet\\v0.1.0\\actions\\setup',
      { owner: 'octo-org', repo: 'signet', ref: 'v0.1.0' },
    ],
    // A ref with slashes is nested directories.
    [
      '/runner/_work/_actions/octo-org/signet/release/v1/actions/setup/',
      { owner: 'octo-org', repo: 'signet', ref: 'release/v1' },
    ],
    // The runner's own directories above do not count.
    [
      '/srv/_actions/runner/_work/_actions/octo-org/signet/main/actions/setup',
      { owner: 'octo-org', repo: 'signet', ref: 'main' },
    ],
    // A local `uses: ./actions/setup`, a path too short to hold a ref, another action.
    ['/home/runner/work/app/app/actions/setup', undefined],
    ['/home/runner/work/_actions/octo-org/signet/actions/setup', undefined],
    [`/home/runner/work/_actions/octo-org/signet/${sha}/actions/sign`, undefined],
    ['', undefined],
  ] as const) {
    assert.deepEqual(actionSource(path, 'actions/setup'), expected, path);
  }
});
