/**
 * The one Prometheus call of the analysis: an instant query (`POST /api/v1/query`, form-encoded, so
 * a long query never meets a URL length limit). A canary metric must come back as exactly one
 * number: a scalar, or an instant vector of one sample. No sample — and NaN, which is what a ratio
 * over no requests or a quantile of an empty histogram gives — is "no data". Anything else (several
 * samples, a range vector, an error) is a mistake in the query or the setup, and an error.
 */

/** A query's value, or the absence of one. */
export type QueryValue =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'no-data'; readonly detail: string };

/** How long one query may take before the run gives up (Prometheus' own default timeout is 2 minutes). */
const TIMEOUT_MS = 30_000;

export class PrometheusClient {
  private readonly endpoint: URL;

  constructor(public readonly baseUrl: string) {
    // Keep a path prefix (Prometheus behind a proxy at /prometheus/): resolve relative to it.
    this.endpoint = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  /** Runs `query` for the metric `name` (named in every error). */
  public async instant(name: string, query: string): Promise<QueryValue> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'application/json' },
        body: new URLSearchParams({ query }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`cannot reach Prometheus at ${this.baseUrl} (metric "${name}"): ${reason(error)}`);
    }
    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Prometheus at ${this.baseUrl} answered metric "${name}" with HTTP ${response.status} and no JSON: ${excerpt(text)}`);
    }
    if (body?.status !== 'success') {
      throw new Error(`Prometheus rejected the query of metric "${name}" (HTTP ${response.status}, ${body?.errorType ?? 'error'}): ${excerpt(String(body?.error ?? text))}`);
    }
    return valueOf(name, body.data);
  }
}

function valueOf(name: string, data: any): QueryValue {
  switch (data?.resultType) {
    case 'scalar':
      return sampleValue(data.result);
    case 'vector': {
      const samples: any[] = Array.isArray(data.result) ? data.result : [];
      if (samples.length === 0) return { kind: 'no-data', detail: 'no sample' };
      if (samples.length > 1) {
        const shown = samples.slice(0, 3).map((s) => labels(s.metric)).join(', ');
        throw new Error(`the query of metric "${name}" returned ${samples.length} samples (${shown}${samples.length > 3 ? ', …' : ''}); `
          + 'it must return one: aggregate it, e.g. sum(...), or narrow its selector');
      }
      return sampleValue(samples[0].value);
    }
    default:
      throw new Error(`the query of metric "${name}" returned a ${data?.resultType ?? 'malformed'} result; it must be an instant vector of one sample or a scalar`);
  }
}

/** `[timestamp, "value"]` → the number; Prometheus writes NaN and ±Inf as strings too. */
function sampleValue(sample: unknown): QueryValue {
  const raw = Array.isArray(sample) ? String(sample[1]) : '';
  if (raw === 'NaN') return { kind: 'no-data', detail: 'NaN' };
  const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
  if (raw === '' || Number.isNaN(value)) return { kind: 'no-data', detail: `unreadable value ${JSON.stringify(raw)}` };
  return { kind: 'value', value };
}

function labels(metric: Record<string, string> | undefined): string {
  return `{${Object.entries(metric ?? {}).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function reason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
