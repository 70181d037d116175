/**
 * Rejects with `timeoutError()` if `promise` has not settled within `ms` (health checks must never
 * hang a probe, nor a request a call that never gives up by itself); the timer is cleared either way.
 * One promise and one timer: the rate limiter puts each batch of requests' EVALSHA through it.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timeoutError: () => Error = () => new Error(`timed out after ${ms} ms`),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError()), ms);
    // The promise's own rejection passes through as it is, Error or not.
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: Error) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
