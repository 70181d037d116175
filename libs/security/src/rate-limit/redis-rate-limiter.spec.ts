import Redis from 'ioredis';
import { RateLimitPolicy } from './rate-limit-policy';
import { MAX_BATCH_KEYS } from '../turn-batcher';
import { RedisRateLimiter, RedisRateLimiterOptions } from './redis-rate-limiter';

/**
 * A stand-in for the script: records each call's distinct counters and, per request, which of them
 * it counts on; allows everything.
 */
function fakeRedis(fail?: Error, options: RedisRateLimiterOptions = {}) {
  const calls: Array<{ keys: string[]; requests: string[][] }> = [];
  const redis = {
    defineCommand: () => undefined,
    rateLimitBatch: (count: number, ...rest: Array<string | number>) => {
      const keys = rest.slice(0, count).map(String);
      const entries = Number(rest[count]);
      // The requests' layout: one argument of comma-joined numbers, after the entries.
      const layout = String(rest[count + 1 + 3 * entries])
        .split(',')
        .map(Number);
      expect(rest).toHaveLength(count + 2 + 3 * entries);
      let p = 0;
      const requests: string[][] = [];
      const total = layout[p++];
      let answered = 0;
      for (let r = 0; r < total; r++) {
        const n = layout[p++];
        requests.push(layout.slice(p, p + n).map((entry) => keys[entry - 1]));
        p += n;
        answered += n;
      }
      calls.push({ keys, requests });
      if (fail) return Promise.reject(fail);
      // allowed, remaining (the limit's position in the batch, so answers can be told apart), reset, retry-after.
      return Promise.resolve(Array.from({ length: answered }, (_, i) => [1, i, 1000, 0]).flat());
    },
  };
  return { calls, limiter: new RedisRateLimiter(redis as unknown as Redis, 'p', options) };
}

const policy = (name: string): RateLimitPolicy => ({ name, scope: 'ip', limit: 10, windowSeconds: 60 });
const one = (name: string, key: string) => [{ policy: policy(name), key }];

describe('RedisRateLimiter batching', () => {
  it('sends the requests of one turn in one script call and hands each its own answers', async () => {
    const { calls, limiter } = fakeRedis();
    const decisions = await Promise.all([
      limiter.check(one('ip', 'a')),
      limiter.check([...one('ip', 'b'), ...one('global', 'all')]),
      limiter.check(one('ip', 'c')),
    ]);
    expect(calls).toEqual([
      {
        keys: ['{p}:ratelimit:ip:a', '{p}:ratelimit:ip:b', '{p}:ratelimit:global:all', '{p}:ratelimit:ip:c'],
        requests: [['{p}:ratelimit:ip:a'], ['{p}:ratelimit:ip:b', '{p}:ratelimit:global:all'], ['{p}:ratelimit:ip:c']],
      },
    ]);
    expect(decisions.map((d) => d.states.map((s) => s.remaining))).toEqual([[0], [1, 2], [3]]);
  });

  it('sends a counter many requests share once, and each request names it', async () => {
    const { calls, limiter } = fakeRedis();
    const both = (ip: string) => [...one('ip', ip), ...one('global', 'all')];
    const decisions = await Promise.all([limiter.check(both('a')), limiter.check(both('a')), limiter.check(both('b'))]);
    expect(calls).toHaveLength(1);
    expect(calls[0].keys).toEqual(['{p}:ratelimit:ip:a', '{p}:ratelimit:global:all', '{p}:ratelimit:ip:b']);
    expect(calls[0].requests).toEqual([
      ['{p}:ratelimit:ip:a', '{p}:ratelimit:global:all'],
      ['{p}:ratelimit:ip:a', '{p}:ratelimit:global:all'],
      ['{p}:ratelimit:ip:b', '{p}:ratelimit:global:all'],
    ]);
    expect(decisions.map((d) => d.states.map((s) => s.remaining))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('sends a counter again when its policy changed within the batch', async () => {
    const { calls, limiter } = fakeRedis();
    const wider: RateLimitPolicy = { ...policy('ip'), limit: 20 };
    await Promise.all([limiter.check(one('ip', 'a')), limiter.check([{ policy: wider, key: 'a' }])]);
    expect(calls[0].keys).toEqual(['{p}:ratelimit:ip:a', '{p}:ratelimit:ip:a']);
  });

  it('starts a new batch for a request that comes after the last one went', async () => {
    const { calls, limiter } = fakeRedis();
    await limiter.check(one('ip', 'a'));
    await limiter.check(one('ip', 'b'));
    expect(calls.map((c) => c.requests.length)).toEqual([1, 1]);
  });

  it('sends a batch at once when it reaches the key cap, and the rest at the end of the turn', async () => {
    const { calls, limiter } = fakeRedis();
    const checks = Array.from({ length: MAX_BATCH_KEYS + 1 }, (_, i) => limiter.check(one('ip', `k${i}`)));
    expect(calls).toHaveLength(1);
    expect(calls[0].keys).toHaveLength(MAX_BATCH_KEYS);
    await Promise.all(checks);
    expect(calls.map((c) => c.keys.length)).toEqual([MAX_BATCH_KEYS, 1]);
  });

  it('fails every request of a batch whose script failed', async () => {
    const { limiter } = fakeRedis(new Error('ERR script failed'));
    const results = await Promise.allSettled([limiter.check(one('ip', 'a')), limiter.check(one('ip', 'b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('with a fallback, decides each request of a failed batch by it, with its own checks and the error', async () => {
    const seen: Array<[string, string]> = [];
    const { limiter } = fakeRedis(new Error('ERR script failed'), {
      fallback: (checks, err) => {
        seen.push([checks[0].key, err.message]);
        const state = { policy: checks[0].policy, allowed: true, remaining: 7, resetSeconds: 1, retryAfterSeconds: 0 };
        return { allowed: true, binding: state, states: [state] };
      },
    });
    const decisions = await Promise.all([limiter.check(one('ip', 'a')), limiter.check(one('ip', 'b'))]);
    expect(decisions.map((d) => d.binding.remaining)).toEqual([7, 7]);
    expect(seen).toEqual([
      ['a', 'ERR script failed'],
      ['b', 'ERR script failed'],
    ]);
  });

  it('names a rate counter the same way each time, and a quota counter by its current period', async () => {
    let now = Date.UTC(2026, 10, 30, 23, 59, 59);
    const calls: string[][] = [];
    const redis = {
      defineCommand: () => undefined,
      rateLimitBatch: (count: number, ...rest: Array<string | number>) => {
        calls.push(rest.slice(0, count).map(String));
        return Promise.resolve(Array.from({ length: count }, () => [1, 0, 1000, 0]).flat());
      },
    };
    const limiter = new RedisRateLimiter(redis as unknown as Redis, 'p', { now: () => now });
    const quota: RateLimitPolicy = { name: 'q', scope: 'api-key', limit: 5, windowSeconds: 86_400, refill: 'daily' };
    const request = () => limiter.check([...one('ip', 'a'), { policy: quota, key: 'k' }]);
    await request();
    now += 2000;
    await request();
    expect(calls).toEqual([
      ['{p}:ratelimit:ip:a', '{p}:ratelimit:q:k:2026-11-30'],
      ['{p}:ratelimit:ip:a', '{p}:ratelimit:q:k:2026-12-01'],
    ]);
  });
});
