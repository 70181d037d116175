import CircuitBreaker from 'opossum';

/**
 * An opossum breaker that decides on counts alone, as every breaker of the platform does (the
 * gateway's for upstreams, for key verifications and for user views; the bus's per called service). By default opossum keeps every
 * call's latency for its rolling window and, once per bucket (each second of a ten-second window),
 * sorts them all for percentiles and emits a `snapshot` that nothing here reads. At 15,000 proxied
 * calls a second through one upstream that was a sort of 150,000 numbers holding the event loop for
 * 10–15 ms every second: the proxy's p99.
 */
export function leanBreaker<TI extends unknown[], TR>(
  action: (...args: TI) => Promise<TR>,
  options: CircuitBreaker.Options<TI>,
): CircuitBreaker<TI, TR> {
  return new CircuitBreaker(action, { ...options, rollingPercentilesEnabled: false, enableSnapshots: false });
}
