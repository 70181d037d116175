import { Inject, Injectable } from '@nestjs/common';
import { OncePer } from '@portcullis/common';
import { ApiKeyRateLimit } from '@portcullis/contracts';
import { RateLimitCheck, RateLimitPolicy } from '@portcullis/security';
import { GatewayRateLimiter, RATE_LIMIT_SETTINGS, RateLimitSettings } from './gateway-rate-limiter';
import { KEY_TIER_CEILING, KeyLimits } from './key-limits';
import { LimitedCaller, userTier } from './limited-caller';
import { TierPolicies } from './tier-policies';

/** An upstream's own limit as a policy, one per limit object of its cached record. */
const upstreamPolicies = new OncePer<ApiKeyRateLimit, RateLimitPolicy>((limit) => ({
  name: 'upstream',
  scope: 'upstream',
  ...limit,
}));
/**
 * The api-key tier as the ceiling of a key with a limit of its own, under a name of its own (its
 * own counter, beside the key's limit, which is called `api-key` too); one per tier policy object.
 */
const keyTierCeilings = new OncePer<RateLimitPolicy, RateLimitPolicy>((tier) => ({ ...tier, name: KEY_TIER_CEILING }));

/** An upstream API a proxied request goes to, with its own limit if it has one. */
export interface UpstreamLimit {
  id: string;
  rateLimit?: ApiKeyRateLimit | null;
}

export interface LimitedRequest {
  ip: string;
  caller: LimitedCaller;
  /** Named route policies (`@RateLimit(...)`), counted per client IP. */
  routePolicies?: readonly string[];
  upstream?: UpstreamLimit;
}

/**
 * Every limit that applies to one request (DESIGN §4): the route's own, the client IP, the caller's
 * (user tier by role, the API key's own rate and quota, the agent's), the upstream's, and the
 * global ceiling. With tiers off (RATE_LIMIT_TIERS=false) only what a route, key or upstream sets
 * for itself applies.
 */
@Injectable()
export class RequestLimits {
  constructor(
    private readonly limiter: GatewayRateLimiter,
    private readonly tiers: TierPolicies,
    @Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings,
  ) {}

  /** The ip tier's policy as it stands now; undefined with the tiers off. */
  ipTier(): RateLimitPolicy | undefined {
    return this.settings.tiersEnabled ? this.tiers.get('ip') : undefined;
  }

  checksFor(request: LimitedRequest): RateLimitCheck[] {
    const checks: RateLimitCheck[] = (request.routePolicies ?? []).map((name) => ({
      policy: this.limiter.policy(name),
      key: request.ip,
    }));
    const tiers = this.settings.tiersEnabled;
    const { caller, upstream } = request;
    if (tiers) checks.push({ policy: this.tiers.get('ip'), key: request.ip });
    if (caller.kind === 'user' && tiers)
      checks.push({ policy: this.tiers.get(userTier(caller.roles)), key: caller.userId });
    if (caller.kind === 'agent' && tiers) checks.push({ policy: this.tiers.get('agent'), key: caller.agentId });
    if (caller.kind === 'api-key') {
      const tier = tiers ? this.tiers.get('api-key') : undefined;
      if (caller.rateLimit) {
        checks.push(KeyLimits.rate(caller.keyId, caller.rateLimit));
        // A key's own limit is its owner's choice: it may only tighten the tier, never lift it.
        if (tier) checks.push({ policy: keyTierCeilings.of(tier), key: caller.keyId });
      } else if (tier) checks.push({ policy: tier, key: caller.keyId });
      if (caller.quota) checks.push(KeyLimits.quota(caller.keyId, caller.quota));
    }
    if (upstream?.rateLimit) checks.push({ policy: upstreamPolicies.of(upstream.rateLimit), key: upstream.id });
    else if (upstream && tiers) checks.push({ policy: this.tiers.get('upstream'), key: upstream.id });
    if (tiers) checks.push({ policy: this.tiers.get('global'), key: 'all' });
    return checks;
  }
}
