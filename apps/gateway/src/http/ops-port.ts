import { FastifyInstance } from 'fastify';
import { createServer, IncomingMessage } from 'http';

/** What only the ops port answers: readiness and the dependency report name internal apps, metrics every pattern and instance. */
export const OPS_ONLY_PATHS = new Set(['/health/ready', '/health/dependencies', '/metrics']);
/** What the ops port answers at all (`/health` is on both: load balancers probe the public port). */
export const OPS_PATHS = new Set(['/health', ...OPS_ONLY_PATHS]);

const viaOpsPort = new WeakSet<IncomingMessage>();

/** True for a request that arrived on the ops port rather than the public one. */
export const cameThroughOpsPort = (req: IncomingMessage): boolean => viaOpsPort.has(req);

export interface OpsListener {
  close(): Promise<void>;
}

/**
 * A second listening socket feeding the same Fastify instance, so readiness and metrics use the very
 * bus client, database pool and metric registry the public routes do (a second Nest app would open
 * its own). Which socket a request came through decides what it may reach (see configure-http).
 */
export async function listenOnOpsPort(fastify: FastifyInstance, port: number, host: string): Promise<OpsListener> {
  const server = createServer((req, res) => {
    viaOpsPort.add(req);
    fastify.routing(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
