import Redis, { Cluster } from 'ioredis';
import { counterOf } from './counter-key';
import { GCRA_BATCH_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

interface GcraBatchCommand {
  rateLimitBatch(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/** One request's limits, waiting for the end of the event-loop turn. */
interface Queued {
  checks: RateLimitCheck[];
  keys: string[];
  /** limit, windowMs, periodEndMs per key. */
  args: number[];
  resolve(decision: RateLimitDecision): void;
  reject(err: unknown): void;
}

/**
 * Past this many keys a batch goes at once rather than at the end of the turn: it bounds the
 * script's arguments (Lua's unpack of KEYS) and how long one script holds Redis.
 */
export const MAX_BATCH_KEYS = 2_000;

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip. The requests checked in one event-loop turn share that round trip: one EVALSHA of
 * GCRA_BATCH_LUA decides each of them in order, as if each ran alone (ioredis falls back to EVAL
 * once after a SCRIPT FLUSH). On this kind of machine each command costs Redis and the gateway a
 * socket write that wakes the other side, which is most of what a limit costs; under load a turn
 * holds several requests. Keys live under `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`:
 * one Redis Cluster hash tag for all of them, since one script checks many policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraBatchCommand;
  private queued: Queued[] = [];
  private queuedKeys = 0;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('rateLimitBatch', { lua: GCRA_BATCH_LUA });
    this.redis = redis as (Redis | Cluster) & GcraBatchCommand;
  }

  check(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    const now = this.now();
    const counters = checks.map((check) => counterOf(check, now));
    const keys = counters.map(({ counter }) => this.keyOf(counter));
    const args = checks.flatMap(({ policy }, i) => [
      policy.limit,
      policy.windowSeconds * 1000,
      counters[i].periodEndMs,
    ]);
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(this.flush);
      this.queued.push({ checks, keys, args, resolve, reject });
      this.queuedKeys += keys.length;
      if (this.queuedKeys >= MAX_BATCH_KEYS) this.flush();
    });
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

  /** Sends what the turn queued (nothing when a full batch already went). */
  private readonly flush = (): void => {
    const batch = this.queued;
    if (batch.length === 0) return;
    this.queued = [];
    this.queuedKeys = 0;
    const keys = batch.flatMap((q) => q.keys);
    const counts = batch.map((q) => q.keys.length);
    const args = batch.flatMap((q) => q.args);
    this.redis.rateLimitBatch(keys.length, ...keys, batch.length, ...counts, ...args).then(
      (flat) => {
        let offset = 0;
        for (const q of batch) {
          q.resolve(decisionOf(q.checks, flat, offset));
          offset += q.checks.length * 4;
        }
      },
      (err: unknown) => {
        for (const q of batch) q.reject(err);
      },
    );
  };
}

function decisionOf(checks: RateLimitCheck[], flat: number[], offset: number): RateLimitDecision {
  const states: RateLimitState[] = checks.map(({ policy }, i) => {
    const at = offset + i * 4;
    const [allowed, remaining, resetMs, retryAfterMs] = [flat[at], flat[at + 1], flat[at + 2], flat[at + 3]];
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
