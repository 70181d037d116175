import { circuitBreakerState, exportCircuitBreakerState } from '@portcullis/observability';
export { isOpenBreakerError } from '@portcullis/observability';
import CircuitBreaker from 'opossum';
import { leanBreaker } from '@portcullis/common';

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

/**
 * A failure the caller caused, not the upstream: its request body broke off mid-upload (see
 * caller-departure.ts). Passed through to the caller of `run` like any rejection, but never counted
 * against the upstream, or a client that keeps aborting uploads could open the breaker for everybody.
 */
export class CallerFault extends Error {
  constructor(cause: unknown) {
    super('the caller broke off its request', { cause });
  }
}

/** The breaker (and `circuit_breaker_state` label) of a proxied API. */
export const breakerKeyOf = (apiId: string): string => `api:${apiId}`;

/**
 * One opossum breaker per upstream API in this replica. Each replica decides for itself: its own
 * traffic is enough evidence, and no shared state sits on the request path (README, "Upstream APIs
 * and proxy"). Connection failures, timeouts and 5xx answers count; 4xx do not (the caller's fault),
 * nor does a CallerFault.
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

  /** An API removed or changed: its next call starts on a fresh breaker, and its gauge label goes meanwhile. */
  forget(upstream: string): void {
    this.breakers.get(upstream)?.shutdown();
    this.breakers.delete(upstream);
    // A deleted API's label would otherwise be scraped forever, frozen at its last state.
    circuitBreakerState().remove({ upstream });
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerOf(upstream: string): CircuitBreaker<[() => Promise<unknown>], unknown> {
    let breaker = this.breakers.get(upstream);
    if (breaker) return breaker;
    breaker = leanBreaker((call: () => Promise<unknown>) => call(), {
      // The proxy's own timeouts (undici's) apply; a second timer here would only race them.
      timeout: false,
      errorThresholdPercentage: this.settings.errorPercent,
      volumeThreshold: this.settings.minCalls,
      rollingCountTimeout: this.settings.windowMs,
      resetTimeout: this.settings.resetMs,
      // Filtered errors still reject, but opossum books them as successes: a half-open probe the
      // caller abandoned closes the breaker. Better than the alternative (counting it), which would
      // let one client keep an upstream's breaker open by aborting every probe.
      errorFilter: (err: unknown) => err instanceof CallerFault,
    });
    exportCircuitBreakerState(upstream, breaker);
    breaker.on('open', () => this.onEvent(upstream, 'open'));
    breaker.on('halfOpen', () => this.onEvent(upstream, 'halfOpen'));
    breaker.on('close', () => this.onEvent(upstream, 'close'));
    this.breakers.set(upstream, breaker);
    return breaker;
  }
}
