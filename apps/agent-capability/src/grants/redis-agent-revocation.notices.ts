import { Inject, Injectable } from '@nestjs/common';
import { publishAgentRevocations } from '@portcullis/bus';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { AgentRevocationNotices, EndedAgent } from './agent-revocation.notices';

/**
 * The contract of libs/contracts agents/agent-revocation.ts: a Redis key per ended agent (what a
 * reconnecting gateway reloads), then the `agent-revocations` broadcast (how running ones hear).
 */
@Injectable()
export class RedisAgentRevocationNotices extends AgentRevocationNotices {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async ended(agents: EndedAgent[]): Promise<void> {
    const notices = agents.map((a) => ({
      kind: 'agent' as const,
      agentId: a.agentId.replace(/^agt_/, ''),
      until: a.until,
    }));
    await publishAgentRevocations(this.redis, this.prefix, notices);
  }
}
