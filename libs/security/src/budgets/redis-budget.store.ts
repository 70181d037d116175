import { randomUUID } from 'crypto';
import Redis, { Cluster } from 'ioredis';
import { BatchedScript } from '../batched-script';
import { BudgetOutcome, BudgetStore, BudgetUse } from './budget.store';
import { budgetKeyFactory } from './budget-keys';
import { CONSUME_LUA, REMAINING_LUA } from './budget.scripts';

type Arg = string | number;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once after a SCRIPT FLUSH or restart. */
interface BudgetCommands {
  budgetConsume(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<number[]>;
  budgetRemaining(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<number>;
}

/**
 * Budgets on Redis, one EVALSHA per step. The agent-capability app uses it for a delegation's
 * ceiling (`remaining`), the gateway for every use (`consume`) where the capability is used; the
 * uses of one tree in one event-loop turn share one EVALSHA (BatchedScript, grouped by the root: its
 * hash tag is the keys' Redis Cluster slot), each decided in order as if it ran alone.
 */
export class RedisBudgetStore extends BudgetStore {
  private readonly redis: (Redis | Cluster) & BudgetCommands;
  private readonly keyOf: ReturnType<typeof budgetKeyFactory>;
  private readonly uses: BatchedScript;

  constructor(redis: Redis | Cluster, prefix: string) {
    super();
    this.keyOf = budgetKeyFactory(prefix);
    // No fixed key count: a chain is as long as it is, so the count goes with each call.
    redis.defineCommand('budgetConsume', { lua: CONSUME_LUA });
    redis.defineCommand('budgetRemaining', { lua: REMAINING_LUA });
    this.redis = redis as (Redis | Cluster) & BudgetCommands;
    // Three numbers per use.
    this.uses = new BatchedScript(
      (...keysAndArgs) => this.redis.budgetConsume(...keysAndArgs),
      () => 3,
    );
  }

  async consume(use: BudgetUse): Promise<BudgetOutcome> {
    if (use.chain.length === 0) return { allowed: true, remaining: null };
    const keys = this.keysOf(use);
    // Unique, so two uses in the same millisecond are two entries, not one.
    const [allowed, value, retryAfterMs] = await this.uses.call(
      { keys, args: [randomUUID(), ...this.limitsOf(use)] },
      use.rootId,
    );
    if (allowed === 1) return { allowed: true, remaining: value };
    return {
      allowed: false,
      exhaustedAgentId: use.chain[value - 1].agentId,
      retryAfterMs: retryAfterMs === -1 ? null : retryAfterMs,
    };
  }

  async remaining(use: BudgetUse): Promise<number | null> {
    if (use.chain.length === 0) return null;
    return this.redis.budgetRemaining(use.chain.length, ...this.keysOf(use), ...this.limitsOf(use));
  }

  private keysOf(use: BudgetUse): string[] {
    return use.chain.map((a) => this.keyOf(use.rootId, a.agentId, use.capability));
  }

  private limitsOf(use: BudgetUse): number[] {
    return use.chain.flatMap((a) => [a.budget.limit, a.budget.windowSeconds * 1000]);
  }
}
