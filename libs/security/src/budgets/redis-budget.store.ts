import { randomUUID } from 'crypto';
import Redis, { Cluster } from 'ioredis';
import { BudgetOutcome, BudgetStore, BudgetUse } from './budget.store';
import { budgetKeyFactory } from './budget-keys';
import { CONSUME_LUA, REMAINING_LUA } from './budget.scripts';

type Arg = string | number;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once after a SCRIPT FLUSH or restart. */
interface BudgetCommands {
  budgetConsume(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<[number, number, number?]>;
  budgetRemaining(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<number>;
}

/**
 * Budgets on Redis, one EVALSHA per step. The agent-capability app uses it for a delegation's
 * ceiling (`remaining`), the gateway for every use (`consume`) where the capability is used.
 */
export class RedisBudgetStore extends BudgetStore {
  private readonly redis: (Redis | Cluster) & BudgetCommands;
  private readonly keyOf: ReturnType<typeof budgetKeyFactory>;

  constructor(redis: Redis | Cluster, prefix: string) {
    super();
    this.keyOf = budgetKeyFactory(prefix);
    // No fixed key count: a chain is as long as it is, so the count goes with each call.
    redis.defineCommand('budgetConsume', { lua: CONSUME_LUA });
    redis.defineCommand('budgetRemaining', { lua: REMAINING_LUA });
    this.redis = redis as (Redis | Cluster) & BudgetCommands;
  }

  async consume(use: BudgetUse): Promise<BudgetOutcome> {
    if (use.chain.length === 0) return { allowed: true, remaining: null };
    // Unique, so two uses in the same millisecond are two entries, not one.
    const [allowed, value, retryAfterMs] = await this.redis.budgetConsume(
      use.chain.length,
      ...this.keysAndArgs(use, randomUUID()),
    );
    if (allowed === 1) return { allowed: true, remaining: value };
    return {
      allowed: false,
      exhaustedAgentId: use.chain[value - 1].agentId,
      retryAfterMs: retryAfterMs === -1 ? null : retryAfterMs!,
    };
  }

  async remaining(use: BudgetUse): Promise<number | null> {
    if (use.chain.length === 0) return null;
    return this.redis.budgetRemaining(use.chain.length, ...this.keysAndArgs(use, ''));
  }

  private keysAndArgs(use: BudgetUse, member: string): Arg[] {
    const keys = use.chain.map((a) => this.keyOf(use.rootId, a.agentId, use.capability));
    const limits = use.chain.flatMap((a) => [a.budget.limit, a.budget.windowSeconds * 1000]);
    return [...keys, member, ...limits];
  }
}
