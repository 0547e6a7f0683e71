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

# Starting point: production serves 1.1.0 alone.
cli promote iris --version 1.1.0 --weight 100 --env production
cli retire iris --version 1.0.0 --env production
git add -A models.yaml dist && git commit -qm "start: 1.1.0 at 100 %"

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
step "1. Release 1.2.0 at weight 0, dark-launched: deployed and warm, only pinned requests reach it" release iris --version 1.2.0 --image ghcr.io/example/iris-server:1.2.0 --env production --dark-launch
step "2. Canary: 10 %" promote iris --version 1.2.0 --weight 10 --env production
step "3. Half the traffic: 50 %" promote iris --version 1.2.0 --weight 50 --env production
step "4. All the traffic: 100 % (1.1.0 stays deployed at weight 0, ready for a rollback, and loses its pin rule)" promote iris --version 1.2.0 --weight 100 --env production
step "5. Retire 1.1.0" retire iris --version 1.1.0 --env production
