import Redis, { Cluster } from 'ioredis';
import { BatchedScript } from '../batched-script';
import { counterOf } from './counter-key';
import { GCRA_BATCH_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

interface GcraBatchCommand {
  rateLimitBatch(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip. The requests checked in one event-loop turn share that round trip (BatchedScript): one
 * EVALSHA of GCRA_BATCH_LUA decides each of them in order, as if each ran alone (ioredis falls back
 * to EVAL once after a SCRIPT FLUSH). Keys live under
 * `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`: one Redis Cluster hash tag for all of
 * them, since one script checks many policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraBatchCommand;
  private readonly script: BatchedScript;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('rateLimitBatch', { lua: GCRA_BATCH_LUA });
    this.redis = redis as (Redis | Cluster) & GcraBatchCommand;
    // Four numbers per key of each request.
    this.script = new BatchedScript(
      (...keysAndArgs) => this.redis.rateLimitBatch(...keysAndArgs),
      (c) => c.keys.length * 4,
    );
  }

  async check(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    const now = this.now();
    const counters = checks.map((check) => counterOf(check, now));
    const keys = counters.map(({ counter }) => this.keyOf(counter));
    const args = checks.flatMap(({ policy }, i) => [
      policy.limit,
      policy.windowSeconds * 1000,
      counters[i].periodEndMs,
    ]);
    return decisionOf(checks, await this.script.call({ keys, args }));
  }

  /** What a quota has left in its current period, without spending any (one GET). */
  async remaining(check: RateLimitCheck): Promise<number> {
    const { counter } = counterOf(check, this.now());
    const used = Number((await this.redis.get(this.keyOf(counter))) ?? 0);
    return Math.max(0, check.policy.limit - used);
  }

  private keyOf(counter: string): string {
    return `{${this.prefix}}:ratelimit:${counter}`;
  }
}

function decisionOf(checks: RateLimitCheck[], answer: number[]): RateLimitDecision {
  const states: RateLimitState[] = checks.map(({ policy }, i) => {
    const [allowed, remaining, resetMs, retryAfterMs] = answer.slice(i * 4, i * 4 + 4);
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
