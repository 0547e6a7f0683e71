/** What the health endpoints report: whether the model is loaded and whether we are draining. */
import type { LoadedModel } from '../runtime/model';

/** Mutable server state shared by the routes and the shutdown sequence. */
export class ServerState {
  private loaded?: LoadedModel;
  private shuttingDown = false;
  // gRPC health Watch streams push readiness changes instead of being polled.
  private readonly listeners = new Set<() => void>();

  /** Set once the model has loaded; until then model endpoints answer 503 and readiness fails. */
  get model(): LoadedModel | undefined {
    return this.loaded;
  }

  set model(model: LoadedModel | undefined) {
    this.loaded = model;
    this.changed();
  }

  /** Set on SIGTERM: readiness fails at once so endpoints controllers stop routing to this pod. */
  get draining(): boolean {
    return this.shuttingDown;
  }

  set draining(draining: boolean) {
    this.shuttingDown = draining;
    this.changed();
  }

  /** Whether readiness answers 200. */
  get ready(): boolean {
    return this.loaded !== undefined && !this.shuttingDown;
  }

  /** Why readiness does not answer 200 (the 503 body). */
  get notReadyReason(): string {
    if (this.shuttingDown) return 'server is shutting down';
    return this.loaded ? 'ready' : 'model is not loaded yet';
  }

  /** Calls `listener` after every change of `model` or `draining`; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
