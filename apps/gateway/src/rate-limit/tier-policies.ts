import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import {
  RATE_LIMIT_POLICIES_TOPIC,
  RateLimitPolicyDto,
  RateLimitPolicyName,
  SecurityPatterns,
} from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RateLimitPolicy } from '@portcullis/security';
import { RedisClient } from '@portcullis/common';

/** What the security app seeds; used only until it first answers (so a gateway starting alone is still limited). */
const DEFAULTS: Array<Omit<RateLimitPolicy, 'name'> & { name: RateLimitPolicyName }> = [
  { name: 'ip', scope: 'ip', limit: 600, windowSeconds: 60 },
  { name: 'user:guest', scope: 'user', limit: 60, windowSeconds: 60 },
  { name: 'user:user', scope: 'user', limit: 300, windowSeconds: 60 },
  { name: 'user:premium_user', scope: 'user', limit: 1200, windowSeconds: 60 },
  { name: 'user:developer', scope: 'user', limit: 3000, windowSeconds: 60 },
  { name: 'user:admin', scope: 'user', limit: 6000, windowSeconds: 60 },
  { name: 'api-key', scope: 'api-key', limit: 600, windowSeconds: 60 },
  { name: 'agent', scope: 'agent', limit: 300, windowSeconds: 60 },
  { name: 'upstream', scope: 'upstream', limit: 1000, windowSeconds: 60 },
  { name: 'global', scope: 'global', limit: 100_000, windowSeconds: 60 },
];

/** Besides the broadcast: how often policies are reloaded anyway, bounding staleness after a missed notice. */
const REFRESH_MS = 60_000;
const LOAD_TIMEOUT_MS = 2000;

/**
 * The tier policies (DESIGN §4), held in memory so a request reads them without a hop: loaded from
 * the security app at start, again on its `rate-limit-policies` broadcast (every replica, at once,
 * after an admin's PUT), after each reconnect, and every minute.
 */
@Injectable()
export class TierPolicies implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TierPolicies.name);
  private readonly channel: BroadcastChannel;
  private byName = new Map<string, RateLimitPolicy>(DEFAULTS.map((p) => [p.name, p]));
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) prefix: string,
  ) {
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      RATE_LIMIT_POLICIES_TOPIC,
      () => void this.reload(),
      () => this.reload(),
    );
    this.timer = setInterval(() => void this.reload(), REFRESH_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.channel.close();
  }

  get(name: RateLimitPolicyName): RateLimitPolicy {
    return this.byName.get(name)!;
  }

  /** Never throws: the last policies known stay in force while the security app cannot answer. */
  async reload(): Promise<void> {
    try {
      this.apply(await this.bus.call(SecurityPatterns.listRateLimitPolicies, {}, { timeoutMs: LOAD_TIMEOUT_MS }));
    } catch (err) {
      this.logger.warn(
        `Could not load rate-limit policies from the security app; keeping the last known: ${(err as Error).message}`,
      );
    }
  }

  apply(policies: RateLimitPolicyDto[]): void {
    const next = new Map(this.byName);
    for (const p of policies)
      next.set(p.name, { name: p.name, scope: p.scope, limit: p.limit, windowSeconds: p.windowSeconds });
    this.byName = next;
  }
}
