import { Module } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { BudgetStore, RedisBudgetStore } from '@portcullis/security';
import Redis from 'ioredis';
import { CapabilityBudgets } from './capability-budgets';

/**
 * Budgeted uses of agent capabilities, for verify and the proxy. Needs the global RedisModule,
 * BusModule and the `agent-uses` queue (QueueModule).
 */
@Module({
  providers: [
    {
      provide: BudgetStore,
      useFactory: (redis: Redis, prefix: string) => new RedisBudgetStore(redis, prefix),
      inject: [REDIS, REDIS_KEY_PREFIX],
    },
    CapabilityBudgets,
  ],
  exports: [CapabilityBudgets],
})
export class CapabilityBudgetsModule {}
