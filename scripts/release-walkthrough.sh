#!/usr/bin/env bash
# Regenerates the "Release a new model version" walkthrough of README.md: runs the real CLI in a
# throw-away clone of this repository and prints, for each step, the command and the exact diff
# of the files it modified (added and deleted files are listed by --stat). Usage:
#   npm run build && scripts/release-walkthrough.sh > /tmp/walkthrough.md
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/repo"
cd "$work/repo"
ln -s "$repo/node_modules" node_modules
ln -s "$repo/build" build
git config user.email walkthrough@example.com && git config user.name walkthrough
export CDK8S_CHECK_UPGRADE=false
cli() { node build/lib/cli/index.js "$@" >/dev/null; }

# Starting point: the repository's sample as committed (staging 50/30/20 over 1.0.0, 1.1.0 and
# 1.1.0-int8; production 90/10 over 1.0.0 and 1.1.0).
step() {
  local title="$1"; shift
  cli "$@"
  git add -A models.yaml dist
  printf '#### %s\n\n```sh\nnpx model-serving %s\n```\n\n```diff\n' "$title" "$*"
  git diff --cached --stat=100 -- models.yaml dist | sed 's/^/# /'
  git diff --cached -U1 --diff-filter=M -- models.yaml dist
  printf '```\n\n'
  git commit -qm "$title"
}
# The three documented commands (default options: every environment), with two canary steps in
# production between the first two. 1.2.0 is dark-launched so the canary steps are pure weight
# changes: a version that gains traffic without it also gains its pin rule in the same diff.
step "1. Release 1.2.0 at weight 0 in every environment, dark-launched: deployed and warm, only pinned requests reach it" release iris --version 1.2.0 --image ghcr.io/example/iris-server:1.2.0 --dark-launch
step "2. Canary in production: 10 %" promote iris --version 1.2.0 --weight 10 --env production
step "3. Half of production: 50 %" promote iris --version 1.2.0 --weight 50 --env production
step "4. All the traffic, in every environment (the other versions stay deployed at weight 0, ready for a rollback, and lose their pin rules)" promote iris --version 1.2.0
step "5. Retire 1.0.0 (1.1.0 stays as the rollback target)" retire iris --version 1.0.0
