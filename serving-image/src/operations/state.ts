/** What the health endpoints report: whether the model is loaded and whether we are draining. */
import type { LoadedModel } from '../runtime/model';

/** Mutable server state shared by the routes and the shutdown sequence. */
export class ServerState {
  /** Set once the model has loaded; until then model endpoints answer 503 and readiness fails. */
  model?: LoadedModel;
  /** Set on SIGTERM: readiness fails at once so endpoints controllers stop routing to this pod. */
  draining = false;

  /** Whether readiness answers 200. */
  get ready(): boolean {
    return this.model !== undefined && !this.draining;
  }

  /** Why readiness does not answer 200 (the 503 body). */
  get notReadyReason(): string {
    if (this.draining) return 'server is shutting down';
    return this.model ? 'ready' : 'model is not loaded yet';
  }
}
