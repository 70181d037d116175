import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import {
  InMemoryRateLimiter,
  RateLimitCheck,
  RateLimitDecision,
  RateLimitPolicy,
  RedisRateLimiter,
} from '@portcullis/security';
import { RedisClient } from '@portcullis/common';
import { withTimeout } from '@portcullis/observability';
import { rateLimitFallback } from './rate-limit.metrics';

export interface RateLimitSettings {
  policies: RateLimitPolicy[];
  /** Longest a request waits on Redis before the local fallback decides. */
  redisTimeoutMs: number;
  /** Whether the tier policies (IP, user, default key, agent, default upstream, global) apply; route, key and upstream limits always do. */
  tiersEnabled: boolean;
}
export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');
const FALLBACK_LOG_INTERVAL_MS = 10_000;
const timedOut = () => new Error('rate limiter timed out');

/** What a policy counts by, for one request. */
export interface RateLimitSubject {
  ip: string;
}

/**
 * Checks named policies for a request: in Redis (one script, shared by every gateway) when Redis
 * answers in time, otherwise in this process's memory, counted, so a limiter outage neither takes
 * the API down nor lifts the limits.
 */
@Injectable()
export class GatewayRateLimiter {
  private readonly logger = new Logger(GatewayRateLimiter.name);
  private readonly byName: Map<string, RateLimitPolicy>;
  private readonly shared: RedisRateLimiter;
  private readonly local = new InMemoryRateLimiter();
  private lastFallbackLog = -Infinity;
  private unloggedFallbacks = 0;

  constructor(
    @Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) prefix: string,
  ) {
    this.byName = new Map(settings.policies.map((p) => [p.name, p]));
    this.shared = new RedisRateLimiter(redis, `${prefix}:gateway`, {
      bound: (roundTrip) => withTimeout(roundTrip, settings.redisTimeoutMs, timedOut),
      fallback: (checks, err) => {
        this.warnFallback(err);
        return this.fallback(checks);
      },
    });
  }

  /** Route names are typed against the policy list, so an unknown one is a programming error: fail loudly. */
  policy(name: string): RateLimitPolicy {
    const policy = this.byName.get(name);
    if (!policy) throw new Error(`unknown rate-limit policy ${name}`);
    return policy;
  }

  async check(names: readonly string[], subject: RateLimitSubject): Promise<RateLimitDecision> {
    return this.run(names.map((name) => ({ policy: this.policy(name), key: subject.ip })));
  }

  /**
   * Every limit of one request, decided together (one EVALSHA, shared with the turn's other
   * requests and bounded by redisTimeoutMs as a batch; a batch that fails is decided from memory).
   * One promise, the batch's, with no timer or `catch` of its own: every request that meets a limit
   * comes through here, and each promise costs it the request context's promise hook.
   */
  run(checks: RateLimitCheck[]): Promise<RateLimitDecision> {
    if (this.redis.status !== 'ready') return Promise.resolve(this.fallback(checks));
    return this.shared.check(checks);
  }

  /** What a quota has left this period, without spending any; from memory while Redis cannot answer. */
  async remaining(check: RateLimitCheck): Promise<number> {
    if (this.redis.status !== 'ready') return this.local.remaining(check);
    try {
      return await withTimeout(this.shared.remaining(check), this.settings.redisTimeoutMs, timedOut);
    } catch {
      return this.local.remaining(check);
    }
  }

  /**
   * At most one line per FALLBACK_LOG_INTERVAL_MS, with the count it stands for: the fallback
   * happens per request, and a line per request would turn a Redis outage into a log flood (and,
   * at tens of thousands of requests a second, into the gateway's main cost).
   */
  private warnFallback(err: Error): void {
    const now = Date.now();
    if (now - this.lastFallbackLog < FALLBACK_LOG_INTERVAL_MS) {
      this.unloggedFallbacks++;
      return;
    }
    this.logger.warn({ msg: 'rate limiter fell back to memory', err: err.message, since: this.unloggedFallbacks });
    this.lastFallbackLog = now;
    this.unloggedFallbacks = 0;
  }

  private fallback(checks: RateLimitCheck[]): RateLimitDecision {
    rateLimitFallback().inc();
    return this.local.check(checks);
  }
}
