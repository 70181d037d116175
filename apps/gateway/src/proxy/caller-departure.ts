import { IncomingMessage } from 'http';
import { Socket } from 'net';
import { Dispatcher } from 'undici';
import { requestUpstream, UpstreamAnswer } from './upstream-answer';
import { CallerFault, FailedAnswer } from './upstream-breakers';

/** Read once the upstream call has failed: did the caller go away while its body was still arriving? */
export interface CallerDeparture {
  left(): boolean;
  /** Stops watching; the socket may serve further requests (keep-alive). */
  stop(): void;
}

/**
 * Tells a caller that broke off its upload from an upstream that failed during it. Afterwards the two
 * look the same: when the upstream fails, undici destroys the request body with its own error, which
 * destroys the caller's socket, so `destroyed`, `errored`, `readableAborted` and `complete` read alike
 * either way, and the error undici rejects with is the body's in both (checked with undici 7.30 on
 * Node 20). What differs is the order. A caller that leaves closes its socket first, and Node then
 * destroys the request (`ECONNRESET aborted`); an upstream failure destroys the request first, which
 * then closes the socket. So the socket's close is watched ahead of Node's own listener, which is the
 * one that destroys the request.
 */
export function watchCallerDeparture(raw: IncomingMessage): CallerDeparture {
  // Already gone before the call: nothing of ours has touched the body yet, so only the caller (or
  // Node's request timeout for a caller too slow to send it) could have destroyed it.
  let left = raw.destroyed && !raw.complete;
  const socket = raw.socket;
  const onClose = () => {
    if (!raw.complete && !raw.destroyed) left = true;
  };
  socket?.prependOnceListener('close', onClose);
  return { left: () => left, stop: () => void socket?.off('close', onClose) };
}

/** The body a caller stopped sending mid-way: the gateway ended it (see watchUploadProgress). */
export class UploadStalled extends Error {
  constructor(readonly idleMs: number) {
    super(`no byte of the request body arrived for ${idleMs} ms`);
  }
}

/** The upstream stopped reading the body (undici paused it): its timeout, counted by its breaker. */
export class UpstreamNotReading extends Error {
  readonly code = 'UPSTREAM_NOT_READING';

  constructor(idleMs: number) {
    super(`the upstream read no byte of the request body for ${idleMs} ms`);
  }
}

/** What usage records for a request whose upload the gateway ended (it cannot answer: the socket is gone). */
export function statusOfEndedUpload(raw: IncomingMessage): number | undefined {
  if (raw.errored instanceof UploadStalled) return 408;
  if (raw.errored instanceof UpstreamNotReading) return 504;
  return undefined;
}

/**
 * Ends an upload that stops making progress: no byte read from the caller's socket for `idleMs`
 * while the body is still incomplete. Only once undici has begun taking the body: before that
 * (waiting for a pooled connection, connecting) Node stops reading the socket once its buffer is
 * full, which is no stall of the caller's. A slowloris caller would otherwise hold a gateway
 * socket and one of the upstream pool's connections for as long as it liked (undici's timers cover
 * the answer, not the request body, and Fastify sets no request timeout), and with the pool's
 * connections all held, every other caller of that upstream would wait behind it. Reads the
 * socket's byte count on a timer: a `data` listener would take the body from undici, and the
 * socket's own timeout is Node's keep-alive machinery.
 */
export function watchUploadProgress(raw: IncomingMessage, idleMs: number): { stop(): void } {
  const socket: Socket | null = raw.socket;
  if (!socket || raw.complete) return { stop: () => undefined };
  let seen = socket.bytesRead;
  const timer = setInterval(() => {
    if (raw.complete || raw.destroyed) return stop();
    if (raw.readableFlowing === null || socket.bytesRead !== seen) {
      seen = socket.bytesRead;
      return;
    }
    stop();
    // Paused means undici stopped taking the body because the upstream stopped reading it.
    raw.destroy(raw.isPaused() ? new UpstreamNotReading(idleMs) : new UploadStalled(idleMs));
  }, idleMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  raw.once('end', stop);
  return { stop };
}

/**
 * One request to the upstream, streaming `options.body` (the caller's request, or null) to it. A
 * failure while the caller was leaving mid-upload is the caller's (CallerFault, which the breaker
 * does not count); a 5xx answer is the upstream's (FailedAnswer, which it does). `options` goes to
 * undici as the caller built it: a copy made here (a spread) measurably slowed undici's Request
 * constructor on every proxied request.
 */
export async function sendWatchingCaller(
  pool: Dispatcher,
  options: Dispatcher.DispatchOptions & { body: IncomingMessage | null },
): Promise<UpstreamAnswer> {
  const departure = options.body ? watchCallerDeparture(options.body) : undefined;
  let response: UpstreamAnswer;
  try {
    response = await requestUpstream(pool, options);
  } catch (err) {
    throw departure?.left() || err instanceof UploadStalled ? new CallerFault(err) : err;
  } finally {
    departure?.stop();
  }
  if (response.statusCode >= 500) throw new FailedAnswer(response);
  return response;
}
