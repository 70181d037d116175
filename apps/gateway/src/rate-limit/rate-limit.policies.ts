import { RateLimitPolicy } from '@portcullis/security';
import { GatewayConfig } from '../config/gateway.config';

/**
 * The policies routes name in `@RateLimit(...)`: the auth routes whose every request costs a bcrypt
 * hash or compare (or mints tokens), limited per client IP, from config. The tier policies (IP,
 * user, key, agent, upstream, global) are data in the security app (tier-policies.ts).
 */
export const RateLimitPolicies = {
  register: 'auth-register',
  login: 'auth-login',
  refresh: 'auth-refresh',
  changePassword: 'auth-change-password',
} as const;
/** Route metadata: the policy names `@RateLimit(...)` put on a handler. */
export const RATE_LIMIT_POLICIES = 'portcullis:rate-limit-policies';
/** Route metadata: the handler calls RateLimitEnforcer itself. */
export const RATE_LIMIT_DEFERRED = 'portcullis:rate-limit-deferred';

export type RateLimitPolicyName = (typeof RateLimitPolicies)[keyof typeof RateLimitPolicies];

export function rateLimitPoliciesFrom(config: GatewayConfig): RateLimitPolicy[] {
  return [
    { name: RateLimitPolicies.register, scope: 'ip', ...config.RATE_LIMIT_REGISTER },
    { name: RateLimitPolicies.login, scope: 'ip', ...config.RATE_LIMIT_LOGIN },
    { name: RateLimitPolicies.refresh, scope: 'ip', ...config.RATE_LIMIT_REFRESH },
    { name: RateLimitPolicies.changePassword, scope: 'ip', ...config.RATE_LIMIT_CHANGE_PASSWORD },
  ];
}
