import { Budget, BudgetUse } from './budget.store';

/** The budgets along a delegation chain: the root (first-level agent) first, the using agent last. */
export interface BudgetChain {
  rootId: string;
  agents: Array<{ agentId: string; budgets: Record<string, Budget> }>;
}

/** One use of `capability` by the chain's last agent, as the store counts it: only agents that budget it. */
export function budgetUse(chain: BudgetChain, capability: string): BudgetUse {
  return {
    rootId: chain.rootId,
    capability,
    chain: chain.agents
      .filter((a) => a.budgets[capability])
      .map((a) => ({ agentId: a.agentId, budget: a.budgets[capability] })),
  };
}
