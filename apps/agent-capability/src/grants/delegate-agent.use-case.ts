import { Inject, Injectable } from '@nestjs/common';
import { AgentGrantReply, DelegateAgentRequest } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { BudgetStore, budgetUse } from '@portcullis/security';
import { Clock } from '../common/clock';
import { AGENT_SETTINGS, AgentSettings } from '../config/agent-settings';
import { agentSubject, delegatedAct } from '../policy/act-claim';
import { childTooDeep, delegatedTerms } from '../policy/attenuation';
import { DecideCapabilitiesUseCase } from '../policy/decide-capabilities.use-case';
import { agentEvents } from './agent-events';
import { AgentIssuer } from './agent-issuer';
import { AgentRepository } from './agent.repository';
import { budgetChainOf } from './budget-chain';
import { agentRevoked, capabilityDenied, delegationTooDeep } from './grant-errors';
import { parseGrantInput } from './grant-input';
import { LiveChain } from './live-chain';

/**
 * `POST /agents/delegate`: a child of the calling agent that can only narrow. Capabilities ⊆ the
 * parent's (a wider ask is denied `not_in_parent`, never granted), `exp` ≤ the parent's, depth ≤
 * the maximum (403 AGENT_DELEGATION_DEPTH), each budget ≤ what the parent's chain has left.
 */
@Injectable()
export class DelegateAgentUseCase {
  constructor(
    private readonly chains: LiveChain,
    private readonly decide: DecideCapabilitiesUseCase,
    private readonly agents: AgentRepository,
    private readonly issuer: AgentIssuer,
    private readonly budgets: BudgetStore,
    private readonly clock: Clock,
    @Inject(AGENT_SETTINGS) private readonly settings: AgentSettings,
  ) {}

  async execute(request: DelegateAgentRequest): Promise<AgentGrantReply> {
    const input = parseGrantInput(request, false);
    const { agent: parent, ancestors } = await this.chains.of(request.agentId);
    if (childTooDeep(parent.depth, this.settings)) throw delegationTooDeep(this.settings.maxDelegationDepth);
    const agentType = input.agentType ?? parent.agentType;
    const decision = await this.decide.execute({
      agentType,
      capabilities: input.capabilities,
      // Today's roles, not the tree's first: a demoted person's agents delegate within the new ceiling.
      roles: request.ownerRoles,
      parentScope: parent.capabilities,
    });
    if (decision.granted.length === 0) {
      const denied = agentEvents.capabilityDenied({ userId: parent.userId, parent }, agentType, decision.denied);
      await this.agents.log(
        decision.denied.map((d) => ({
          agentId: parent.id,
          kind: 'denial' as const,
          capability: d.capability,
          reason: d.reason,
        })),
        [denied],
      );
      throw capabilityDenied(decision.denied);
    }
    const remainingUses: Record<string, number> = {};
    for (const capability of Object.keys(input.budgets ?? {})) {
      const left = await this.budgets.remaining(budgetUse(budgetChainOf([...ancestors, parent]), capability));
      if (left !== null) remainingUses[capability] = left;
    }
    const remainingSeconds = (parent.expiresAt.getTime() - this.clock.now().getTime()) / 1000;
    const attenuated = delegatedTerms(
      { depth: parent.depth, remainingSeconds, remainingUses },
      input,
      decision.granted,
      this.settings,
    );
    if (!attenuated.ok)
      throw attenuated.reason === 'depth_exceeded'
        ? delegationTooDeep(this.settings.maxDelegationDepth)
        : agentRevoked();
    const id = randomUUID();
    return this.issuer.issue(
      {
        id,
        parentId: parent.id,
        rootId: parent.rootId,
        ancestors: [...parent.ancestors, parent.id],
        userId: parent.userId,
        sessionId: parent.sessionId,
        roles: request.ownerRoles,
        agentType,
        name: input.name ?? null,
        capabilities: decision.granted,
        budgets: attenuated.terms.budgets,
        depth: attenuated.terms.depth,
        act: delegatedAct({ sub: agentSubject(parent.id), act: parent.act }),
        ttlSeconds: attenuated.terms.ttlSeconds,
      },
      decision.denied,
      (record) => [
        agentEvents.delegated(record, decision.denied),
        ...(decision.denied.length
          ? [agentEvents.capabilityDenied({ userId: parent.userId, parent }, agentType, decision.denied)]
          : []),
      ],
      parent.expiresAt,
    );
  }
}
