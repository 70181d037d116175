import { Injectable } from '@nestjs/common';
import { AgentBudgetChain, AgentBudgetChainRequest } from '@portcullis/contracts';
import { LRUCache } from 'lru-cache';
import { validationFailed } from '../catalog/catalog-errors';
import { AgentRecord, agentUuid } from './agent-record';
import { AgentRepository } from './agent.repository';
import { budgetChainOf } from './budget-chain';

/** A chain's grant never changes after issue (renew keeps it), so it can be remembered; revocation is the gateway's check. */
const CHAINS = 10_000;

/**
 * The budgets a verified agent's uses count against (root first, the agent last), for the gateway,
 * which counts each use itself in one Redis step. Null for an unknown or revoked agent.
 */
@Injectable()
export class BudgetChainUseCase {
  private readonly chains = new LRUCache<string, AgentRecord[]>({ max: CHAINS });

  constructor(private readonly agents: AgentRepository) {}

  async execute(request: AgentBudgetChainRequest): Promise<AgentBudgetChain | null> {
    const id = agentUuid(request?.agentId);
    if (!id) throw validationFailed([{ field: 'agentId', messages: ['agentId must be agt_<uuid>'] }]);
    const chain = await this.chainOf(id);
    if (!chain || chain[chain.length - 1].revokedAt) return null;
    return budgetChainOf(chain);
  }

  /** Root first, the agent last; undefined when the agent is unknown. */
  async chainOf(id: string): Promise<AgentRecord[] | undefined> {
    const cached = this.chains.get(id);
    if (cached) return cached;
    const agent = await this.agents.find(id);
    if (!agent) return undefined;
    const chain = [...(await this.agents.findMany(agent.ancestors)), agent];
    if (!agent.revokedAt) this.chains.set(id, chain);
    return chain;
  }
}
