/** What the health endpoints report: whether the model is loaded and whether we are draining. */
import type { LoadedModel } from './model/onnx-model';

export class ServerState {
  /** Set once the model has loaded; until then model endpoints answer 503 and readiness fails. */
  model?: LoadedModel;
  /** Set on SIGTERM: readiness fails at once so endpoints controllers stop routing to this pod. */
  draining = false;

  get ready(): boolean {
    return this.model !== undefined && !this.draining;
  }

  get notReadyReason(): string {
    if (this.draining) return 'server is shutting down';
    return this.model ? 'ready' : 'model is not loaded yet';
  }
}
