import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createRedis, RedisClient, RedisConnectionSettings } from '@portcullis/common';

/** The app's own Redis connection for state (counters, caches, denylists), separate from the bus. */
export const REDIS = Symbol('REDIS');
/** The key prefix every app key starts with (`<REDIS_PREFIX>:<app>:…`), so runs and deployments never collide. */
export const REDIS_KEY_PREFIX = Symbol('REDIS_KEY_PREFIX');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** Last in shutdown: in-flight handlers may still need Redis while the bus drains. */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { redis: RedisConnectionSettings; prefix: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: async () => {
            // Auto-pipelining: the commands many requests issue in one tick (a rate-limit EVALSHA per
            // request, budget uses) leave in one write and come back in one read, on both sides.
            const redis = createRedis(options.redis, {
              lazyConnect: true,
              maxRetriesPerRequest: 2,
              enableAutoPipelining: true,
            });
            await redis.connect();
            return redis;
          },
        },
        { provide: REDIS_KEY_PREFIX, useValue: options.prefix },
        RedisCloser,
      ],
      exports: [REDIS, REDIS_KEY_PREFIX],
    };
  }
}
