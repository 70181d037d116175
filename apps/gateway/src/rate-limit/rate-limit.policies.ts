import { RateLimitPolicy } from '@portcullis/security';
import { GatewayConfig } from '../config/gateway.config';

/**
 * The policies routes name in `@RateLimit(...)`. For now the auth routes whose every request costs
 * a bcrypt hash or compare (or mints tokens), limited per client IP; the keys-and-limits work adds
 * user, key, agent and global policies from the security app to this same list.
 */
export const RateLimitPolicies = {
  register: 'auth-register',
  login: 'auth-login',
  refresh: 'auth-refresh',
  changePassword: 'auth-change-password',
} as const;
/** Route metadata: the policy names `@RateLimit(...)` put on a handler. */
export const RATE_LIMIT_POLICIES = 'portcullis:rate-limit-policies';

export type RateLimitPolicyName = (typeof RateLimitPolicies)[keyof typeof RateLimitPolicies];

export function rateLimitPoliciesFrom(config: GatewayConfig): RateLimitPolicy[] {
  return [
    { name: RateLimitPolicies.register, scope: 'ip', ...config.RATE_LIMIT_REGISTER },
    { name: RateLimitPolicies.login, scope: 'ip', ...config.RATE_LIMIT_LOGIN },
    { name: RateLimitPolicies.refresh, scope: 'ip', ...config.RATE_LIMIT_REFRESH },
    { name: RateLimitPolicies.changePassword, scope: 'ip', ...config.RATE_LIMIT_CHANGE_PASSWORD },
  ];
}
