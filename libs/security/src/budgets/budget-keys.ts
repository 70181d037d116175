/**
 * `<REDIS_PREFIX>:agents:budget:{<rootId>}:<agentId>:<capability>`: a sorted set of use times
 * (ms) inside the budget's window. The `{rootId}` hash tag keeps every key one use touches in one
 * Redis Cluster slot, so one script can check them all; that is why the prefix may not hold braces
 * (the first `{…}` of a key is its tag).
 */
export function budgetKeyFactory(prefix: string): (rootId: string, agentId: string, capability: string) => string {
  if (/[{}]/.test(prefix))
    throw new Error('REDIS_PREFIX must not contain { or }: it would become the Redis Cluster hash tag of budget keys');
  return (rootId, agentId, capability) => `${prefix}:agents:budget:{${rootId}}:${agentId}:${capability}`;
}
