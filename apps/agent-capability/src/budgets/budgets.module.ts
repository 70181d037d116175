import { Module } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { BudgetStore, RedisBudgetStore } from '@portcullis/security';
import Redis from 'ioredis';

/** Budget counters on Redis, for a delegation's ceiling (what the parent has left). Needs the global RedisModule. */
@Module({
  providers: [
    {
      provide: BudgetStore,
      useFactory: (redis: Redis, prefix: string) => new RedisBudgetStore(redis, prefix),
      inject: [REDIS, REDIS_KEY_PREFIX],
    },
  ],
  exports: [BudgetStore],
})
export class BudgetsModule {}
