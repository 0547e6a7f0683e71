/**
 * A real local HTTP server speaking the part of Prometheus' HTTP API that `advance` uses
 * (`/api/v1/query`, GET or form-encoded POST), answering each query from a test's table. It stands
 * in for Prometheus where a test needs exact values (the decision table); the end-to-end test uses
 * a real Prometheus.
 */
import { createServer, IncomingMessage, Server } from 'http';
import type { AddressInfo } from 'net';

/** A Prometheus API answer: HTTP status and JSON body. */
export interface StubAnswer {
  readonly status?: number;
  readonly body: unknown;
}

/** An instant vector of samples, each `[labels, value]`; the value as Prometheus writes it ("NaN", "+Inf" included). */
export function vector(...samples: [Record<string, string>, string | number][]): StubAnswer {
  return { body: { status: 'success', data: { resultType: 'vector', result: samples.map(([metric, value]) => ({ metric, value: [1700000000, String(value)] })) } } };
}

/** One sample without labels, as an aggregation returns it. */
export function sample(value: string | number): StubAnswer {
  return vector([{}, value]);
}

export function scalar(value: string | number): StubAnswer {
  return { body: { status: 'success', data: { resultType: 'scalar', result: [1700000000, String(value)] } } };
}

/** Prometheus' error shape, e.g. `badData('parse error')`. */
export function badData(message: string): StubAnswer {
  return { status: 400, body: { status: 'error', errorType: 'bad_data', error: message } };
}

export class StubPrometheus {
  /** Starts on a free port; `answer` maps each query to its answer. */
  public static async start(answer: (query: string) => StubAnswer): Promise<StubPrometheus> {
    const stub = new StubPrometheus(answer);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** Every query received, in order. */
  public readonly queries: string[] = [];
  private readonly server: Server;

  private constructor(public answer: (query: string) => StubAnswer) {
    this.server = createServer((request, response) => {
      void readQuery(request).then((query) => {
        if (query === undefined) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
          return;
        }
        this.queries.push(query);
        const { status = 200, body } = this.answer(query);
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readQuery(request: IncomingMessage): Promise<string | undefined> {
  const url = new URL(request.url ?? '/', 'http://stub');
  if (url.pathname !== '/api/v1/query') return undefined;
  let body = '';
  for await (const chunk of request) body += chunk;
  const form = new URLSearchParams(request.method === 'POST' ? body : url.search);
  return form.get('query') ?? '';
}
