import { Injectable } from '@nestjs/common';
import { OncePer } from '@portcullis/common';
import { ApiKeyQuota, ApiKeyRateLimit } from '@portcullis/contracts';
import { RateLimitCheck, RateLimitPolicy } from '@portcullis/security';
import { GatewayRateLimiter } from './gateway-rate-limiter';

/** Counter names of an API key's own limits (its subject is the key id). */
export const KEY_RATE_POLICY = 'api-key';
export const KEY_QUOTA_POLICY = 'api-key-quota';
/** The api-key tier over a key that has a limit of its own (request-limits.ts). */
export const KEY_TIER_CEILING = 'api-key-tier';

const PERIOD_SECONDS = { daily: 86_400, monthly: 2_592_000 } as const;

/**
 * One policy object per limit object: a key's limits come from its cached record, the same object
 * request after request, so its policies are too (and the rate-limit headers' entries made of them).
 */
const ratePolicies = new OncePer<ApiKeyRateLimit, RateLimitPolicy>((r) => ({
  name: KEY_RATE_POLICY,
  scope: 'api-key',
  ...r,
}));
const quotaPolicies = new OncePer<ApiKeyQuota, RateLimitPolicy>((q) => ({
  name: KEY_QUOTA_POLICY,
  scope: 'api-key',
  limit: q.limit,
  windowSeconds: PERIOD_SECONDS[q.refill],
  refill: q.refill,
}));

/** An API key's own rate limit and quota, as limiter checks. */
@Injectable()
export class KeyLimits {
  constructor(private readonly limiter: GatewayRateLimiter) {}

  static rate(keyId: string, rateLimit: ApiKeyRateLimit): RateLimitCheck {
    return { policy: ratePolicies.of(rateLimit), key: keyId };
  }

  static quota(keyId: string, quota: ApiKeyQuota): RateLimitCheck {
    return { policy: quotaPolicies.of(quota), key: keyId };
  }

  quotaRemaining(keyId: string, quota: ApiKeyQuota): Promise<number> {
    return this.limiter.remaining(KeyLimits.quota(keyId, quota));
  }
}
