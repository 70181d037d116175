/** What a limit counts by: the client IP, the user (tier by role), an API key, an agent, an upstream API, or everything. */
export type RateLimitPolicyScope = 'ip' | 'user' | 'api-key' | 'agent' | 'upstream' | 'global';

/**
 * The tier policies the gateway applies to every request, kept as data in the security app.
 * `user:<role>` is the tier of a user whose highest role is <role> (super_admin counts as admin);
 * `api-key`, `agent` and `upstream` apply to keys, agents and upstreams without a limit of their own.
 */
export const RATE_LIMIT_POLICY_NAMES = [
  'ip',
  'user:guest',
  'user:user',
  'user:premium_user',
  'user:developer',
  'user:admin',
  'api-key',
  'agent',
  'upstream',
  'global',
] as const;
export type RateLimitPolicyName = (typeof RATE_LIMIT_POLICY_NAMES)[number];

export interface RateLimitPolicyDto {
  name: RateLimitPolicyName;
  scope: RateLimitPolicyScope;
  limit: number;
  windowSeconds: number;
  description: string;
  updatedAt: string;
}

export interface RateLimitPolicyChange {
  name: RateLimitPolicyName;
  limit: number;
  windowSeconds: number;
}

/** Changes the named policies (others stay as they are); VALIDATION_FAILED naming a bad one. */
export interface PutRateLimitPoliciesRequest {
  policies: RateLimitPolicyChange[];
  actorId: string;
}

/** Broadcast after every change: gateways reload the policies (a message carries no policy, only the nudge). */
export const RATE_LIMIT_POLICIES_TOPIC = 'rate-limit-policies';
