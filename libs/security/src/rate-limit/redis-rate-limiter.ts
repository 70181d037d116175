import Redis, { Cluster } from 'ioredis';
import { TurnBatcher } from '../turn-batcher';
import { counterOf } from './counter-key';
import { GCRA_BATCH_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

interface GcraBatchCommand {
  rateLimitBatch(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/** One request's limits as the script takes them. */
interface Counted {
  keys: string[];
  /** limit, windowMs, periodEndMs per key. */
  args: number[];
}

/**
 * Past this many keys a batch goes at once rather than at the end of the turn: it bounds the
 * script's arguments (Lua's unpack of KEYS) and how long one script holds Redis.
 */
export const MAX_BATCH_KEYS = 2_000;

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip. The requests checked in one event-loop turn share that round trip (TurnBatcher): one
 * EVALSHA of GCRA_BATCH_LUA decides each of them in order, as if each ran alone (ioredis falls back
 * to EVAL once after a SCRIPT FLUSH). Keys live under
 * `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`: one Redis Cluster hash tag for all of
 * them, since one script checks many policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraBatchCommand;
  private readonly batcher: TurnBatcher<Counted, number[]>;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('rateLimitBatch', { lua: GCRA_BATCH_LUA });
    this.redis = redis as (Redis | Cluster) & GcraBatchCommand;
    this.batcher = new TurnBatcher((batch) => this.send(batch), {
      maxWeight: MAX_BATCH_KEYS,
      weightOf: (counted) => counted.keys.length,
    });
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
    return decisionOf(checks, await this.batcher.add({ keys, args }));
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

  /** One script for the batch; each request's four numbers per key, in order. */
  private async send(batch: Counted[]): Promise<number[][]> {
    const keys = batch.flatMap((c) => c.keys);
    const counts = batch.map((c) => c.keys.length);
    const flat = await this.redis.rateLimitBatch(
      keys.length,
      ...keys,
      batch.length,
      ...counts,
      ...batch.flatMap((c) => c.args),
    );
    let offset = 0;
    return batch.map((c) => flat.slice(offset, (offset += c.keys.length * 4)));
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
