import { BudgetChain } from '@portcullis/security';
import { AgentRecord } from './agent-record';

/** A delegation chain's budgets (root first, the agent last), as the budget store and the gateway count them. */
export function budgetChainOf(chain: AgentRecord[]): BudgetChain {
  return { rootId: chain[0].rootId, agents: chain.map((a) => ({ agentId: a.id, budgets: a.budgets })) };
}
