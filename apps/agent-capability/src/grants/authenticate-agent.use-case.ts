import { Inject, Injectable } from '@nestjs/common';
import { AgentApprovalPending, AuthenticateAgentReply, AuthenticateAgentRequest } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { Clock } from '../common/clock';
import { AGENT_SETTINGS, AgentSettings } from '../config/agent-settings';
import { firstLevelAct } from '../policy/act-claim';
import { firstLevelTerms } from '../policy/attenuation';
import { DecideCapabilitiesUseCase } from '../policy/decide-capabilities.use-case';
import { agentEvents } from './agent-events';
import { AgentIssuer } from './agent-issuer';
import { ApprovalRecord } from './agent-record';
import { AgentRepository } from './agent.repository';
import { capabilityDenied } from './grant-errors';
import { parseGrantInput, parseOwner } from './grant-input';

/** DESIGN §3: an approval is decided and collected within 10 minutes of being asked for. */
export const APPROVAL_TTL_MS = 10 * 60_000;

/**
 * `POST /agents/authenticate`: a first-level agent for the signed-in person. Granted = requested ∩
 * type ∩ role ceiling; a critical capability that passes turns the whole request into an approval
 * (202), since the person must see what the agent will hold; nothing grantable is a 403 with every
 * reason, and is announced (`agent.capability.denied`) so a subscriber sees probing.
 */
@Injectable()
export class AuthenticateAgentUseCase {
  constructor(
    private readonly decide: DecideCapabilitiesUseCase,
    private readonly agents: AgentRepository,
    private readonly issuer: AgentIssuer,
    private readonly clock: Clock,
    @Inject(AGENT_SETTINGS) private readonly settings: AgentSettings,
  ) {}

  async execute(request: AuthenticateAgentRequest): Promise<AuthenticateAgentReply> {
    const owner = parseOwner(request?.owner);
    const input = parseGrantInput(request, true);
    const agentType = input.agentType!;
    const decision = await this.decide.execute({ agentType, capabilities: input.capabilities, roles: owner.roles });
    if (decision.needsApproval.length) {
      const now = this.clock.now();
      const approval: ApprovalRecord = {
        id: randomUUID(),
        userId: owner.userId,
        sessionId: owner.sessionId,
        roles: owner.roles,
        agentType,
        name: input.name ?? null,
        ttlSeconds: input.ttlSeconds ?? null,
        budgets: input.budgets ?? null,
        granted: decision.granted,
        needsApproval: decision.needsApproval,
        denied: decision.denied,
        status: 'pending',
        decidedBy: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + APPROVAL_TTL_MS),
      };
      await this.agents.insertApproval(approval, [agentEvents.approvalRequested(approval)]);
      const pending: AgentApprovalPending = {
        approvalId: approval.id,
        status: 'pending',
        expiresAt: approval.expiresAt.toISOString(),
      };
      return { status: 'pending', approval: pending };
    }
    if (decision.granted.length === 0) {
      await this.agents.log([], [agentEvents.capabilityDenied({ userId: owner.userId }, agentType, decision.denied)]);
      throw capabilityDenied(decision.denied);
    }
    const id = randomUUID();
    const terms = firstLevelTerms(input, decision.granted, this.settings);
    const grant = await this.issuer.issue(
      {
        id,
        parentId: null,
        rootId: id,
        ancestors: [],
        userId: owner.userId,
        sessionId: owner.sessionId,
        roles: owner.roles,
        agentType,
        name: input.name ?? null,
        capabilities: decision.granted,
        budgets: terms.budgets,
        depth: 0,
        act: firstLevelAct(owner.userId),
        ttlSeconds: terms.ttlSeconds,
      },
      decision.denied,
      (record) => [
        agentEvents.authenticated(record, decision.denied),
        ...(decision.denied.length
          ? [agentEvents.capabilityDenied({ userId: owner.userId }, agentType, decision.denied)]
          : []),
      ],
    );
    return { status: 'granted', grant };
  }
}
