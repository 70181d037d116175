import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator, withTimeout } from '@portcullis/observability';
import { BusClient } from '@portcullis/bus';

/** Redis is reachable if the bus connection answers PING within a second. */
@Injectable()
export class RedisIndicator implements ReadinessIndicator {
  constructor(
    private readonly bus: BusClient,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check('redis');
    const redis = this.bus.proxy.redis;
    if (!redis) return session.down({ message: 'not connected' });
    try {
      await withTimeout(redis.ping(), 1000);
      return session.up();
    } catch (err) {
      return session.down({ message: (err as Error).message });
    }
  }
}
