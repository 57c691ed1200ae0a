#!/usr/bin/env bash
# Copies this checkout of the actions (metadata and dist/actions bundles) into the workspace.
# Why: a composite action's `uses: ./path` is resolved against GITHUB_WORKSPACE, never against
# the action's own directory, and `uses:` takes no expressions, so the JavaScript half of each
# action can only be reached from the same commit the workflow pinned by placing it where
# `./.signet-actions/...` points. See docs/actions.md, "Runtime".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
staging="${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}/.signet-actions"
rm -rf -- "$staging"
mkdir -p -- "$staging/dist"
cp -R -- "$root/actions" "$staging/actions"
cp -R -- "$root/dist/actions" "$staging/dist/actions"
