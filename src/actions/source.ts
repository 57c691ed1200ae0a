/**
 * Which repository and ref an action was downloaded from, read from where the runner put it.
 * `github.action_repository` and `github.action_ref` would say, but the runner leaves them
 * empty inside composite actions (actions/runner#2525), and GitHub does not promise them
 * there. The runner's layout is its own rule: it downloads `uses: OWNER/REPO/PATH@REF` to
 * `<actions dir>/OWNER/REPO/REF` (a REF with slashes becomes nested directories) under a
 * directory named `_actions`, so `github.action_path` is `.../_actions/OWNER/REPO/REF/PATH`.
 */

export interface ActionSource {
  owner: string;
  repo: string;
  ref: string;
}

/** The runner's directory of downloaded actions, in every action path it gives. */
const ACTIONS_DIR = '_actions';

/**
 * The source of the action at `actionPath`, whose path inside its repository is `within`
 * (e.g. `actions/setup`); undefined when the path is not the runner's layout (a local
 * `uses: ./actions/setup`, or a runner that lays actions out otherwise).
 */
export function actionSource(actionPath: string, within: string): ActionSource | undefined {
  const parts = actionPath.split(/[\\/]+/).filter((part) => part !== '');
  const tail = within.split('/');
  if (parts.slice(-tail.length).join('/') !== tail.join('/')) return undefined;
  const above = parts.slice(0, -tail.length);
  // The last one: the runner's own directories may be anywhere above it, and an owner
  // (letters, digits, hyphens) is never named _actions.
  const at = above.lastIndexOf(ACTIONS_DIR);
  const [owner, repo, ...ref] = at < 0 ? [] : above.slice(at + 1);
  if (owner === undefined || repo === undefined || ref.length === 0) return undefined;
  return { owner, repo, ref: ref.join('/') };
}
