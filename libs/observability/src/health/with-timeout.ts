/**
 * Rejects with `timeoutError()` if `promise` has not settled within `ms` (health checks must never
 * hang a probe, nor a request a call that never gives up by itself); the timer is cleared either way.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timeoutError: () => Error = () => new Error(`timed out after ${ms} ms`),
): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutError()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
