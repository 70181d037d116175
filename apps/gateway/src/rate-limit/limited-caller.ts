import { ApiKeyQuota, ApiKeyRateLimit, RateLimitPolicyName, ROLE_NAMES } from '@portcullis/contracts';

/** Who a request counts against, as the rate limits see it. */
export type LimitedCaller =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; roles: readonly string[] }
  | { kind: 'api-key'; keyId: string; ownerId: string; rateLimit: ApiKeyRateLimit | null; quota: ApiKeyQuota | null }
  | { kind: 'agent'; agentId: string; userId: string };

/** A user's tier is their highest role; super_admin shares admin's. */
export function userTier(roles: readonly string[]): RateLimitPolicyName {
  const rank = Math.max(...roles.map((r) => ROLE_NAMES.indexOf(r as (typeof ROLE_NAMES)[number])), 0);
  const role = ROLE_NAMES[Math.min(rank, ROLE_NAMES.indexOf('admin'))];
  return `user:${role}` as RateLimitPolicyName;
}
