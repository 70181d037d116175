import { runWithRequestContext } from '@portcullis/common';

/**
 * Runs `fn` as if the gateway had received the request from `origin`: what the bus server restores
 * around a handler, so a use case spec proves its events and records take the IP, user agent and
 * request id from the context rather than from its payload.
 */
export function withOrigin<T>(origin: { ip?: string; userAgent?: string; requestId?: string }, fn: () => T): T {
  return runWithRequestContext(
    { requestId: origin.requestId, origin: { ip: origin.ip, userAgent: origin.userAgent } },
    fn,
  );
}
