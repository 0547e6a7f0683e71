/** The vendored protos are byte for byte the upstream files proto/README.md names (a local edit would fork the protocol). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTH_PROTO, INFERENCE_PROTO, PROTO_DIR, serviceDefinitions } from '../../../src/protocol/grpc/protos';

const readme = readFileSync(join(PROTO_DIR, 'README.md'), 'utf8');

test.each([INFERENCE_PROTO, HEALTH_PROTO])('%s: its sha256 is the one proto/README.md records, and it keeps its license header', (file) => {
  const text = readFileSync(join(PROTO_DIR, file), 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  expect(readme).toContain(`\`${file}\``);
  expect(readme).toContain(hash);
  expect(text).toMatch(/^\/\/ Copyright 20\d\d The (KServe|gRPC) Authors\.?\n/);
  expect(text).toContain('Licensed under the Apache License, Version 2.0');
});

test('the services load with every method this server implements', () => {
  const { inference, health } = serviceDefinitions();
  expect(Object.keys(inference).sort()).toEqual(['ModelInfer', 'ModelMetadata', 'ModelReady', 'ServerLive', 'ServerMetadata', 'ServerReady']);
  expect(Object.keys(health).sort()).toEqual(['Check', 'Watch']);
});
