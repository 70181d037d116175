import { randomUUID } from 'crypto';
import Redis, { Cluster } from 'ioredis';
import { TurnBatcher } from '../turn-batcher';
import { BudgetOutcome, BudgetStore, BudgetUse } from './budget.store';
import { budgetKeyFactory } from './budget-keys';
import { CONSUME_LUA, REMAINING_LUA } from './budget.scripts';

type Arg = string | number;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once after a SCRIPT FLUSH or restart. */
interface BudgetCommands {
  budgetConsume(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<number[]>;
  budgetRemaining(numberOfKeys: number, ...keysAndArgs: Arg[]): Promise<number>;
}

/** One use as the consume script takes it. */
interface Counted {
  keys: string[];
  /** The use's member, then limit and windowMs per key. */
  args: Arg[];
}

/** Past this many keys a tree's batch goes at once (see MAX_BATCH_KEYS of the rate limiter). */
const MAX_BATCH_KEYS = 2_000;

/**
 * Budgets on Redis, one EVALSHA per step. The agent-capability app uses it for a delegation's
 * ceiling (`remaining`), the gateway for every use (`consume`) where the capability is used; the
 * uses of one tree in one event-loop turn share one EVALSHA (TurnBatcher, grouped by the root: its
 * hash tag is the keys' Redis Cluster slot), each decided in order as if it ran alone.
 */
export class RedisBudgetStore extends BudgetStore {
  private readonly redis: (Redis | Cluster) & BudgetCommands;
  private readonly keyOf: ReturnType<typeof budgetKeyFactory>;
  private readonly uses: TurnBatcher<Counted, number[]>;

  constructor(redis: Redis | Cluster, prefix: string) {
    super();
    this.keyOf = budgetKeyFactory(prefix);
    // No fixed key count: a chain is as long as it is, so the count goes with each call.
    redis.defineCommand('budgetConsume', { lua: CONSUME_LUA });
    redis.defineCommand('budgetRemaining', { lua: REMAINING_LUA });
    this.redis = redis as (Redis | Cluster) & BudgetCommands;
    this.uses = new TurnBatcher((batch) => this.send(batch), {
      maxWeight: MAX_BATCH_KEYS,
      weightOf: (use) => use.keys.length,
    });
  }

  async consume(use: BudgetUse): Promise<BudgetOutcome> {
    if (use.chain.length === 0) return { allowed: true, remaining: null };
    const keys = this.keysOf(use);
    // Unique, so two uses in the same millisecond are two entries, not one.
    const [allowed, value, retryAfterMs] = await this.uses.add(
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
    return this.redis.budgetRemaining(use.chain.length, ...this.keysOf(use), '', ...this.limitsOf(use));
  }

  /** One script for a tree's batch; each use's three numbers, in order. */
  private async send(batch: Counted[]): Promise<number[][]> {
    const keys = batch.flatMap((use) => use.keys);
    const counts = batch.map((use) => use.keys.length);
    const flat = await this.redis.budgetConsume(
      keys.length,
      ...keys,
      batch.length,
      ...counts,
      ...batch.flatMap((use) => use.args),
    );
    return batch.map((_, i) => flat.slice(i * 3, i * 3 + 3));
  }

  private keysOf(use: BudgetUse): string[] {
    return use.chain.map((a) => this.keyOf(use.rootId, a.agentId, use.capability));
  }

  private limitsOf(use: BudgetUse): number[] {
    return use.chain.flatMap((a) => [a.budget.limit, a.budget.windowSeconds * 1000]);
  }
}
