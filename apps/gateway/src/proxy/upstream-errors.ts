import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  // The gateway's own: the upstream stopped reading the request body (caller-departure.ts).
  'UPSTREAM_NOT_READING',
]);

/**
 * What the client is told when no usable answer came. The details name the kind of failure (a
 * stable undici or system code), never the upstream's address or message: they can describe the
 * internal network.
 */
export function upstreamFailure(err: unknown, timeoutMs: number): AppError {
  const code = (err as { code?: string })?.code ?? 'UNKNOWN';
  if (TIMEOUT_CODES.has(code))
    return new AppError(ErrorCode.UPSTREAM_TIMEOUT, `The upstream did not answer within ${timeoutMs} ms`);
  if (code === 'EFORBIDDENADDRESS')
    return new AppError(ErrorCode.UPSTREAM_ERROR, 'The upstream resolves to a forbidden address', { reason: code });
  return new AppError(ErrorCode.UPSTREAM_ERROR, 'The upstream could not be reached or gave no usable answer', {
    reason: code,
  });
}

export const upstreamUnavailable = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The upstream is failing; calls are paused (circuit open)', {
    retryAfterSeconds,
  });

/** The caller's upload stalled (UploadStalled): the gateway gave up on it. */
export const callerStalled = (idleMs: number) =>
  new AppError(ErrorCode.REQUEST_TIMEOUT, `The request body stalled: no byte arrived for ${idleMs} ms`);

/**
 * The caller broke off its own upload. It is no longer there to read this; what matters is that the
 * request is logged and counted as the caller's failure (4xx), not the upstream's.
 */
export const callerBrokeOff = () =>
  new AppError(ErrorCode.VALIDATION_FAILED, 'The request body broke off before it was complete');
