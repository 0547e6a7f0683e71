/**
 * Static checks of the Dockerfile that would otherwise drift silently: the base is pinned by
 * digest with its tag, the version label matches package.json, the entrypoint is the build's
 * entry point, and the runtime stage drops the package managers. `npm run image:smoke` builds it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; main: string };
const runtimeStage = dockerfile.slice(dockerfile.indexOf('AS runtime'));

test('the base image is node:22-bookworm-slim pinned by a sha256 digest, tag kept in front', () => {
  expect(dockerfile).toMatch(/^ARG BASE_IMAGE=node:22-bookworm-slim@sha256:[0-9a-f]{64}$/m);
});

test('ARG VERSION (the OCI version label) equals serving-image/package.json version', () => {
  expect(/^ARG VERSION=(.+)$/m.exec(dockerfile)?.[1]).toBe(pkg.version);
  expect(runtimeStage).toContain('org.opencontainers.image.version="${VERSION}"');
  expect(runtimeStage).toContain('org.opencontainers.image.licenses="Apache-2.0"');
  expect(runtimeStage).toContain('org.opencontainers.image.source="${SOURCE}"');
});

test('the entrypoint runs the build\'s entry point (package.json main) with node, exec form', () => {
  expect(dockerfile).toContain(`ENTRYPOINT ["node", "/app/serving-image/${pkg.main}"]`);
});

test('the runtime stage removes npm, npx and corepack, and sets no HOST (dual-stack default)', () => {
  for (const path of ['/usr/local/lib/node_modules/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack']) expect(runtimeStage).toContain(path);
  expect(runtimeStage).not.toMatch(/\bHOST=/);
});

test('the runtime stage carries the vendored protos the gRPC listener loads, and exposes the gRPC port', () => {
  expect(runtimeStage).toContain('COPY serving-image/proto /app/serving-image/proto');
  expect(runtimeStage).toMatch(/^EXPOSE 8080 8081 9090$/m);
  expect(readFileSync(join(root, 'Dockerfile.dockerignore'), 'utf8')).toMatch(/^!serving-image\/proto\/\*\*$/m);
  // GRPC_PORT is not set by the image: without it there is no gRPC listener (the construct sets it per version).
  expect(runtimeStage).not.toMatch(/\bGRPC_PORT=/);
});
