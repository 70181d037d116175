import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AgentRecord, agentUuid, isLive } from './agent-record';
import { AgentRepository } from './agent.repository';
import { agentRevoked } from './grant-errors';

/** An agent with its ancestors, root first. */
export interface Chain {
  agent: AgentRecord;
  ancestors: AgentRecord[];
}

/**
 * The calling agent and its ancestors, all alive (not revoked, not expired): what delegate and
 * renew require. The gateway already refused a revoked token; this is the store's own word, which
 * also covers a notice the gateway has not applied yet.
 */
@Injectable()
export class LiveChain {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async of(publicId: string): Promise<Chain> {
    const id = agentUuid(publicId);
    const agent = id ? await this.agents.find(id) : null;
    const now = this.clock.now();
    if (!agent || !isLive(agent, now)) throw agentRevoked();
    const ancestors = await this.agents.findMany(agent.ancestors);
    if (ancestors.length !== agent.ancestors.length || ancestors.some((a) => !isLive(a, now))) throw agentRevoked();
    return { agent, ancestors };
  }
}
