import { removeKeysUnder, testEnv, waitFor } from '@portcullis/testing';
import Redis from 'ioredis';
import { InMemoryRateLimiter, RateLimitPolicy, RedisRateLimiter } from '../src';

jest.setTimeout(30_000);

/** The one-script GCRA against real Redis, with real concurrency, beside the in-memory fallback. */
describe('RedisRateLimiter (real Redis)', () => {
  const env = testEnv('rate-limiter');
  const redis = new Redis(env.REDIS_URL);
  const limiter = new RedisRateLimiter(redis, env.REDIS_PREFIX);
  let seq = 0;
  const policy = (limit: number, windowSeconds: number): RateLimitPolicy => ({
    name: `p${++seq}`,
    scope: 'ip',
    limit,
    windowSeconds,
  });

  afterAll(async () => {
    // Both key forms: these stores write hash-tagged keys (`{<prefix>}:…`), which `<prefix>:*` misses.
    await removeKeysUnder(env.REDIS_URL, env.REDIS_PREFIX);
    await redis.quit();
  });

  it('lets exactly the limit through when 50 requests race, and tells the refused ones when to retry', async () => {
    const p = policy(5, 60);
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () => limiter.check([{ policy: p, key: '198.51.100.1' }])),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(
      decisions
        .filter((d) => d.allowed)
        .map((d) => d.binding.remaining)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.binding.retryAfterSeconds).toBeGreaterThanOrEqual(11);
    expect(refused.binding.retryAfterSeconds).toBeLessThanOrEqual(12);
  });

  it('takes a limit so large its interval is below a millisecond’s precision (no PX 0, no error)', async () => {
    const huge = policy(1_000_000_000, 60);
    const decision = await limiter.check([
      { policy: huge, key: 'z' },
      { policy: policy(1_000, 60), key: 'z' },
    ]);
    expect(decision.allowed).toBe(true);
    // Counted in Redis, not decided by the in-memory fallback: the second policy's budget moved.
    expect(decision.states.find((st) => st.policy.limit === 1_000)?.remaining).toBe(999);
  });

  it('checks all policies in one step and charges none when one refuses', async () => {
    const wide = policy(10, 60);
    const narrow = policy(1, 60);
    const both = () =>
      limiter.check([
        { policy: wide, key: 'x' },
        { policy: narrow, key: 'x' },
      ]);
    expect((await both()).allowed).toBe(true);
    expect(await both()).toMatchObject({ allowed: false, binding: { policy: { name: narrow.name } } });
    expect((await limiter.check([{ policy: wide, key: 'x' }])).binding.remaining).toBe(8);
  });

  it('decides the requests of one turn in order, each as if alone, sharing one script', async () => {
    const shared = policy(2, 60);
    const spent = policy(1, 60);
    await limiter.check([{ policy: spent, key: 'a' }]);
    const [first, refused, second, third] = await Promise.all([
      limiter.check([{ policy: shared, key: 'g' }]),
      // Refused by its spent limit: counts nothing, so the shared limit still has room for the next one.
      limiter.check([
        { policy: spent, key: 'a' },
        { policy: shared, key: 'g' },
      ]),
      limiter.check([{ policy: shared, key: 'g' }]),
      limiter.check([{ policy: shared, key: 'g' }]),
    ]);
    expect([first.allowed, refused.allowed, second.allowed, third.allowed]).toEqual([true, false, true, false]);
    expect(refused.binding.policy.name).toBe(spent.name);
    expect([first.binding.remaining, second.binding.remaining]).toEqual([1, 0]);
    expect(await redis.pttl(`{${env.REDIS_PREFIX}}:ratelimit:${shared.name}:g`)).toBeGreaterThan(0);
  });

  it('refills by itself and leaves no key without an expiry', async () => {
    const p = policy(2, 1);
    await limiter.check([{ policy: p, key: 'y' }]);
    await limiter.check([{ policy: p, key: 'y' }]);
    expect((await limiter.check([{ policy: p, key: 'y' }])).allowed).toBe(false);
    expect(await redis.pttl(`{${env.REDIS_PREFIX}}:ratelimit:${p.name}:y`)).toBeGreaterThan(0);
    await waitFor(async () => (await limiter.check([{ policy: p, key: 'y' }])).allowed, {
      what: 'the bucket to refill',
    });
  });

  it('decides as the in-memory fallback does', async () => {
    const p = policy(3, 60);
    const local = new InMemoryRateLimiter();
    for (let i = 0; i < 4; i++) {
      const [remote, mine] = [await limiter.check([{ policy: p, key: 'z' }]), local.check([{ policy: p, key: 'z' }])];
      expect({ allowed: remote.allowed, remaining: remote.binding.remaining }).toEqual({
        allowed: mine.allowed,
        remaining: mine.binding.remaining,
      });
    }
  });

  it('counts a quota exactly under 40 racing requests, in the same script as a rate, and peeks without spending', async () => {
    const quota: RateLimitPolicy = {
      name: `q${++seq}`,
      scope: 'api-key',
      limit: 7,
      windowSeconds: 86_400,
      refill: 'daily',
    };
    // A day-long window: a GCRA bucket drips back one unit per window/limit, none during this test.
    const rate = policy(1000, 86_400);
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () =>
        limiter.check([
          { policy: rate, key: 'k' },
          { policy: quota, key: 'k' },
        ]),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.binding.policy.name).toBe(quota.name);
    expect(refused.binding.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    expect(await limiter.remaining({ policy: quota, key: 'k' })).toBe(0);
    // Stored as a plain integer (the script keeps counts as numbers and formats each once).
    const [counter] = await redis.keys(`{${env.REDIS_PREFIX}}:ratelimit:${quota.name}:*`);
    expect(await redis.get(counter)).toBe('7');
    expect((await limiter.check([{ policy: rate, key: 'k' }])).binding.remaining).toBe(1000 - 8);
  });

  it('starts a quota afresh in a new period', async () => {
    // The limiter's clock picks the period; Redis's own clock (TIME) times the counter out at the
    // period's end. So the periods used here end in Redis's future: a UTC midnight at least a day away.
    const DAY_MS = 86_400_000;
    const midnight = Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
    let now = midnight - 1000;
    const clocked = new RedisRateLimiter(redis, env.REDIS_PREFIX, { now: () => now });
    const quota: RateLimitPolicy = {
      name: `q${++seq}`,
      scope: 'api-key',
      limit: 1,
      windowSeconds: 86_400,
      refill: 'daily',
    };
    expect((await clocked.check([{ policy: quota, key: 'k' }])).allowed).toBe(true);
    expect((await clocked.check([{ policy: quota, key: 'k' }])).allowed).toBe(false);
    now = midnight;
    expect((await clocked.check([{ policy: quota, key: 'k' }])).allowed).toBe(true);
  });
});
