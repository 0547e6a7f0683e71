/**
 * gRPC load for the serving benchmark: h2load (nghttp2-client, Debian; C, like wrk) sends one
 * framed `inference.GRPCInferenceService/ModelInfer` message over and over on keep-alive HTTP/2
 * connections (one stream in flight per connection, as wrk has one request per connection).
 *
 * h2load knows HTTP/2, not gRPC: a gRPC error is an HTTP 200 whose trailers say so. So every run
 * is checked against the server's own count (`model_server_requests_total{protocol="grpc"}` on
 * the metrics port): calls that did not end OK are the run's errors. Latency percentiles come from
 * h2load's per-request log.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import { REPO_ROOT } from '../common/report';
import type { LoadResult } from './load';
import { inferenceBody } from './load';

export const GRPC_INFER_PATH = '/inference.GRPCInferenceService/ModelInfer';
const PROTO_DIR = join(REPO_ROOT, 'serving-image', 'proto');

/** How the request carries its tensor: typed `contents.fp32_contents`, or little-endian `raw_input_contents`. */
export type GrpcMode = 'typed' | 'raw';

const LOADER = { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [PROTO_DIR] };
const inferMethod = () => (loadSync(['open_inference_grpc.proto'], LOADER)['inference.GRPCInferenceService'] as
  Record<string, { requestSerialize(v: unknown): Buffer }>).ModelInfer;

/** The ModelInfer request with the same rows as the REST body of `batch` (inferenceBody). */
export function grpcInferRequest(batch: number, mode: GrpcMode): Record<string, unknown> {
  const rest = JSON.parse(inferenceBody(batch)) as { id: string; inputs: { data: number[] }[] };
  const data = rest.inputs[0].data;
  const input = { name: 'input', datatype: 'FP32', shape: [batch, 4] };
  return mode === 'typed'
    ? { model_name: 'iris', id: rest.id, inputs: [{ ...input, contents: { fp32_contents: data } }] }
    : { model_name: 'iris', id: rest.id, inputs: [input], raw_input_contents: [Buffer.from(new Float32Array(data).buffer)] };
}

/** Writes the request as a gRPC length-prefixed message (the HTTP/2 body h2load sends). */
export function writeGrpcBody(dir: string, batch: number, mode: GrpcMode): string {
  const message = inferMethod().requestSerialize(grpcInferRequest(batch, mode));
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  const path = join(dir, `grpc-${mode}-${batch}.bin`);
  writeFileSync(path, framed);
  return path;
}

/** `status → count` of the server's gRPC inference calls so far. */
export async function grpcInferCounts(metricsUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^model_server_requests_total\{[^}]*protocol="grpc",endpoint="infer",status="([A-Z_]+)"\} (\d+)$/gm)) {
    counts.set(match[1], (counts.get(match[1]) ?? 0) + Number(match[2]));
  }
  return counts;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** One timed h2load run against `address` (host:port), checked against the server's metrics. */
export async function runH2load(address: string, bodyFile: string, seconds: number, connections: number,
  cpuSeconds: () => number, metricsUrl: string, workDir: string): Promise<LoadResult> {
  const logFile = join(workDir, 'h2load-requests.log');
  rmSync(logFile, { force: true });
  const before = await grpcInferCounts(metricsUrl);
  const cpuBefore = cpuSeconds();
  const out = execFileSync('h2load', ['-c', String(connections), '-m', '1', '-t', '1', '-D', String(seconds),
    '-d', bodyFile, '-H', 'content-type: application/grpc', '-H', 'te: trailers', '--log-file', logFile,
    `http://${address}${GRPC_INFER_PATH}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const cpuUsed = cpuSeconds() - cpuBefore;
  const after = await grpcInferCounts(metricsUrl);
  const delta = (status: string) => (after.get(status) ?? 0) - (before.get(status) ?? 0);
  const statuses = new Set([...before.keys(), ...after.keys()]);
  const failedCalls = [...statuses].filter((s) => s !== 'OK').reduce((sum, s) => sum + delta(s), 0);

  const summary = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(out);
  if (!summary) throw new Error(`h2load printed no request summary:\n${out}`);
  const succeeded = Number(summary[4]);
  const httpFailures = Number(summary[5]) + Number(summary[6]);
  // Calls still in flight when h2load stopped were answered OK by the server but not counted by h2load.
  const ok = delta('OK');
  if (ok < succeeded || ok > succeeded + connections) {
    throw new Error(`h2load counted ${succeeded} successful responses, the server ${ok} OK calls`);
  }
  const latenciesUs = readFileSync(logFile, 'utf8').trim().split('\n')
    .map((line) => line.split('\t')).filter((f) => f[1] === '200').map((f) => Number(f[2])).sort((a, b) => a - b);
  return {
    reqPerSec: succeeded / seconds,
    p50Ms: percentile(latenciesUs, 50) / 1000,
    p99Ms: percentile(latenciesUs, 99) / 1000,
    errors: failedCalls + httpFailures,
    cpuUsPerReq: (cpuUsed * 1e6) / succeeded,
    requests: succeeded,
  };
}
