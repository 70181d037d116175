import { AppError } from '@portcullis/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgentApprovalRequest, AgentGrantReply, AgentUserCaller, ErrorCode } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { Clock } from '../common/clock';
import { AGENT_SETTINGS, AgentSettings } from '../config/agent-settings';
import { firstLevelAct } from '../policy/act-claim';
import { firstLevelTerms } from '../policy/attenuation';
import { DecideCapabilitiesUseCase } from '../policy/decide-capabilities.use-case';
import { agentEvents } from './agent-events';
import { AgentIssuer } from './agent-issuer';
import { ApprovalRecord, isAdmin } from './agent-record';
import { AgentRepository } from './agent.repository';
import { approvalNotFound, capabilityDenied } from './grant-errors';
import { isUuid, parseCaller } from './grant-input';
import { RevokeAgentsUseCase } from './revoke-agents.use-case';
import { SessionLiveness } from './session-liveness';

/**
 * Human approval of critical capabilities (DESIGN §3): the asking person or an admin approves or
 * denies; the asking person collects the token once, all within 10 minutes of the request. Each
 * step is a conditional transition, so two concurrent approvals or collects have one winner.
 */
@Injectable()
export class ApprovalsUseCase {
  private readonly logger = new Logger(ApprovalsUseCase.name);

  constructor(
    private readonly policy: DecideCapabilitiesUseCase,
    private readonly agents: AgentRepository,
    private readonly issuer: AgentIssuer,
    private readonly clock: Clock,
    @Inject(AGENT_SETTINGS) private readonly settings: AgentSettings,
    private readonly revoke: RevokeAgentsUseCase,
    private readonly sessions: SessionLiveness,
  ) {}

  async decide(request: AgentApprovalRequest, decision: 'approved' | 'denied'): Promise<void> {
    const caller = parseCaller(request?.caller);
    const approval = await this.live(request.approvalId, (a) => a.userId === caller.userId || isAdmin(caller.roles));
    if (approval.status !== 'pending')
      throw new AppError(ErrorCode.AGENT_APPROVAL_USED, `This approval was already ${approval.status}`);
    const event = agentEvents.approvalDecided(approval, decision, caller.userId);
    const moved = await this.agents.transitionApproval(approval.id, 'pending', decision, caller.userId, [event]);
    if (!moved) throw new AppError(ErrorCode.AGENT_APPROVAL_USED, 'This approval was already decided');
  }

  async collect(request: AgentApprovalRequest): Promise<AgentGrantReply> {
    const caller = parseCaller(request?.caller);
    const approval = await this.live(request.approvalId, (a) => a.userId === caller.userId);
    if (approval.status === 'pending')
      throw new AppError(ErrorCode.AGENT_APPROVAL_PENDING, 'No one has approved this yet');
    if (approval.status === 'denied')
      throw new AppError(ErrorCode.AGENT_APPROVAL_DENIED, 'This request was denied', {
        denied: approval.needsApproval.map((capability) => ({ capability, reason: 'approval_denied' })),
      });
    if (approval.status === 'approved') await this.stillWithinRoles(approval, caller.roles);
    if (
      approval.status === 'used' ||
      !(await this.agents.transitionApproval(approval.id, 'approved', 'used', approval.decidedBy, []))
    )
      throw new AppError(ErrorCode.AGENT_APPROVAL_USED, 'The token for this approval was already collected');
    const id = randomUUID();
    const capabilities = [...approval.granted, ...approval.needsApproval].sort();
    const terms = firstLevelTerms(
      { ttlSeconds: approval.ttlSeconds ?? undefined, budgets: approval.budgets ?? undefined },
      capabilities,
      this.settings,
    );
    return this.issuer
      .issue(
        {
          id,
          parentId: null,
          rootId: id,
          ancestors: [],
          userId: approval.userId,
          sessionId: approval.sessionId,
          roles: approval.roles,
          agentType: approval.agentType,
          name: approval.name,
          capabilities,
          budgets: terms.budgets,
          depth: 0,
          act: firstLevelAct(approval.userId),
          ttlSeconds: terms.ttlSeconds,
        },
        approval.denied,
        (record) => [agentEvents.authenticated(record, approval.denied)],
      )
      .catch((err: unknown) => this.reopen(approval, id, err));
  }

  /**
   * Collecting failed after the approval was marked used (the store or the signer failed): no token
   * reached the requester, so the approval becomes collectable again, and the agent recorded for it
   * (if it was) is ended, in case a token was signed and only its reply lost. Not when its session
   * ended meanwhile (its end passed over an approval marked used). Best effort: when the store is
   * down this fails too, and the approval stays used. Rethrows the original failure.
   */
  private async reopen(approval: ApprovalRecord, agentId: string, err: unknown): Promise<never> {
    try {
      await this.revoke.endAgent(agentId, 'issue_failed');
      if (await this.sessions.isLive(approval.userId, approval.sessionId))
        await this.agents.transitionApproval(approval.id, 'used', 'approved', approval.decidedBy, []);
    } catch (cleanup) {
      this.logger.error(`approval ${approval.id} could not be reopened after a failed collect: ${String(cleanup)}`);
    }
    throw err;
  }

  /**
   * The roles the grant was decided under may be gone by the time it is collected (up to 10 minutes
   * later): every capability must still be within the requester's current roles, or nothing is
   * issued (403 with the reasons) and the approval stays for a collect that is.
   */
  private async stillWithinRoles(approval: ApprovalRecord, roles: AgentUserCaller['roles']): Promise<void> {
    const decision = await this.policy.execute({
      agentType: approval.agentType,
      capabilities: [...approval.granted, ...approval.needsApproval],
      roles,
    });
    if (decision.denied.length) throw capabilityDenied(decision.denied);
  }

  /** Unknown, expired, malformed or not `mayAct`'s: one 404, so approval ids cannot be probed. */
  private async live(id: unknown, mayAct: (a: ApprovalRecord) => boolean): Promise<ApprovalRecord> {
    const approval = isUuid(id) ? await this.agents.findApproval(id) : null;
    if (!approval || !mayAct(approval) || approval.expiresAt.getTime() <= this.clock.now().getTime())
      throw approvalNotFound();
    return approval;
  }
}
