/** Types both REST protocols' routes share (so V1 does not depend on V2's module, or the reverse). */
import type { ServerConfig } from '../operations/config';
import type { ServerState } from '../operations/state';

/** Path parameters of every model route. */
export interface ModelParams {
  model: string;
  version?: string;
}

/** What the protocol route plugins are registered with. */
export interface RouteOptions {
  config: ServerConfig;
  state: ServerState;
}
