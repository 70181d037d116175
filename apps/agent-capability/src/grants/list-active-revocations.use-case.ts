import { Injectable } from '@nestjs/common';
import { ActiveAgentRevocationsReply } from '@portcullis/contracts';
import { Clock } from '../common/clock';
import { AgentRepository } from './agent.repository';
import { endedAgent } from './agent-revocation.notices';

/**
 * Every revoked agent whose tokens may still be live, from PostgreSQL: what a gateway must hold
 * before it trusts an agent token, since the Redis keys it could reload instead may be gone (a
 * restart without persistence, a flush, a failover to an empty replica).
 */
@Injectable()
export class ListActiveAgentRevocationsUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<ActiveAgentRevocationsReply> {
    const now = this.clock.now();
    const revoked = await this.agents.listRevoked('all', now);
    return {
      revocations: revoked.map((agent) => ({ kind: 'agent', agentId: agent.id, until: endedAgent(agent, now).until })),
    };
  }
}
