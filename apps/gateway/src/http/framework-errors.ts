import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingMessage } from 'http';

const refused = new WeakMap<IncomingMessage, FastifyError>();

/** The router error Fastify raised for this request (a URL it cannot decode, a too-long parameter), if any. */
export const frameworkErrorOf = (req: IncomingMessage): FastifyError | undefined => refused.get(req);

/**
 * Fastify answers a URL its router cannot decode (`GET /%`) by itself, in plain JSON, before any
 * hook runs: no X-Request-Id, no security headers, no problem body. Instead, remember the error and
 * send the request through the ordinary pipeline at `/`, where the gatekeeping hook (after helmet)
 * answers it as a problem. The original path is kept in the error, not routed.
 */
export function routeFrameworkErrorsThroughHooks(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  refused.set(request.raw, error);
  request.raw.url = '/';
  request.server.routing(request.raw, reply.raw);
}
