import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as core from '@actions/core';
import { context } from '@actions/github';
import * as tc from '@actions/tool-cache';
import { printable, printed } from '../core/text.js';
import { actionSource } from './source.js';

/**
 * actions/setup: puts a pinned `signet` release on PATH through the runner's tool cache. The
 * tarball is checked against a SHA-256 the workflow pins before anything in it is unpacked, so
 * a replaced release asset (or a compromised mirror) fails the step instead of running.
 */

const TOOL = 'signet';

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** actions/setup's path inside this repository, under the runner's copy of it. */
const SETUP_PATH = 'actions/setup';

/**
 * The download-url input, or the release asset of the `repository` input, or by default of
 * the repository the action was downloaded from, which its path names.
 */
function downloadUrl(version: string): string {
  const explicit = core.getInput('download-url');
  if (explicit !== '') return explicit.replaceAll('{version}', version);
  let repository = core.getInput('repository');
  if (repository === '') {
    const actionPath = core.getInput('action-path');
    const source = actionSource(actionPath, SETUP_PATH);
    if (source === undefined) {
      throw new Error(
        `cannot tell which repository this action comes from: its path ${JSON.stringify(actionPath)} is not the runner's _actions/OWNER/REPO/REF/${SETUP_PATH}; set repository (OWNER/REPO, whose releases hold the tarball) or download-url (a mirror, or the release asset URL)`,
      );
    }
    repository = `${source.owner}/${source.repo}`;
    core.info(
      printed`actions/setup from ${repository}@${source.ref}: installing from its releases`,
    );
  }
  return `${context.serverUrl}/${repository}/releases/download/v${version}/signet-${version}.tar.gz`;
}

export async function run(): Promise<void> {
  const version = core.getInput('version', { required: true }).replace(/^v/, '');
  const pinned = core.getInput('sha256', { required: true }).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(pinned)) {
    throw new Error(
      `sha256 must be 64 hex digits (the release's published digest), got "${pinned}"`,
    );
  }
  const url = downloadUrl(version);

  let dir = tc.find(TOOL, version);
  if (dir === '') {
    core.info(printed`downloading ${url}`);
    const tarball = await tc.downloadTool(url);
    const actual = await sha256File(tarball);
    if (actual !== pinned) {
      throw new Error(
        `${url} has sha256 ${actual}, not the pinned ${pinned}: refusing to install it`,
      );
    }
    const extracted = await tc.extractTar(tarball);
    dir = await tc.cacheDir(join(extracted, `signet-${version}`), TOOL, version);
  } else {
    core.info(printed`signet ${version} from the tool cache (${dir})`);
  }

  // The launcher runs the CLI with this node, the runner's own (node24): jobs need no node
  // of their own on PATH to call `signet` in later steps.
  core.exportVariable('SIGNET_NODE', process.execPath);
  core.addPath(join(dir, 'bin'));
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(dir, 'lib', 'index.js'),
    'version',
  ]);
  core.info(printable(stdout.trim()));
  core.setOutput('path', join(dir, 'bin', 'signet'));
  core.setOutput('version', version);
}
