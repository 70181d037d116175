import Redis from 'ioredis';
import { RedisBudgetStore } from './redis-budget.store';

// libs/security stands alone (no libs/testing), so the tag rule is spelt out here.
const hashTagOf = (key: string) => /\{([^}]+)\}/.exec(key)?.[1];

/** Redis Cluster refuses a script whose keys span slots: one use's keys (the whole chain) share the root's tag. */
describe('budget scripts on Redis Cluster', () => {
  it('passes every script the keys of one slot, however long the delegation chain', async () => {
    const calls: Array<{ command: string; keys: string[] }> = [];
    const record =
      (command: string) =>
      (count: number, ...rest: Array<string | number>) => {
        calls.push({ command, keys: rest.slice(0, count).map(String) });
        return Promise.resolve([1, 3]);
      };
    const redis = {
      defineCommand: () => undefined,
      budgetConsume: record('budgetConsume'),
      budgetRemaining: record('budgetRemaining'),
    };
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
