/**
 * The load generator of the end-to-end test, which also plays the Gateway: there is no real Gateway
 * here, so it sends each request to one version's server in exactly the proportions of the weights
 * it was last synced to (read from the committed HTTPRoute, as a Gateway would), by smooth weighted
 * round-robin. Requests are Open Inference Protocol V2 inferences of 1 to 4 Iris rows, the mix a
 * real client sends.
 */
import { Agent, request } from 'http';

const ROWS = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 3.0, 4.2, 1.5], [6.3, 2.9, 5.6, 1.8]];
const BODIES = [1, 2, 3, 4].map((batch) => JSON.stringify({
  inputs: [{ name: 'input', datatype: 'FP32', shape: [batch, 4], data: ROWS.slice(0, batch).flat() }],
}));

/** What one backend was sent and answered. */
export interface BackendStats {
  sent: number;
  ok: number;
  failed: number;
}

export class LoadGateway {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });
  private weights: [string, number][] = [];
  private readonly current = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  public readonly stats = new Map<string, BackendStats>();

  /** `backends`: Service name (as the HTTPRoute names it) → server port. */
  constructor(private readonly model: string, private readonly backends: Record<string, number>, private readonly requestsPerSecond: number) {}

  /** Routes by these weights from now on (Service name → weight), as a Gateway does once the route is applied. */
  public sync(weights: Record<string, number>): void {
    for (const name of Object.keys(weights)) {
      if (this.backends[name] === undefined) throw new Error(`the route names ${name}, which has no server`);
    }
    this.weights = Object.entries(weights).filter(([, w]) => w > 0);
    this.current.clear();
  }

  public start(): void {
    const tickMs = 10;
    let owed = 0;
    this.timer = setInterval(() => {
      owed += (this.requestsPerSecond * tickMs) / 1000;
      for (; owed >= 1; owed--) this.send();
    }, tickMs);
  }

  public async stop(): Promise<void> {
    clearInterval(this.timer);
    const deadline = Date.now() + 5000;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    this.agent.destroy();
  }

  /** Smooth weighted round-robin (as nginx does): exact shares, evenly interleaved. */
  private pick(): string | undefined {
    const total = this.weights.reduce((sum, [, w]) => sum + w, 0);
    if (total === 0) return undefined;
    let best: string | undefined;
    for (const [name, weight] of this.weights) {
      const value = (this.current.get(name) ?? 0) + weight;
      this.current.set(name, value);
      if (best === undefined || value > this.current.get(best)!) best = name;
    }
    this.current.set(best!, this.current.get(best!)! - total);
    return best;
  }

  private send(): void {
    const backend = this.pick();
    // A stalled backend must not pile up unbounded requests: beyond this the generator skips.
    if (backend === undefined || this.inFlight >= 256) return;
    const stats = this.stats.get(backend) ?? { sent: 0, ok: 0, failed: 0 };
    this.stats.set(backend, stats);
    // Each backend gets the whole mix of batch sizes, whatever its share.
    const body = BODIES[stats.sent % BODIES.length];
    stats.sent++;
    this.inFlight++;
    const done = (ok: boolean) => {
      this.inFlight--;
      if (ok) stats.ok++;
      else stats.failed++;
    };
    const req = request({
      host: '127.0.0.1', port: this.backends[backend], method: 'POST', path: `/v2/models/${this.model}/infer`, agent: this.agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => done((res.statusCode ?? 500) < 400));
    });
    req.on('error', () => done(false));
    req.end(body);
  }
}
