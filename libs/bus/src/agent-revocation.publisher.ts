import { AGENT_REVOCATION_TOPIC, AgentRevocation, agentRevocationKeys } from '@portcullis/contracts';
import { RedisClient } from '@portcullis/common';
import { BroadcastChannel } from './broadcast';

/**
 * The publishing side of agent revocation (contract in libs/contracts agents/agent-revocation.ts):
 * each notice is written as a Redis key first (what a reconnecting gateway reloads), then broadcast
 * (how running gateways hear of it within milliseconds). One notice per revoked agent is enough for
 * its descendants: gateways match it against every token's chain.
 */
export async function publishAgentRevocations(
  redis: RedisClient,
  prefix: string,
  notices: AgentRevocation[],
  now = Date.now() / 1000,
): Promise<void> {
  const live = notices.filter((n) => n.until > now);
  if (live.length === 0) return;
  const pipeline = redis.pipeline();
  live.forEach((n) =>
    pipeline.set(agentRevocationKeys.of(prefix, n), JSON.stringify(n), 'EX', Math.ceil(n.until - now)),
  );
  const failed = ((await pipeline.exec()) ?? []).find(([err]) => err);
  if (failed) throw failed[0] as Error;
  const channel = new BroadcastChannel(redis, prefix);
  await Promise.all(live.map((n) => channel.publish(AGENT_REVOCATION_TOPIC, n)));
}
