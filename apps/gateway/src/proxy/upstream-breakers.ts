import { exportCircuitBreakerState } from '@portcullis/observability';
import CircuitBreaker from 'opossum';

export interface BreakerSettings {
  /** Share (%) of failed calls in the window that opens the breaker... */
  errorPercent: number;
  /** ...once the window holds at least this many calls. */
  minCalls: number;
  windowMs: number;
  /** Open this long, then one probe (half-open): success closes, failure opens again. */
  resetMs: number;
}

export type BreakerEvent = 'open' | 'halfOpen' | 'close';

/** A response that counts as a failure (5xx) but is still the answer the client gets. */
export class FailedAnswer<T> extends Error {
  constructor(readonly answer: T) {
    super('upstream answered 5xx');
  }
}

/** True when the breaker refused to call (open, or half-open with its probe under way). */
export const isOpenBreakerError = (err: unknown): boolean => (err as { code?: string })?.code === 'EOPENBREAKER';

/**
 * One opossum breaker per upstream API in this replica. Each replica decides for itself: its own
 * traffic is enough evidence, and no shared state sits on the request path (README, "Upstream APIs
 * and proxy"). Connection failures, timeouts and 5xx answers count; 4xx do not (the caller's fault).
 */
export class UpstreamBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly onEvent: (upstream: string, event: BreakerEvent) => void = () => undefined,
  ) {}

  /** Runs `call` through the upstream's breaker; rejects with an EOPENBREAKER error without calling it while open. */
  run<T>(upstream: string, call: () => Promise<T>): Promise<T> {
    return this.breakerOf(upstream).fire(call) as Promise<T>;
  }

  state(upstream: string): 'closed' | 'open' | 'halfOpen' {
    const breaker = this.breakers.get(upstream);
    if (!breaker || breaker.closed) return 'closed';
    return breaker.halfOpen ? 'halfOpen' : 'open';
  }

  /** An API removed or changed: its next call starts on a fresh breaker. */
  forget(upstream: string): void {
    this.breakers.get(upstream)?.shutdown();
    this.breakers.delete(upstream);
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerOf(upstream: string): CircuitBreaker<[() => Promise<unknown>], unknown> {
    let breaker = this.breakers.get(upstream);
    if (breaker) return breaker;
    breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      // The proxy's own timeouts (undici's) apply; a second timer here would only race them.
      timeout: false,
      errorThresholdPercentage: this.settings.errorPercent,
      volumeThreshold: this.settings.minCalls,
      rollingCountTimeout: this.settings.windowMs,
      resetTimeout: this.settings.resetMs,
    });
    exportCircuitBreakerState(upstream, breaker);
    breaker.on('open', () => this.onEvent(upstream, 'open'));
    breaker.on('halfOpen', () => this.onEvent(upstream, 'halfOpen'));
    breaker.on('close', () => this.onEvent(upstream, 'close'));
    this.breakers.set(upstream, breaker);
    return breaker;
  }
}
