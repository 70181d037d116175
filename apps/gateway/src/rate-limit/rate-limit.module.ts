import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayRateLimiter, RATE_LIMIT_SETTINGS, RateLimitSettings } from './gateway-rate-limiter';
import { RateLimitGuard } from './rate-limit.guard';

/** The limiter and its guard, for any controller's `@RateLimit(...)`. Needs the global RedisModule. */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(settings: RateLimitSettings): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [{ provide: RATE_LIMIT_SETTINGS, useValue: settings }, GatewayRateLimiter, RateLimitGuard],
      exports: [GatewayRateLimiter, RateLimitGuard],
    };
  }
}
