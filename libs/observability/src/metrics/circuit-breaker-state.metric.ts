import { Gauge } from 'prom-client';
import { once } from './metric-registry';

/** `circuit_breaker_state` values: what a dashboard plots and an alert compares against. */
export const CircuitBreakerStateValue = { closed: 0, halfOpen: 1, open: 2 } as const;
export type CircuitBreakerStateName = keyof typeof CircuitBreakerStateValue;

/**
 * One gauge for every breaker in an app (DESIGN §6), labelled by what it guards:
 * `upstream="bus:token"` for a bus service, `upstream="api:<id>"` for a proxied API.
 */
export const circuitBreakerState = once(
  'circuit_breaker_state',
  () =>
    new Gauge({
      name: 'circuit_breaker_state',
      help: 'State of a circuit breaker: 0 closed, 1 half-open, 2 open',
      labelNames: ['upstream'],
    }),
);

/** Mirrors an opossum breaker's state into the gauge (duck-typed, so this lib needs no opossum). */
export function exportCircuitBreakerState(
  upstream: string,
  breaker: { on(event: 'open' | 'halfOpen' | 'close', listener: () => void): unknown },
): void {
  const set = (state: CircuitBreakerStateName) =>
    circuitBreakerState().set({ upstream }, CircuitBreakerStateValue[state]);
  set('closed');
  breaker.on('open', () => set('open'));
  breaker.on('halfOpen', () => set('halfOpen'));
  breaker.on('close', () => set('closed'));
}

/** True when an opossum breaker refused to call (open, or half-open with its probe under way). */
export const isOpenBreakerError = (err: unknown): boolean => (err as { code?: string })?.code === 'EOPENBREAKER';
