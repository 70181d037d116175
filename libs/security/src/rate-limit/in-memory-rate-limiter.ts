import { LRUCache } from 'lru-cache';
import { counterOf } from './counter-key';
import { gcra, quotaStep } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

/**
 * The same policies counted in this process alone: the fallback while Redis cannot be reached, so
 * a limiter outage neither takes the API down nor lifts every limit. Each replica then counts only
 * what it sees. Bounded, so a flood of addresses cannot grow it without end.
 */
export class InMemoryRateLimiter {
  private readonly counters = new LRUCache<string, number>({ max: 100_000 });

  constructor(private readonly now: () => number = Date.now) {}

  check(checks: RateLimitCheck[]): RateLimitDecision {
    const now = this.now();
    const results = checks.map((check) => {
      const { policy } = check;
      const { counter, periodEndMs } = counterOf(check, now);
      const stored = this.counters.get(counter);
      if (periodEndMs > 0) {
        const r = quotaStep(stored, now, policy.limit, periodEndMs);
        return { counter, policy, r, value: r.nextCount, ttl: Math.max(1, periodEndMs - now) };
      }
      const r = gcra(stored, now, policy.limit, policy.windowSeconds * 1000);
      return { counter, policy, r, value: r.nextTat, ttl: Math.ceil(r.nextTat - now) };
    });
    const allowed = results.every(({ r }) => r.allowed);
    if (allowed) for (const { counter, value, ttl } of results) this.counters.set(counter, value, { ttl });
    const states: RateLimitState[] = results.map(({ policy, r }) => ({
      policy,
      allowed: r.allowed,
      remaining: r.remaining,
      resetSeconds: Math.ceil(r.resetMs / 1000),
      retryAfterSeconds: r.allowed ? 0 : Math.max(1, Math.ceil(r.retryAfterMs / 1000)),
    }));
    return decide(states);
  }

  /** What a quota has left in its current period, without spending any. */
  remaining(check: RateLimitCheck): number {
    const { counter } = counterOf(check, this.now());
    return Math.max(0, check.policy.limit - (this.counters.get(counter) ?? 0));
  }
}
