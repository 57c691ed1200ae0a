import * as core from '@actions/core';
import { printable } from '../core/text.js';

/**
 * The entry of the one bundle the actions share (dist/actions/index.js). Each
 * actions/NAME/runtime/action.yml runs dist/actions/NAME.js, a launcher that scripts/bundle.js
 * writes to call `runAction('NAME')`. Actions are imported when run, so each loads only its own
 * code (setup never loads the CLI); the bundler makes each one a chunk file beside index.js.
 */

const ACTIONS = {
  sign: async () => (await import('./sign.js')).run,
  attest: async () => (await import('./attest.js')).run,
  verify: async () => (await import('./verify.js')).run,
  setup: async () => (await import('./setup.js')).run,
} satisfies Record<string, () => Promise<() => Promise<void>>>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/**
 * Runs one action; a failure becomes one annotation, in the CLI's words where it comes from the
 * CLI, made printable: messages quote inputs, paths and claims.
 */
export async function runAction(name: ActionName): Promise<void> {
  try {
    await (
      await ACTIONS[name]()
    )();
  } catch (error) {
    core.setFailed(printable(error instanceof Error ? error.message : String(error)));
  }
}
