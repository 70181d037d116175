import { Server } from 'http';

/** How often connections that went idle during the drain are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops taking connections and resolves once every request in flight has been answered. The
 * gateway runs it before Nest's shutdown hooks, so what those hooks flush (the usage batch)
 * includes the last requests' samples: Nest itself closes the HTTP server only after
 * `beforeApplicationShutdown`.
 *
 * `server.close()` closes the keep-alive connections that are idle at that moment; one whose
 * request finishes later would otherwise stay open for the whole keep-alive timeout (Fastify's is
 * 72 s), so idle ones are closed again every IDLE_SWEEP_MS until none is left.
 */
export function drainRequests(server: Server): { close(): Promise<void> } {
  return {
    close: () =>
      new Promise<void>((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
      }),
  };
}
