#!/usr/bin/env bash
# Installs Debian's prometheus package (2.42 on bookworm) when `prometheus` is not on PATH: the
# progressive-delivery end-to-end test starts a real Prometheus. Services are not started by the
# install (no init system here; Debian container images also ship a policy-rc.d that forbids it):
# the test starts its own process with its own config, ports and data folder.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
echo "installing prometheus (Debian package)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v prometheus >/dev/null
