/** Uses of one capability per window: `{"git:commit": {limit: 10, windowSeconds: 3600}}`. */
export interface Budget {
  limit: number;
  windowSeconds: number;
}

/** One agent of a chain that has a budget for the capability being used. */
export interface BudgetedAgent {
  agentId: string;
  budget: Budget;
}

/**
 * A use of one capability by the last agent of a delegation chain. `chain` lists, root first, the
 * agents of that chain (the user's ancestors and the agent itself) that hold a budget for the
 * capability; agents without one are left out. `rootId` is the first-level agent: every key of
 * one use shares it, so they live in one Redis Cluster hash slot.
 */
export interface BudgetUse {
  rootId: string;
  capability: string;
  chain: BudgetedAgent[];
}

export type BudgetOutcome =
  /** `remaining`: the fewest uses left along the chain after this one; null when nothing is budgeted. */
  | { allowed: true; remaining: number | null }
  /** The first agent (root first) with no room; `retryAfterMs` null when its limit is 0 (never). */
  | { allowed: false; exhaustedAgentId: string; retryAfterMs: number | null };

/**
 * Budget counters (DESIGN §3 "Budgets"): a use counts against the budget of every agent in the
 * chain, and is allowed only if all have room. Each method is one atomic step across replicas.
 */
export abstract class BudgetStore {
  /** Counts the use against every budget in the chain if all have room; otherwise counts nothing. */
  abstract consume(use: BudgetUse): Promise<BudgetOutcome>;
  /** The fewest uses left along the chain, counting nothing (for a delegation's budget ceiling); null when nothing is budgeted. */
  abstract remaining(use: BudgetUse): Promise<number | null>;
}
