import { hashTagOf, recordingScriptRedis } from '@portcullis/testing';
import Redis from 'ioredis';
import { RedisBudgetStore } from './redis-budget.store';

/** Redis Cluster refuses a script whose keys span slots: one use's keys (the whole chain) share the root's tag. */
describe('budget scripts on Redis Cluster', () => {
  it('passes every script the keys of one slot, however long the delegation chain', async () => {
    const { redis, calls } = recordingScriptRedis(() => [1, 3]);
    const store = new RedisBudgetStore(redis as unknown as Redis, 'deploy-1');
    const budget = { limit: 10, windowSeconds: 60 };
    const use = {
      rootId: 'agt_root',
      capability: 'git:push',
      chain: ['agt_root', 'agt_child', 'agt_grandchild'].map((agentId) => ({ agentId, budget })),
    };
    await store.consume(use);
    await store.remaining(use);

    expect(calls.map((c) => c.command)).toEqual(['budgetConsume', 'budgetRemaining']);
    for (const call of calls) {
      expect(call.keys).toHaveLength(3);
      expect(call.keys.map(hashTagOf)).toEqual(['agt_root', 'agt_root', 'agt_root']);
    }
  });
});
