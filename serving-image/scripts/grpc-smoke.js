#!/usr/bin/env node
// Used by image-smoke.sh: one gRPC round against a running server — health Check SERVING, and a
// ModelInfer with typed and with raw contents whose labels must be [0, 2]. Plain JavaScript on the
// repository's @grpc/grpc-js and the vendored protos, so it runs without a build.
//   node serving-image/scripts/grpc-smoke.js <host:port>
'use strict';
const { join } = require('node:path');
const grpc = require('@grpc/grpc-js');
const { loadSync } = require('@grpc/proto-loader');

const address = process.argv[2];
const proto = loadPackageDefinitionFor(['open_inference_grpc.proto', 'grpc/health/v1/health.proto']);
const inference = new proto.inference.GRPCInferenceService(address, grpc.credentials.createInsecure());
const health = new proto.grpc.health.v1.Health(address, grpc.credentials.createInsecure());

function loadPackageDefinitionFor(files) {
  const options = { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [join(__dirname, '..', 'proto')] };
  return grpc.loadPackageDefinition(loadSync(files, options));
}

const unary = (client, method, request) => new Promise((resolve, reject) => {
  client[method](request, { deadline: Date.now() + 10_000 }, (err, response) => (err ? reject(err) : resolve(response)));
});

const rows = [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3];

async function main() {
  const check = await unary(health, 'Check', { service: '' });
  if (check.status !== 'SERVING') throw new Error(`health Check: ${check.status}`);
  const typed = await unary(inference, 'ModelInfer', {
    model_name: 'iris', model_version: '1.0.0', inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], contents: { fp32_contents: rows } }],
  });
  const typedLabels = typed.outputs.find((o) => o.name === 'label').contents.int64_contents.map(Number);
  const raw = await unary(inference, 'ModelInfer', {
    model_name: 'iris', inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4] }], raw_input_contents: [Buffer.from(new Float32Array(rows).buffer)],
  });
  const labelBytes = raw.raw_output_contents[raw.outputs.findIndex((o) => o.name === 'label')];
  const rawLabels = Array.from(new BigInt64Array(labelBytes.buffer.slice(labelBytes.byteOffset, labelBytes.byteOffset + labelBytes.byteLength)), Number);
  for (const [what, labels] of [['typed', typedLabels], ['raw', rawLabels]]) {
    if (JSON.stringify(labels) !== '[0,2]') throw new Error(`ModelInfer (${what} contents): labels ${JSON.stringify(labels)}, expected [0,2]`);
  }
  console.log(`gRPC ${address}: health SERVING; ModelInfer labels [0,2] with typed and with raw contents`);
}

main().then(() => process.exit(0), (err) => {
  console.error(`FAIL: gRPC ${address}: ${err.message}`);
  process.exit(1);
});
