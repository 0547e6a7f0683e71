#!/usr/bin/env bash
# CI gate: every synced path dist/<env>/ (a directory holding kustomization.yaml) must build with the
# pinned `kubectl kustomize`, and its kustomization.yaml must list exactly the manifests next to it.
# dist/gitops-argocd/ and dist/gitops-flux/ are checked too: `kubectl apply -k` applies them once, by hand.
#
# Usage: scripts/check-kustomize.sh [dist-dir]   (default: dist)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${1:-$repo_root/dist}"
kubectl="$("$repo_root/scripts/fetch-kubectl.sh" kubectl)"

checked=0
for kustomization in "$dist"/*/kustomization.yaml; do
  [[ -e "$kustomization" ]] || continue
  dir="$(dirname "$kustomization")"
  listed="$(sed -n 's/^  - //p' "$kustomization" | sort)"
  present="$(cd "$dir" && find . -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) ! -name 'kustomization.yaml' ! -name '.*' | sed 's|^\./||' | sort)"
  if [[ "$listed" != "$present" ]]; then
    echo "check-kustomize: $kustomization does not list exactly the manifests in $dir:" >&2
    diff <(echo "$listed") <(echo "$present") >&2 || true
    exit 1
  fi
  if ! "$kubectl" kustomize "$dir" >/dev/null; then
    echo "check-kustomize: kubectl kustomize $dir failed" >&2
    exit 1
  fi
  echo "check-kustomize: $dir OK ($(echo "$present" | wc -l) manifests)"
  checked=$((checked + 1))
done

if [[ "$checked" == 0 ]]; then
  echo "check-kustomize: no $dist/*/kustomization.yaml found (did main.ts call writeKustomization after app.synth()?)" >&2
  exit 1
fi
