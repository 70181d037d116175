import Redis, { Cluster } from 'ioredis';
import { MAX_BATCH_KEYS, TurnBatcher } from '../turn-batcher';
import { counterOf } from './counter-key';
import { GCRA_BATCH_LUA } from './gcra';
import { decide, RateLimitCheck, RateLimitDecision, RateLimitState } from './rate-limit-policy';

/** Past this many subjects, a policy's cache of counter keys starts over: a bound on memory, nothing more. */
const MAX_CACHED_SUBJECTS = 10_000;

interface GcraBatchCommand {
  rateLimitBatch(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
}

/** One request's limits: its checks, their counters and, per counter, limit, windowMs and periodEndMs. */
interface LimitCall {
  checks: RateLimitCheck[];
  keys: string[];
  args: number[];
}

export interface RedisRateLimiterOptions {
  now?: () => number;
  /**
   * Wraps each batch's round trip, e.g. in a timeout: one timer for the batch rather than one per
   * request, and a batch that fails or times out fails each of its requests (see `fallback`).
   */
  bound?: <T>(roundTrip: Promise<T>) => Promise<T>;
  /**
   * Decides each request of a batch that failed or timed out (e.g. from memory); without it, each
   * request's check rejects. Per batch, so a request's check is one promise either way.
   */
  fallback?: (checks: RateLimitCheck[], err: Error) => RateLimitDecision;
}

/**
 * Every limit that applies to a request (rates and quotas), checked and counted in one atomic
 * round trip. The requests checked in one event-loop turn share that round trip (TurnBatcher): one
 * EVALSHA of GCRA_BATCH_LUA decides each of them in order, as if each ran alone (ioredis falls back
 * to EVAL once after a SCRIPT FLUSH). A counter many requests of the batch count on (the global one,
 * a busy client's IP) goes to the script once with its policy, and each request names it by number
 * (all those numbers in one argument). Keys live under
 * `{<prefix>}:ratelimit:<policy>:<subject>[:<quota period>]`: one Redis Cluster hash tag for all of
 * them, since one script checks many policies' keys at once.
 */
export class RedisRateLimiter {
  private readonly redis: (Redis | Cluster) & GcraBatchCommand;
  private readonly batcher: TurnBatcher<LimitCall, RateLimitDecision>;
  private readonly now: () => number;
  /** A rate counter's Redis key by policy name, then subject (see rateKeyOf). */
  private readonly rateKeys = new Map<string, Map<string, string>>();

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    { now = Date.now, bound = (roundTrip) => roundTrip, fallback }: RedisRateLimiterOptions = {},
  ) {
    redis.defineCommand('rateLimitBatch', { lua: GCRA_BATCH_LUA });
    this.redis = redis as (Redis | Cluster) & GcraBatchCommand;
    this.now = now;
    const decideBatch = (calls: LimitCall[]) => bound(this.send(calls));
    this.batcher = new TurnBatcher(
      fallback
        ? (calls) => decideBatch(calls).catch((err: Error) => calls.map(({ checks }) => fallback(checks, err)))
        : decideBatch,
      {
        maxWeight: MAX_BATCH_KEYS,
        weightOf: (call) => call.keys.length,
      },
    );
  }

  /** Not async: a request's check is its batch's promise, nothing more per request. */
  check(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    const now = this.now();
    const keys: string[] = [];
    const args: number[] = [];
    for (const check of checks) {
      const { policy } = check;
      if (policy.refill) {
        const { counter, periodEndMs } = counterOf(check, now);
        keys.push(this.keyOf(counter));
        args.push(policy.limit, policy.windowSeconds * 1000, periodEndMs);
      } else {
        keys.push(this.rateKeyOf(check, now));
        args.push(policy.limit, policy.windowSeconds * 1000, 0);
      }
    }
    return this.batcher.add({ checks, keys, args });
  }

  /** What a quota has left in its current period, without spending any (one GET). */
  async remaining(check: RateLimitCheck): Promise<number> {
    const { counter } = counterOf(check, this.now());
    const used = Number((await this.redis.get(this.keyOf(counter))) ?? 0);
    return Math.max(0, check.policy.limit - used);
  }

  /**
   * A rate's counter key, made once per policy and subject and then reused. The same string each
   * time spares a request two concatenations and the batch's map the hashing of a new string (V8
   * keeps a string's hash on it; the subject, an IP or an id from a cached principal, is usually the
   * same string too). A quota's key names its period, so it is made each time.
   */
  private rateKeyOf(check: RateLimitCheck, now: number): string {
    let bySubject = this.rateKeys.get(check.policy.name);
    if (!bySubject) this.rateKeys.set(check.policy.name, (bySubject = new Map<string, string>()));
    let key = bySubject.get(check.key);
    if (key === undefined) {
      if (bySubject.size >= MAX_CACHED_SUBJECTS) bySubject.clear();
      bySubject.set(check.key, (key = this.keyOf(counterOf(check, now).counter)));
    }
    return key;
  }

  private keyOf(counter: string): string {
    return `{${this.prefix}}:ratelimit:${counter}`;
  }

  /** The batch in the script's layout (see GCRA_BATCH_LUA): each counter and its policy once. */
  private async send(calls: LimitCall[]): Promise<RateLimitDecision[]> {
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
    // The requests' layout as one argument (see GCRA_BATCH_LUA): ioredis writes each argument on its
    // own, and this one would be four numbers a request.
    const layout = requests.join(',');
    const flat = await this.redis.rateLimitBatch(keys.length, ...keys, keys.length, ...policies, layout);
    let offset = 0;
    return calls.map(({ checks }) => {
      const decision = decisionOf(checks, flat, offset);
      offset += checks.length * 4;
      return decision;
    });
  }
}

/** Whether entry `entry` (1-based) of `policies` is this limit, window and period end. */
function samePolicy(policies: number[], entry: number, limit: number, windowMs: number, periodEndMs: number): boolean {
  const at = 3 * (entry - 1);
  return policies[at] === limit && policies[at + 1] === windowMs && policies[at + 2] === periodEndMs;
}

/** A request's decision from the batch's answer: four numbers per limit, its own from `offset` on. */
function decisionOf(checks: RateLimitCheck[], answer: number[], offset: number): RateLimitDecision {
  const states: RateLimitState[] = new Array<RateLimitState>(checks.length);
  for (let i = 0, at = offset; i < checks.length; i++, at += 4) {
    const allowed = answer[at] === 1;
    states[i] = {
      policy: checks[i].policy,
      allowed,
      remaining: answer[at + 1],
      resetSeconds: Math.ceil(answer[at + 2] / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(answer[at + 3] / 1000)),
    };
  }
  return decide(states);
}
