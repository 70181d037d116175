import { Module } from '@nestjs/common';
import { BudgetStore } from './budget.store';
import { RedisBudgetStore } from './redis-budget.store';

/** Budget counters on Redis, for the verify and proxy steps. Needs the global RedisModule. */
@Module({
  providers: [{ provide: BudgetStore, useClass: RedisBudgetStore }],
  exports: [BudgetStore],
})
export class BudgetsModule {}
