import Redis, { Cluster } from 'ioredis';
import { MAX_BATCH_KEYS, TurnBatcher } from '../turn-batcher';
import { counterOf } from './counter-key';
import { GCRA_BATCH_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

interface GcraBatchCommand {
  rateLimitBatch(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/** One request's limits: its counters and, per counter, limit, windowMs and periodEndMs. */
interface LimitCall {
  keys: string[];
  args: number[];
}

export interface RedisRateLimiterOptions {
  now?: () => number;
  /**
   * Wraps each batch's round trip, e.g. in a timeout: one timer for the batch rather than one per
   * request, and a batch that fails or times out fails each of its requests.
   */
  bound?: <T>(roundTrip: Promise<T>) => Promise<T>;
}

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip. The requests checked in one event-loop turn share that round trip (TurnBatcher): one
 * EVALSHA of GCRA_BATCH_LUA decides each of them in order, as if each ran alone (ioredis falls back
 * to EVAL once after a SCRIPT FLUSH). A counter many requests of the batch count on (the global one,
 * a busy client's IP) goes to the script once with its policy, and each request names it by number:
 * a third of the arguments to build, send and parse at three limits a request. Keys live under
 * `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`: one Redis Cluster hash tag for all of
 * them, since one script checks many policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraBatchCommand;
  private readonly batcher: TurnBatcher<LimitCall, number[]>;
  private readonly now: () => number;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    { now = Date.now, bound = (roundTrip) => roundTrip }: RedisRateLimiterOptions = {},
  ) {
    redis.defineCommand('rateLimitBatch', { lua: GCRA_BATCH_LUA });
    this.redis = redis as (Redis | Cluster) & GcraBatchCommand;
    this.now = now;
    this.batcher = new TurnBatcher((calls) => bound(this.send(calls)), {
      maxWeight: MAX_BATCH_KEYS,
      weightOf: (call) => call.keys.length,
    });
  }

  /** Not async: a request's check is its batch's promise and one `then`, nothing more per request. */
  check(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    const now = this.now();
    const keys: string[] = [];
    const args: number[] = [];
    for (const check of checks) {
      const { counter, periodEndMs } = counterOf(check, now);
      keys.push(this.keyOf(counter));
      args.push(check.policy.limit, check.policy.windowSeconds * 1000, periodEndMs);
    }
    return this.batcher.add({ keys, args }).then((answer) => decisionOf(checks, answer));
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

  /** The batch in the script's layout (see GCRA_BATCH_LUA): each counter and its policy once. */
  private async send(calls: LimitCall[]): Promise<number[][]> {
    const keys: string[] = [];
    const policies: number[] = [];
    const requests: number[] = [calls.length];
    // A counter's entry by its key; a policy changed within the batch makes a second entry of it.
    const entries = new Map<string, number>();
    for (const { keys: own, args } of calls) {
      requests.push(own.length);
      for (let i = 0; i < own.length; i++) {
        const limit = args[3 * i];
        const windowMs = args[3 * i + 1];
        const periodEndMs = args[3 * i + 2];
        let entry = entries.get(own[i]);
        if (entry === undefined || !samePolicy(policies, entry, limit, windowMs, periodEndMs)) {
          keys.push(own[i]);
          policies.push(limit, windowMs, periodEndMs);
          entry = keys.length;
          entries.set(own[i], entry);
        }
        requests.push(entry);
      }
    }
    const flat = await this.redis.rateLimitBatch(keys.length, ...keys, keys.length, ...policies, ...requests);
    let offset = 0;
    return calls.map((c) => flat.slice(offset, (offset += c.keys.length * 4)));
  }
}

/** Whether entry `entry` (1-based) of `policies` is this limit, window and period end. */
function samePolicy(policies: number[], entry: number, limit: number, windowMs: number, periodEndMs: number): boolean {
  const at = 3 * (entry - 1);
  return policies[at] === limit && policies[at + 1] === windowMs && policies[at + 2] === periodEndMs;
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
