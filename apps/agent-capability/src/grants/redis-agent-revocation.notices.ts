import { Inject, Injectable } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import Redis from 'ioredis';
import { AgentRevocationNotices, EndedAgent } from './agent-revocation.notices';

// TODO(merge h/identity): use AGENT_REVOCATION_TOPIC / agentRevocationKeys / publishAgentRevocations from the libs.
const TOPIC = 'agent-revocations';

/** A Redis key per ended agent (what a reconnecting gateway reloads), then the broadcast (how running gateways hear). */
@Injectable()
export class RedisAgentRevocationNotices extends AgentRevocationNotices {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async ended(agents: EndedAgent[]): Promise<void> {
    const now = Date.now() / 1000;
    const notices = agents
      .map((a) => ({ kind: 'agent' as const, agentId: a.agentId.replace(/^agt_/, ''), until: a.until }))
      .filter((n) => n.until > now);
    if (notices.length === 0) return;
    const pipeline = this.redis.pipeline();
    notices.forEach((n) =>
      pipeline.set(`${this.prefix}:revoked-agent:${n.agentId}`, JSON.stringify(n), 'EX', Math.ceil(n.until - now)),
    );
    const failed = ((await pipeline.exec()) ?? []).find(([err]) => err);
    if (failed) throw failed[0] as Error;
    const channel = new BroadcastChannel(this.redis, this.prefix);
    await Promise.all(notices.map((n) => channel.publish(TOPIC, n)));
  }
}
