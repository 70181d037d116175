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

/**
 * One policy object per limit object: a key's limits come from its cached record, the same object
 * request after request, so its policy is too (and the rate-limit headers' entry made of it).
 */
export function policyOnce<L extends object>(
  made: WeakMap<L, RateLimitPolicy>,
  limit: L,
  make: (limit: L) => RateLimitPolicy,
): RateLimitPolicy {
  let policy = made.get(limit);
  if (!policy) made.set(limit, (policy = make(limit)));
  return policy;
}
const ratePolicies = new WeakMap<ApiKeyRateLimit, RateLimitPolicy>();
const quotaPolicies = new WeakMap<ApiKeyQuota, RateLimitPolicy>();

/** An API key's own rate limit and quota, as limiter checks. */
@Injectable()
export class KeyLimits {
  constructor(private readonly limiter: GatewayRateLimiter) {}

  static rate(keyId: string, rateLimit: ApiKeyRateLimit): RateLimitCheck {
    const policy = policyOnce(ratePolicies, rateLimit, (r) => ({ name: KEY_RATE_POLICY, scope: 'api-key', ...r }));
    return { policy, key: keyId };
  }

  static quota(keyId: string, quota: ApiKeyQuota): RateLimitCheck {
    const policy = policyOnce(quotaPolicies, quota, (q) => ({
      name: KEY_QUOTA_POLICY,
      scope: 'api-key',
      limit: q.limit,
      windowSeconds: PERIOD_SECONDS[q.refill],
      refill: q.refill,
    }));
    return { policy, key: keyId };
  }

  quotaRemaining(keyId: string, quota: ApiKeyQuota): Promise<number> {
    return this.limiter.remaining(KeyLimits.quota(keyId, quota));
  }
}
