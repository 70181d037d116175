import { FastifyReply, FastifyRequest } from 'fastify';

const DEGRADED = Symbol('portcullis:degraded');
export const DEGRADED_HEADER = 'X-Portcullis-Degraded';

type Markable = FastifyRequest & { [DEGRADED]?: string };

/** Authentication used a stale cached answer (a passport strategy sees the request, not the reply). */
export function markDegraded(request: FastifyRequest): void {
  (request as Markable)[DEGRADED] = 'stale-cache';
}

/**
 * Tells the client its answer rests on a stale cache (`X-Portcullis-Degraded: stale-cache`); the
 * AuthGuard calls it once a strategy has accepted the request.
 */
export function announceDegraded(request: FastifyRequest, reply: FastifyReply): void {
  const mark = (request as Markable)[DEGRADED];
  if (mark) void reply.header(DEGRADED_HEADER, mark);
}
