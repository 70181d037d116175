import { BudgetUse } from '../budgets/budget.store';
import { AgentRecord } from './agent-record';

/** The budgets of `capability` along a chain (root first, the using agent last), as the store counts them. */
export function budgetChain(chain: AgentRecord[], capability: string): BudgetUse {
  return {
    rootId: chain[0].rootId,
    capability,
    chain: chain.filter((a) => a.budgets[capability]).map((a) => ({ agentId: a.id, budget: a.budgets[capability] })),
  };
}
