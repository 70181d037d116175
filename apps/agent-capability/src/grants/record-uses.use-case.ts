import { Injectable } from '@nestjs/common';
import { runWithRequestContext } from '@portcullis/common';
import { AgentUseRecord, DomainEvent, UseDenialReason } from '@portcullis/contracts';
import { agentEvents } from './agent-events';
import { agentCapabilityDenials } from './agent-metrics';
import { AgentRecord, DecisionEntry } from './agent-record';
import { AgentRepository } from './agent.repository';
import { BudgetChainUseCase } from './budget-chain.use-case';

/**
 * Writes a batch of uses the gateway counted (queue `agent-uses`) into the agents' decision logs:
 * a use; a `budget_exhausted` denial with its `agent.budget.exhausted` event; or a `not_granted`
 * denial (a capability the token does not hold, asked for at verify or a proxied route) with its
 * `agent.capability.denied` event — all in one transaction, each denial counted by reason. A
 * redelivered batch writes its rows again (at least once), never half of them.
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
      reason: u.allowed ? 'granted' : reasonOf(u),
      at: usedAt(u),
    }));
    const refused = uses.filter((u) => !u.allowed);
    const events: DomainEvent[] = [];
    for (const use of refused) {
      const agent = (await this.chains.chainOf(use.agentId))?.at(-1);
      if (!agent) continue;
      const context = { requestId: use.requestId, origin: { ip: use.ip, userAgent: use.userAgent } };
      events.push(runWithRequestContext(context, () => denialEvent(agent, use)));
    }
    await this.agents.log(decisions, events);
    for (const use of refused) agentCapabilityDenials().inc({ reason: reasonOf(use) });
  }
}

const reasonOf = (use: AgentUseRecord): UseDenialReason => use.reason ?? 'budget_exhausted';

/** When the gateway counted it (the batch reaches the log up to a flush interval, or a retry, later). */
function usedAt(use: AgentUseRecord): Date | undefined {
  const at = new Date(use.at);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function denialEvent(agent: AgentRecord, use: AgentUseRecord): DomainEvent {
  if (reasonOf(use) === 'budget_exhausted')
    return agentEvents.budgetExhausted(agent, use.capability, `agt_${use.exhaustedAgentId ?? use.agentId}`);
  // The agent itself asked: it is the actor, as a delegating parent is.
  return agentEvents.capabilityDenied({ userId: agent.userId, parent: agent }, agent.agentType, [
    { capability: use.capability, reason: 'not_granted' },
  ]);
}
