import { Injectable } from '@nestjs/common';
import { ConsumeCapabilityReply, ConsumeCapabilityRequest } from '@portcullis/contracts';
import { LRUCache } from 'lru-cache';
import { BudgetStore } from '../budgets/budget.store';
import { validationFailed } from '../catalog/catalog-errors';
import { agentEvents } from './agent-events';
import { AgentRecord, agentUuid } from './agent-record';
import { AgentRepository } from './agent.repository';
import { budgetChain } from './budget-chain';
import { agentCapabilityDenials } from './agent-metrics';

/** A chain's grant never changes after issue (renew keeps it), so it can be remembered; revocation is the gateway's check. */
const CHAINS = 10_000;

/**
 * One use of a capability by a verified agent (`POST /agents/verify` with `consume`, the proxy):
 * counted against the agent's budget and every ancestor's in one atomic Redis step, and logged.
 */
@Injectable()
export class ConsumeCapabilityUseCase {
  private readonly chains = new LRUCache<string, AgentRecord[]>({ max: CHAINS });

  constructor(
    private readonly agents: AgentRepository,
    private readonly budgets: BudgetStore,
  ) {}

  async execute(request: ConsumeCapabilityRequest): Promise<ConsumeCapabilityReply> {
    const id = agentUuid(request?.agentId);
    if (!id) throw validationFailed([{ field: 'agentId', messages: ['agentId must be agt_<uuid>'] }]);
    if (typeof request.capability !== 'string' || !request.capability)
      throw validationFailed([{ field: 'capability', messages: ['capability is required'] }]);
    const chain = await this.chainOf(id);
    const agent = chain?.[chain.length - 1];
    if (!agent || agent.revokedAt) return { allowed: false, reason: 'revoked', remaining: null };
    if (!agent.capabilities.includes(request.capability)) {
      agentCapabilityDenials().inc({ reason: 'not_granted' });
      await this.agents.log(
        [{ agentId: id, kind: 'denial', capability: request.capability, reason: 'not_granted' }],
        [],
      );
      return { allowed: false, reason: 'not_granted', remaining: null };
    }
    const outcome = await this.budgets.consume(budgetChain(chain, request.capability));
    if (outcome.allowed) {
      await this.agents.log([{ agentId: id, kind: 'use', capability: request.capability, reason: 'granted' }], []);
      return { allowed: true, reason: 'granted', remaining: outcome.remaining };
    }
    agentCapabilityDenials().inc({ reason: 'budget_exhausted' });
    await this.agents.log(
      [{ agentId: id, kind: 'denial', capability: request.capability, reason: 'budget_exhausted' }],
      [agentEvents.budgetExhausted(agent, request.capability, `agt_${outcome.exhaustedAgentId}`)],
    );
    return {
      allowed: false,
      reason: 'budget_exhausted',
      remaining: 0,
      ...(outcome.retryAfterMs !== null && { retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) }),
    };
  }

  /** Root first, the agent last; undefined when the agent is unknown. */
  private async chainOf(id: string): Promise<AgentRecord[] | undefined> {
    const cached = this.chains.get(id);
    if (cached) return cached;
    const agent = await this.agents.find(id);
    if (!agent) return undefined;
    const chain = [...(await this.agents.findMany(agent.ancestors)), agent];
    if (!agent.revokedAt) this.chains.set(id, chain);
    return chain;
  }
}
