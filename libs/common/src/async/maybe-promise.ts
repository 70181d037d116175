/**
 * A value that is either at hand or still coming. The gateway's hot path (guard, strategies,
 * permission check, rate limits) answers from memory almost always; returning the value itself then,
 * rather than a promise of it, spares each request the promises an `async` step costs. On Node 20
 * those are dear: the request context's AsyncLocalStorage turns on a promise hook that runs for every
 * promise (and disables V8's fast `await`), so fewer promises per request is what makes it faster.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * `next(value)` now if the value is at hand, else once it resolves; a rejection (or a throw of
 * `next` on the synchronous path) reaches the caller as it would from an async function's `await`:
 * as a rejected promise on the asynchronous path, as a throw on the synchronous one.
 */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromise(value) ? value.then(next) : next(value);
}
