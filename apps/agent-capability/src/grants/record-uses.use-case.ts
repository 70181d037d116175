import { Injectable } from '@nestjs/common';
import { runWithRequestContext } from '@portcullis/common';
import { AgentUseRecord, DomainEvent } from '@portcullis/contracts';
import { agentEvents } from './agent-events';
import { agentCapabilityDenials } from './agent-metrics';
import { DecisionEntry } from './agent-record';
import { AgentRepository } from './agent.repository';
import { BudgetChainUseCase } from './budget-chain.use-case';

/**
 * Writes a batch of uses the gateway counted (queue `agent-uses`) into the agents' decision logs:
 * a use, or a `budget_exhausted` denial with its `agent.budget.exhausted` event, all in one
 * transaction. A redelivered batch writes its rows again (at least once), never half of them.
 */
@Injectable()
export class RecordUsesUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly chains: BudgetChainUseCase,
  ) {}

  async execute(uses: AgentUseRecord[]): Promise<void> {
    const decisions: DecisionEntry[] = uses.map((u) => ({
      agentId: u.agentId,
      kind: u.allowed ? 'use' : 'denial',
      capability: u.capability,
      reason: u.allowed ? 'granted' : 'budget_exhausted',
    }));
    const refused = uses.filter((u) => !u.allowed);
    const events: DomainEvent[] = [];
    for (const use of refused) {
      const agent = (await this.chains.chainOf(use.agentId))?.at(-1);
      if (!agent) continue;
      const context = { requestId: use.requestId, origin: { ip: use.ip, userAgent: use.userAgent } };
      events.push(
        runWithRequestContext(context, () =>
          agentEvents.budgetExhausted(agent, use.capability, `agt_${use.exhaustedAgentId ?? use.agentId}`),
        ),
      );
    }
    await this.agents.log(decisions, events);
    if (refused.length) agentCapabilityDenials().inc({ reason: 'budget_exhausted' }, refused.length);
  }
}
