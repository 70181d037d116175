import { Injectable, Logger } from '@nestjs/common';
import { DomainEvent, RevokeAgentRequest } from '@portcullis/contracts';
import { Clock } from '../common/clock';
import { requireOwnAgent } from './agent-access';
import { agentEvents } from './agent-events';
import { AgentRecord } from './agent-record';
import { AgentRepository, RevocationScope } from './agent.repository';
import { AgentRevocationNotices, endedAgent } from './agent-revocation.notices';
import { agentRevocations } from './agent-metrics';
import { parseCaller } from './grant-input';

/**
 * Ends agents and everything below them: `DELETE /agents/:id` (owner or admin), and the ends of
 * sessions and users (logout, session revoke, password change, refresh reuse, disable, delete).
 * The store commits first (renew and delegate refuse from then on), then every gateway is told
 * (tokens refused within a second). Revoking again is harmless and republishes nothing new.
 */
@Injectable()
export class RevokeAgentsUseCase {
  private readonly logger = new Logger(RevokeAgentsUseCase.name);

  constructor(
    private readonly agents: AgentRepository,
    private readonly notices: AgentRevocationNotices,
    private readonly clock: Clock,
  ) {}

  /** `DELETE /agents/:agentId`. AGENT_NOT_FOUND for an unknown or someone else's agent. */
  async byRequest(request: RevokeAgentRequest): Promise<void> {
    const caller = parseCaller(request?.caller);
    const agent = await requireOwnAgent(this.agents, caller, request.agentId);
    const revoked = await this.revoke({ agentId: agent.id }, 'revoked', { type: 'user', id: caller.userId });
    // Already revoked (by an earlier call or a cascade): tell the gateways again, in case a notice was lost.
    if (revoked.length === 0 && agent.revokedAt) await this.notify([agent]);
  }

  /**
   * One agent and its descendants, ended by this app itself: a grant that failed after its row
   * committed (`issue_failed`: the signer may have made a token whose reply was lost), or a person
   * whose roles no longer cover what it holds (`role_lowered`). The gateways are told, as always.
   */
  async endAgent(agentId: string, reason: 'issue_failed' | 'role_lowered'): Promise<void> {
    await this.revoke({ agentId }, reason, { type: 'system', id: 'agent-capability' });
  }

  /**
   * Tells the gateways again of a person's agents this app ended for `reason` whose tokens may still
   * be live: a retried event finds them ended already, and its first notice may have failed.
   */
  async notifyAgain(userId: string, reason: 'role_lowered'): Promise<void> {
    const ended = (await this.agents.listRevoked({ userId }, this.clock.now())).filter(
      (a) => a.revokedReason === reason,
    );
    if (ended.length) await this.notify(ended);
  }

  /**
   * Every agent descended from these sessions (all share their root's `sid`), and their open
   * approvals: an approval collected later would mint a token for a session that is over.
   */
  async bySessions(sessionIds: string[], reason: string): Promise<AgentRecord[]> {
    return this.endScope({ sessionIds }, reason);
  }

  async byUser(userId: string, reason: string): Promise<AgentRecord[]> {
    return this.endScope({ userId }, reason);
  }

  /**
   * An event's revocation. When its notice fails, the event is retried, but by then the rows are
   * revoked and `revoke` finds nothing new: so a run that revokes nothing tells the gateways again
   * about the scope's revoked agents whose tokens may still be live (notices are idempotent).
   */
  private async endScope(scope: { sessionIds: string[] } | { userId: string }, reason: string): Promise<AgentRecord[]> {
    await this.agents.expireApprovals(scope, this.clock.now());
    const revoked = await this.revoke(scope, reason, { type: 'system', id: 'agent-capability' });
    if (revoked.length === 0) {
      const earlier = await this.agents.listRevoked(scope, this.clock.now());
      if (earlier.length) await this.notify(earlier);
    }
    return revoked;
  }

  private async revoke(scope: RevocationScope, reason: string, actor: DomainEvent['actor']): Promise<AgentRecord[]> {
    const revoked = await this.agents.revoke(scope, reason, this.clock.now(), (ended) =>
      agentEvents.revoked(ended, reason, actor),
    );
    if (revoked.length) {
      agentRevocations().inc({ reason }, revoked.length);
      await this.notify(revoked);
    }
    return revoked;
  }

  private async notify(agents: AgentRecord[]): Promise<void> {
    const now = this.clock.now();
    await this.notices.ended(agents.map((a) => endedAgent(a, now))).catch((err: Error) => {
      this.logger.error(`agent revocation notice not sent (${err.message}); gateways learn on their next reload`);
      throw err;
    });
  }
}
