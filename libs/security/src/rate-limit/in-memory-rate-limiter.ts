import { LRUCache } from 'lru-cache';
import { gcra } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

/**
 * The same policies counted in this process alone: the fallback while Redis cannot be reached, so
 * a limiter outage neither takes the API down nor lifts every limit. Each replica then counts only
 * what it sees. Bounded, so a flood of addresses cannot grow it without end.
 */
export class InMemoryRateLimiter {
  private readonly tats = new LRUCache<string, number>({ max: 100_000 });

  constructor(private readonly now: () => number = Date.now) {}

  check(checks: RateLimitCheck[]): RateLimitDecision {
    const now = this.now();
    const results = checks.map(({ policy, key }) => {
      const counter = `${policy.name}:${key}`;
      return { counter, policy, r: gcra(this.tats.get(counter), now, policy.limit, policy.windowSeconds * 1000) };
    });
    const allowed = results.every(({ r }) => r.allowed);
    if (allowed) for (const { counter, r } of results) this.tats.set(counter, r.nextTat, { ttl: Math.ceil(r.nextTat - now) });
    const states: RateLimitState[] = results.map(({ policy, r }) => ({
      policy,
      allowed: r.allowed,
      remaining: r.remaining,
      resetSeconds: Math.ceil(r.resetMs / 1000),
      retryAfterSeconds: r.allowed ? 0 : Math.max(1, Math.ceil(r.retryAfterMs / 1000)),
    }));
    return decide(states);
  }
}
