import { Readable } from 'stream';
import { Dispatcher, errors } from 'undici';

/** An upstream's headers as undici parses them: lower-case names, repeated ones as arrays. */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** An upstream's answer as the proxy relays it. */
export interface UpstreamAnswer {
  statusCode: number;
  headers: UpstreamHeaders;
  /** Read whole when small and of announced length (see WHOLE_BODY_MAX_BYTES); else a stream the client paces. */
  body: Buffer | Readable;
}

/**
 * An answer this small, with its length announced, is read whole and sent in one write: a stream
 * per response costs more than its bytes, and a body that breaks off before its length is a clean
 * 502 instead of a response cut short. Anything larger (or of unknown length) is streamed.
 */
export const WHOLE_BODY_MAX_BYTES = 64 * 1024;
const STREAM_HIGH_WATER_MARK = 64 * 1024;

/**
 * One request through undici's `dispatch`, the layer under `request()`. `request()` wraps every
 * call in an AsyncResource and its answer in a stream, even one read whole at once: measured on
 * loopback with the request context's AsyncLocalStorage active, 100 µs of CPU a call against 70
 * here. Resolves once the headers are in (a small answer: once it is whole); a larger body then
 * flows at the pace its reader takes it, pausing the upstream socket in between, and destroying the
 * stream aborts the upstream request. Rejects with undici's own errors (timeouts, resets, a
 * header block over the pool's limit), as `request()` does.
 */
export function requestUpstream(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new AnswerHandler(options.method, resolve, reject));
  });
}

class AnswerHandler implements Dispatcher.DispatchHandler {
  private answer: UpstreamAnswer | undefined;
  /** Set while a small answer is being read whole. */
  private chunks: Buffer[] | undefined;
  private stream: Readable | undefined;
  private ended = false;

  constructor(
    private readonly method: string,
    private readonly resolve: (answer: UpstreamAnswer) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  /** Marks this as a handler of undici's current API (undici takes one without it for the legacy one). */
  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: UpstreamHeaders): void {
    if (readsWhole(this.method, statusCode, headers)) {
      this.chunks = [];
      this.answer = { statusCode, headers, body: Buffer.alloc(0) };
      return;
    }
    this.stream = new Readable({
      // As much as undici's own body stream holds before it pauses the socket.
      highWaterMark: STREAM_HIGH_WATER_MARK,
      // The reader wants more: let undici read the upstream socket again.
      read: () => controller.resume(),
      destroy: (err, done) => {
        // The client went away (or its reply failed) before the end: stop the upstream's answer too.
        if (!this.ended) controller.abort(err ?? new errors.RequestAbortedError());
        done(err);
      },
    });
    this.resolve({ statusCode, headers, body: this.stream });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks) this.chunks.push(chunk);
    else if (!this.stream!.push(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    if (this.chunks) this.resolve({ ...this.answer!, body: Buffer.concat(this.chunks) });
    else this.stream!.push(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.ended = true;
    // Before the answer was handed over (no headers yet, or a small body cut short): the call failed.
    if (this.stream) this.stream.destroy(err);
    else this.reject(err);
  }
}

/** Whether an answer is small enough, and of known length, to be read whole (see WHOLE_BODY_MAX_BYTES). */
function readsWhole(method: string, statusCode: number, headers: UpstreamHeaders): boolean {
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304) return false;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length >= 0 && length <= WHOLE_BODY_MAX_BYTES;
}
