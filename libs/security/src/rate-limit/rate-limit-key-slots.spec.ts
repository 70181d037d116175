import Redis from 'ioredis';
import { RateLimitPolicy } from './rate-limit-policy';
import { RedisRateLimiter } from './redis-rate-limiter';

// libs/security stands alone (no libs/testing), so the tag rule is spelt out here.
const hashTagOf = (key: string) => /\{([^}]+)\}/.exec(key)?.[1];

/** Redis Cluster refuses a script whose keys span slots: the policies checked together share one hash tag. */
describe('rate-limit script on Redis Cluster', () => {
  it('passes the script the keys of one slot, whatever the policies and subjects', async () => {
    const calls: string[][] = [];
    const redis = {
      defineCommand: () => undefined,
      rateLimitBatch: (count: number, ...rest: Array<string | number>) => {
        calls.push(rest.slice(0, count).map(String));
        return Promise.resolve(Array.from({ length: 12 }, () => 1));
      },
    };
    const policy = (name: string): RateLimitPolicy => ({ name, scope: 'ip', limit: 10, windowSeconds: 60 });
    await new RedisRateLimiter(redis as unknown as Redis, 'deploy-1').check([
      { policy: policy('ip'), key: '198.51.100.7' },
      { policy: policy('user'), key: 'u-1' },
      { policy: policy('global'), key: 'all' },
    ]);

    expect(calls).toHaveLength(1);
    expect(calls[0].map(hashTagOf)).toEqual(['deploy-1', 'deploy-1', 'deploy-1']);
  });
});
