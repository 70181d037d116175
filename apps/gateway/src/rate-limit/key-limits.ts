import { Injectable } from '@nestjs/common';
import { ApiKeyQuota, ApiKeyRateLimit } from '@portcullis/contracts';
import { RateLimitCheck, RateLimitPolicy } from '@portcullis/security';
import { GatewayRateLimiter } from './gateway-rate-limiter';

/** Counter names of an API key's own limits (its subject is the key id). */
export const KEY_RATE_POLICY = 'api-key';
export const KEY_QUOTA_POLICY = 'api-key-quota';
/** The api-key tier over a key that has a limit of its own (request-limits.ts). */
export const KEY_TIER_CEILING = 'api-key-tier';

const PERIOD_SECONDS = { daily: 86_400, monthly: 2_592_000 } as const;

/** An API key's own rate limit and quota, as limiter checks. */
@Injectable()
export class KeyLimits {
  constructor(private readonly limiter: GatewayRateLimiter) {}

  static rate(keyId: string, rateLimit: ApiKeyRateLimit): RateLimitCheck {
    return { policy: { name: KEY_RATE_POLICY, scope: 'api-key', ...rateLimit }, key: keyId };
  }

  static quota(keyId: string, quota: ApiKeyQuota): RateLimitCheck {
    const policy: RateLimitPolicy = {
      name: KEY_QUOTA_POLICY,
      scope: 'api-key',
      limit: quota.limit,
      windowSeconds: PERIOD_SECONDS[quota.refill],
      refill: quota.refill,
    };
    return { policy, key: keyId };
  }

  quotaRemaining(keyId: string, quota: ApiKeyQuota): Promise<number> {
    return this.limiter.remaining(KeyLimits.quota(keyId, quota));
  }
}
