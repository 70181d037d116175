import { SetMetadata } from '@nestjs/common';
import { RATE_LIMIT_DEFERRED, RATE_LIMIT_POLICIES, RateLimitPolicyName } from './rate-limit.policies';

/** Adds the named route policies (rate-limit.policies.ts, per client IP) to the request's limits, all checked in one Redis step. */
export const RateLimit = (...policies: RateLimitPolicyName[]) => SetMetadata(RATE_LIMIT_POLICIES, policies);

/** The route applies the limits itself through RateLimitEnforcer (the proxy, which must name its upstream first). */
export const RateLimitDeferred = () => SetMetadata(RATE_LIMIT_DEFERRED, true);
