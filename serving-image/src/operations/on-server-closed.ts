/** Runs cleanup once an app's HTTP server has really closed — after its in-flight requests, not when close() starts. */
import type { FastifyInstance } from 'fastify';

/** Calls `stop` when `app` closes: at once if it never listened, else when its server emits 'close'. */
export function onServerClosed(app: FastifyInstance, stop: () => void): void {
  app.addHook('onClose', (instance, done) => {
    // Background work (deadlines, load sampling) must keep running while in-flight requests finish.
    if (instance.server.listening) instance.server.once('close', stop);
    else stop();
    done();
  });
}
