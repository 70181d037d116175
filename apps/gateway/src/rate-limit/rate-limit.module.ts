import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayRateLimiter, RATE_LIMIT_SETTINGS, RateLimitSettings } from './gateway-rate-limiter';
import { KeyLimits } from './key-limits';
import { RateLimitEnforcer } from './rate-limit-enforcer';
import { RateLimitGate } from './rate-limit.gate';
import { RateLimitedEvents } from './rate-limited-events';
import { RequestLimits } from './request-limits';
import { TierPolicies } from './tier-policies';

/**
 * Every limit of every request (DESIGN §4), applied through RateLimitGate by the global AuthGuard; RateLimitEnforcer is
 * exported for routes that apply them themselves (the proxy). Needs the global RedisModule and BusModule.
 */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(settings: RateLimitSettings): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: RATE_LIMIT_SETTINGS, useValue: settings },
        GatewayRateLimiter,
        TierPolicies,
        RequestLimits,
        KeyLimits,
        RateLimitedEvents,
        RateLimitEnforcer,
        RateLimitGate,
      ],
      exports: [GatewayRateLimiter, TierPolicies, KeyLimits, RateLimitEnforcer, RateLimitGate],
    };
  }
}
