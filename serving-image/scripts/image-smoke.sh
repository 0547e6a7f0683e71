#!/usr/bin/env bash
# `npm run image:smoke`: builds the serving image with buildah on this machine (no Docker, no
# registry) from the same Dockerfile and stages a user builds — only the BASE_IMAGE build-arg
# differs (a locally made Debian bookworm + Node 22) — then checks the image (user, entrypoint,
# labels, no package managers in the runtime stage), runs it, answers one V2 inference on IPv4
# and IPv6, and checks a clean SIGTERM shutdown (exit 0) that left no files behind.
# Runs as root (buildah chroot isolation); installs buildah + mmdebstrap when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
BASE_IMAGE="${BASE_IMAGE:-localhost/node22-bookworm-local:latest}"
IMAGE="${IMAGE:-localhost/cdk8s-model-serving/model-server:smoke}"
start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }

if ! command -v buildah >/dev/null || ! command -v mmdebstrap >/dev/null; then
  step "installing buildah and mmdebstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah mmdebstrap >/dev/null
fi

step "base image $BASE_IMAGE (cached after the first run)"
"$here/make-local-base-image.sh" "$BASE_IMAGE"

step "buildah bud $IMAGE"
(cd "$repo" && buildah bud --quiet --isolation=chroot --layers \
  --ignorefile serving-image/Dockerfile.dockerignore -f serving-image/Dockerfile \
  --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" .) >/dev/null

config="$(buildah inspect --type image "$IMAGE")"
field() { node -e 'const c = JSON.parse(process.argv[1]).OCIv1.config; const v = eval("c." + process.argv[2]); console.log(typeof v === "string" ? v : JSON.stringify(v))' "$config" "$1"; }
user="$(field User)"
entrypoint="$(field Entrypoint)"
[ "$user" = "65532:65532" ] || { echo "FAIL: image user is '$user', expected 65532:65532"; exit 1; }
[ "$entrypoint" = '["node","/app/serving-image/build/serving-image/src/server.js"]' ] || { echo "FAIL: entrypoint $entrypoint"; exit 1; }
version="$(node -p 'require(process.argv[1]).version' "$here/../package.json")"
for label in "org.opencontainers.image.version=$version" "org.opencontainers.image.licenses=Apache-2.0" \
  "org.opencontainers.image.source=https://github.com/example/cdk8s-model-serving" "org.opencontainers.image.base.name=$BASE_IMAGE"; do
  [ "$(field "Labels['${label%%=*}']")" = "${label#*=}" ] || { echo "FAIL: label ${label%%=*} is '$(field "Labels['${label%%=*}']")', expected '${label#*=}'"; exit 1; }
done
step "labels: version $version, Apache-2.0, source and base image set"
exposed="$(field "ExposedPorts")"
for p in 8080 8081 9090; do
  grep -q "\"$p/tcp\"" <<<"$exposed" || { echo "FAIL: the image does not expose $p (ExposedPorts $exposed)"; exit 1; }
done
step "exposes 8080 (HTTP), 8081 (gRPC) and 9090 (metrics)"

ctr="$(buildah from --quiet "$IMAGE")"
log="$(mktemp)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  buildah rm "$ctr" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT

step "image runs as $(buildah run --isolation=chroot "$ctr" -- id -u):$(buildah run --isolation=chroot "$ctr" -- id -g) and cannot write outside /tmp"
if buildah run --isolation=chroot "$ctr" -- sh -c 'touch /app/serving-image/x || touch /x' >/dev/null 2>&1; then
  echo "FAIL: the server user can write to the image filesystem"; exit 1
fi
buildah run --isolation=chroot "$ctr" -- sh -c 'touch /tmp/x && rm /tmp/x'

step "the runtime stage has no package manager (npm, npx, corepack, yarn)"
if buildah run --isolation=chroot "$ctr" -- sh -c 'for t in npm npx corepack yarn; do command -v "$t" && exit 0; done;
    ls -d /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack 2>/dev/null && exit 0; exit 1' 2>/dev/null; then
  echo "FAIL: a package manager is left in the runtime stage"; exit 1
fi
echo "node $(buildah run --isolation=chroot "$ctr" -- node --version), no npm/npx/corepack/yarn"

# What /tmp holds before the server runs (the base image may ship something there), to compare after.
tmp_before="$(buildah run --isolation=chroot "$ctr" -- sh -c 'ls -A /tmp')"

port=$((20000 + RANDOM % 20000)); metrics_port=$((port + 1)); grpc_port=$((port + 2))
step "starting the server on :$port (metrics :$metrics_port, gRPC :$grpc_port) with the image's entrypoint command, HOST unset"
# chroot isolation shares the host network and PID namespace: the ports are reachable from here.
buildah run --isolation=chroot --env PORT="$port" --env METRICS_PORT="$metrics_port" --env GRPC_PORT="$grpc_port" --env DRAIN_DELAY_SECONDS=1 \
  "$ctr" -- node /app/serving-image/build/serving-image/src/server.js >"$log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/v2/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "FAIL: server exited during startup"; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/v2/health/ready" >/dev/null || { cat "$log"; echo "FAIL: never ready"; exit 1; }

if ip -6 addr show lo 2>/dev/null | grep -q '::1'; then
  curl -fsS "http://[::1]:$port/v2/health/ready" >/dev/null || { cat "$log"; echo "FAIL: not ready on ::1 (dual-stack)"; exit 1; }
  step "ready on 127.0.0.1 and ::1 (dual-stack)"
else
  step "ready on 127.0.0.1 (this machine has no ::1: the IPv6 check is skipped)"
fi

step "one V2 inference"
response="$(curl -fsS -H 'content-type: application/json' \
  -d '{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}]}' \
  "http://127.0.0.1:$port/v2/models/iris/versions/1.0.0/infer")"
echo "$response"
node -e '
  const r = JSON.parse(process.argv[1]);
  const label = r.outputs.find((o) => o.name === "label");
  if (JSON.stringify(label.data) !== "[0,2]") { console.error("FAIL: expected labels [0,2]"); process.exit(1); }
' "$response"
# Read whole bodies first: `curl | grep -q` fails under pipefail when grep exits early (SIGPIPE).
metrics="$(curl -fsS "http://127.0.0.1:$metrics_port/metrics")"
grep -qF 'model_server_requests_total{model="iris",version="1.0.0",protocol="v2",endpoint="infer",status="200"} 1' <<<"$metrics" \
  || { echo "FAIL: /metrics on the metrics port does not count the inference"; exit 1; }
step "gRPC on :$grpc_port (the image's vendored protos)"
node "$here/grpc-smoke.js" "127.0.0.1:$grpc_port" || { cat "$log"; exit 1; }
metrics="$(curl -fsS "http://127.0.0.1:$metrics_port/metrics")"
grep -qF 'model_server_requests_total{model="iris",version="1.0.0",protocol="grpc",endpoint="infer",status="OK"} 2' <<<"$metrics" \
  || { echo "FAIL: /metrics does not count the two gRPC inferences"; exit 1; }
docs="$(curl -fsS "http://127.0.0.1:$port/docs/")"
grep -q swagger-ui <<<"$docs" || { echo "FAIL: /docs is not served"; exit 1; }

step "SIGTERM"
# The node process (not buildah) must get the signal, as PID 1 would in a pod: find it by its port.
node_pid="$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
[ -n "$node_pid" ] || { echo "FAIL: no process listens on :$port"; exit 1; }
kill -TERM "$node_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
grep -q '"msg":"shutdown complete"' "$log" || { cat "$log"; echo "FAIL: no clean shutdown logged"; exit 1; }
[ "$status" -eq 0 ] || { cat "$log"; echo "FAIL: exit status $status"; exit 1; }
tmp_after="$(buildah run --isolation=chroot "$ctr" -- sh -c 'ls -A /tmp')"
[ "$tmp_after" = "$tmp_before" ] || { echo "FAIL: the server wrote to /tmp: before '$tmp_before', after '$tmp_after'"; exit 1; }
step "PASS: image built, REST and gRPC inference answered, SIGTERM → exit 0, nothing written to /tmp"
