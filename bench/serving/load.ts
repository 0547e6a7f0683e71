/**
 * Request bodies and the load generator: wrk (C, one thread) on loopback with a fixed number of
 * keep-alive connections, POSTing one Open Inference Protocol V2 request over and over.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../common/report';

const WRK_SCRIPT = join(REPO_ROOT, 'bench', 'serving', 'wrk-post.lua');
export const INFER_PATH = '/v2/models/iris/infer';

/** A batch of Iris-like feature rows (deterministic), as an OIP V2 request. */
export function inferenceBody(batch: number): string {
  const data: number[] = [];
  for (let i = 0; i < batch; i++) {
    const k = i % 3; // cycle through the three species' typical measurements
    data.push([5.0, 5.9, 6.6][k] + (i % 7) / 10, [3.4, 2.8, 3.0][k], [1.5, 4.3, 5.6][k] + (i % 5) / 10, [0.2, 1.3, 2.1][k]);
  }
  return JSON.stringify({ id: `bench-${batch}`, inputs: [{ name: 'input', shape: [batch, 4], datatype: 'FP32', data }] });
}

/** The rows of `inferenceBody(batch)`, flat and row-major. */
function rows(batch: number): number[] {
  return (JSON.parse(inferenceBody(batch)) as { inputs: { data: number[] }[] }).inputs[0].data;
}

/**
 * The same request with the binary tensor data extension, as tritonclient and KServe's client send
 * it: the JSON header (the input with `binary_data_size` instead of `data`, every output asked for
 * as binary) followed by the input's little-endian FP32 bytes.
 */
export function binaryInferenceBody(batch: number): { bytes: Buffer; headerLength: number } {
  const data = Buffer.from(Float32Array.from(rows(batch)).buffer);
  const header = Buffer.from(JSON.stringify({
    id: `bench-${batch}`,
    inputs: [{ name: 'input', shape: [batch, 4], datatype: 'FP32', parameters: { binary_data_size: data.length } }],
    parameters: { binary_data_output: true },
  }));
  return { bytes: Buffer.concat([header, data]), headerLength: header.length };
}

/** A request body on disk for wrk: JSON, or binary tensor data with its JSON header's length. */
export interface BenchBody {
  readonly file: string;
  readonly headerLength?: number;
}

export function writeBody(dir: string, batch: number): BenchBody {
  const file = join(dir, `body-${batch}.json`);
  writeFileSync(file, inferenceBody(batch));
  return { file };
}

export function writeBinaryBody(dir: string, batch: number): BenchBody {
  const file = join(dir, `body-${batch}.bin`);
  const { bytes, headerLength } = binaryInferenceBody(batch);
  writeFileSync(file, bytes);
  return { file, headerLength };
}

export interface LoadResult {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** Server CPU time per request (all its processes), in microseconds. */
  readonly cpuUsPerReq: number;
  /** Requests wrk completed. */
  readonly requests: number;
}

export function runWrk(url: string, body: BenchBody, seconds: number, connections: number, cpuSeconds: () => number): LoadResult {
  const cpuBefore = cpuSeconds();
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', WRK_SCRIPT, `${url}${INFER_PATH}`], {
    encoding: 'utf8', env: { ...process.env, BENCH_BODY_FILE: body.file, BENCH_HEADER_LENGTH: body.headerLength === undefined ? '' : String(body.headerLength) },
  });
  const cpuUsed = cpuSeconds() - cpuBefore;
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no BENCH_JSON line:\n${out}`);
  const r = JSON.parse(line.slice('BENCH_JSON '.length)) as {
    requests: number; duration_us: number; p50_us: number; p99_us: number; errors: number; status_errors: number;
  };
  return {
    reqPerSec: r.requests / (r.duration_us / 1e6),
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
    errors: r.errors + r.status_errors,
    cpuUsPerReq: (cpuUsed * 1e6) / r.requests,
    requests: r.requests,
  };
}

interface InferOutput {
  name: string;
  datatype: string;
  shape: number[];
  data: number[];
}

/** POSTs one body and returns the outputs by name (throws on a non-200). */
export async function inferOnce(url: string, body: string): Promise<Record<string, InferOutput>> {
  const res = await fetch(`${url}${INFER_PATH}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const json = await res.json() as { outputs?: InferOutput[] };
  if (res.status !== 200 || !json.outputs) throw new Error(`${url}: HTTP ${res.status}: ${JSON.stringify(json)}`);
  return Object.fromEntries(json.outputs.map((o) => [o.name, o]));
}

/**
 * POSTs one binary tensor data request (every output asked for as binary) and returns the outputs
 * decoded from the bytes after the JSON, as JSON tensors, to compare with the JSON answers.
 */
export async function inferBinaryOnce(url: string, batch: number): Promise<Record<string, InferOutput>> {
  const { bytes, headerLength } = binaryInferenceBody(batch);
  const res = await fetch(`${url}${INFER_PATH}`, {
    method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) },
  });
  const body = Buffer.from(await res.arrayBuffer());
  const length = Number(res.headers.get('inference-header-content-length'));
  if (res.status !== 200 || !Number.isInteger(length)) throw new Error(`${url}: HTTP ${res.status}: ${body.toString('utf8', 0, 500)}`);
  const json = JSON.parse(body.toString('utf8', 0, length)) as { outputs: Array<Omit<InferOutput, 'data'> & { parameters: { binary_data_size: number } }> };
  let offset = length;
  const outputs: Record<string, InferOutput> = {};
  for (const o of json.outputs) {
    const raw = body.subarray(offset, offset + o.parameters.binary_data_size);
    offset += raw.length;
    const copy = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    const data = o.datatype === 'INT64' ? Array.from(new BigInt64Array(copy), Number)
      : o.datatype === 'FP32' ? Array.from(new Float32Array(copy)) : undefined;
    if (data === undefined) throw new Error(`inferBinaryOnce: no decoder for ${o.datatype}`);
    outputs[o.name] = { name: o.name, datatype: o.datatype, shape: o.shape, data };
  }
  return outputs;
}

/** Differences between a peer's answer and the reference (same labels, probabilities within 1e-5). */
export function answerDifferences(reference: Record<string, InferOutput>, peer: Record<string, InferOutput>): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(reference)) {
    const got = peer[name];
    if (!got) { problems.push(`output ${name} missing`); continue; }
    if (got.datatype !== want.datatype || JSON.stringify(got.shape) !== JSON.stringify(want.shape)) {
      problems.push(`output ${name}: ${got.datatype}${JSON.stringify(got.shape)} vs ${want.datatype}${JSON.stringify(want.shape)}`);
      continue;
    }
    const worst = Math.max(...want.data.map((v, i) => Math.abs(v - got.data[i])));
    if (!(worst <= 1e-5)) problems.push(`output ${name}: values differ by up to ${worst}`);
  }
  return problems;
}
