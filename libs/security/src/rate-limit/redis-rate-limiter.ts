import Redis, { Cluster } from 'ioredis';
import { counterOf } from './counter-key';
import { GCRA_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

interface GcraCommand {
  rateLimitGcra(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip (EVALSHA of GCRA_LUA; ioredis falls back to EVAL once after a SCRIPT FLUSH). Keys live
 * under `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`: one Redis Cluster hash tag for
 * all of them, since one script checks several policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraCommand;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('rateLimitGcra', { lua: GCRA_LUA });
    this.redis = redis as (Redis | Cluster) & GcraCommand;
  }

  async check(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    const now = this.now();
    const counters = checks.map((check) => counterOf(check, now));
    const keys = counters.map(({ counter }) => `{${this.prefix}}:ratelimit:${counter}`);
    const args = checks.flatMap(({ policy }, i) => [
      policy.limit,
      policy.windowSeconds * 1000,
      counters[i].periodEndMs,
    ]);
    const flat = await this.redis.rateLimitGcra(keys.length, ...keys, ...args);
    const states: RateLimitState[] = checks.map(({ policy }, i) => {
      const [allowed, remaining, resetMs, retryAfterMs] = flat.slice(i * 4, i * 4 + 4);
      return {
        policy,
        allowed: allowed === 1,
        remaining,
        resetSeconds: Math.ceil(resetMs / 1000),
        retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)),
      };
    });
    return decide(states);
  }

  /** What a quota has left in its current period, without spending any (one GET). */
  async remaining(check: RateLimitCheck): Promise<number> {
    const { counter } = counterOf(check, this.now());
    const used = Number((await this.redis.get(`{${this.prefix}}:ratelimit:${counter}`)) ?? 0);
    return Math.max(0, check.policy.limit - used);
  }
}
