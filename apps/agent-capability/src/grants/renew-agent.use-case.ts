import { Injectable } from '@nestjs/common';
import { AgentGrantReply, RenewAgentRequest } from '@portcullis/contracts';
import { Clock, epochSeconds } from '../common/clock';
import { agentEvents } from './agent-events';
import { agentTokenRenewals } from './agent-metrics';
import { AgentIssuer } from './agent-issuer';
import { AgentRepository } from './agent.repository';
import { agentRevoked } from './grant-errors';
import { LiveChain } from './live-chain';
import { SessionLiveness } from './session-liveness';

/**
 * `POST /agents/renew`: the same grant, a fresh token, while the agent, every ancestor and its
 * session live. A revoked session has revoked its agents already; one that ended silently (expired
 * unrefreshed, an API key past its expiry) is asked of the token app. A child never outlives its
 * parent: the new expiry is clamped to the parent's current one.
 */
@Injectable()
export class RenewAgentUseCase {
  constructor(
    private readonly chains: LiveChain,
    private readonly agents: AgentRepository,
    private readonly issuer: AgentIssuer,
    private readonly clock: Clock,
    private readonly sessions: SessionLiveness,
  ) {}

  async execute(request: RenewAgentRequest): Promise<AgentGrantReply> {
    const { agent, ancestors } = await this.chains.of(request?.agentId);
    const parent = ancestors[ancestors.length - 1];
    const now = epochSeconds(this.clock.now());
    const exp = Math.min(now + agent.ttlSeconds, parent ? epochSeconds(parent.expiresAt) : Infinity);
    if (exp <= now || !(await this.sessions.isLive(agent.userId, agent.sessionId))) throw agentRevoked();
    const expiresAt = new Date(exp * 1000);
    const renewed = await this.agents.renew(
      agent.id,
      expiresAt,
      [{ agentId: agent.id, kind: 'renewal', capability: null, reason: 'renewed' }],
      [agentEvents.renewed(agent, expiresAt)],
    );
    // Revoked (or an ancestor, which revokes it too) since the chain was read: no token outlives that.
    if (!renewed) throw agentRevoked();
    const reply = await this.issuer.mint({ ...agent, expiresAt });
    agentTokenRenewals().inc();
    return reply;
  }
}
