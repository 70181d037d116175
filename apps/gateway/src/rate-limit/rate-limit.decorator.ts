import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_POLICIES, RateLimitPolicyName } from './rate-limit.policies';

/** Limits a route by the named policies (rate-limit.policies.ts), all checked in one Redis step. */
export const RateLimit = (...policies: RateLimitPolicyName[]) => applyDecorators(SetMetadata(RATE_LIMIT_POLICIES, policies), UseGuards(RateLimitGuard));
