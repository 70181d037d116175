import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { RateLimitPolicy } from './rate-limit-policy';

const fivePerMinute: RateLimitPolicy = { name: 'register', scope: 'ip', limit: 5, windowSeconds: 60 };
const twoPerSecond: RateLimitPolicy = { name: 'burst', scope: 'ip', limit: 2, windowSeconds: 1 };

function setup() {
  let now = 1_700_000_000_000;
  const limiter = new InMemoryRateLimiter(() => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('InMemoryRateLimiter (GCRA)', () => {
  it('allows the whole quota at once, counts it down, then refuses with the wait until one more fits', () => {
    const { limiter } = setup();
    const remaining = Array.from(
      { length: 5 },
      () => limiter.check([{ policy: fivePerMinute, key: 'a' }]).binding.remaining,
    );
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = limiter.check([{ policy: fivePerMinute, key: 'a' }]);
    expect(refused).toMatchObject({
      allowed: false,
      binding: { remaining: 0, retryAfterSeconds: 12, resetSeconds: 60 },
    });
  });

  it('gives back one request per window/limit', () => {
    const { limiter, advance } = setup();
    for (let i = 0; i < 5; i++) limiter.check([{ policy: fivePerMinute, key: 'a' }]);
    advance(12_000);
    expect(limiter.check([{ policy: fivePerMinute, key: 'a' }]).allowed).toBe(true);
    expect(limiter.check([{ policy: fivePerMinute, key: 'a' }]).allowed).toBe(false);
  });

  it('keeps subjects apart', () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) limiter.check([{ policy: fivePerMinute, key: 'a' }]);
    expect(limiter.check([{ policy: fivePerMinute, key: 'b' }]).allowed).toBe(true);
  });

  it('answers with the most restrictive policy, and a refusal by one uses up none of the others', () => {
    const { limiter } = setup();
    const both = () =>
      limiter.check([
        { policy: fivePerMinute, key: 'a' },
        { policy: twoPerSecond, key: 'a' },
      ]);
    expect(both().binding.policy.name).toBe('burst');
    expect(both()).toMatchObject({ allowed: true, binding: { policy: { name: 'burst' }, remaining: 0 } });
    expect(both()).toMatchObject({ allowed: false, binding: { policy: { name: 'burst' }, retryAfterSeconds: 1 } });
    // Two taken by the five-a-minute policy, not three.
    expect(limiter.check([{ policy: fivePerMinute, key: 'a' }]).binding.remaining).toBe(2);
  });

  describe('quotas (refilled whole when the UTC day or month turns)', () => {
    const daily: RateLimitPolicy = {
      name: 'key-quota',
      scope: 'api-key',
      limit: 3,
      windowSeconds: 86_400,
      refill: 'daily',
    };
    const monthly: RateLimitPolicy = { ...daily, refill: 'monthly' };

    function at(iso: string) {
      let now = Date.parse(iso);
      return { limiter: new InMemoryRateLimiter(() => now), set: (t: string) => (now = Date.parse(t)) };
    }

    it('allows the quota, then refuses until the next day, with Retry-After counting to midnight UTC', () => {
      const { limiter, set } = at('2026-11-28T23:59:00.000Z');
      const hit = () => limiter.check([{ policy: daily, key: 'k' }]);
      expect([hit(), hit(), hit()].map((d) => d.binding.remaining)).toEqual([2, 1, 0]);
      expect(hit()).toMatchObject({ allowed: false, binding: { retryAfterSeconds: 60, resetSeconds: 60 } });
      set('2026-11-28T23:59:59.999Z');
      expect(hit().allowed).toBe(false);
      set('2026-11-29T00:00:00.000Z');
      expect(hit()).toMatchObject({ allowed: true, binding: { remaining: 2 } });
    });

    it('does not refill gradually: a day later than the first hit but in the same month, a monthly quota stays spent', () => {
      const { limiter, set } = at('2026-02-01T00:00:00.000Z');
      for (let i = 0; i < 3; i++) limiter.check([{ policy: monthly, key: 'k' }]);
      set('2026-02-28T23:59:59.000Z');
      expect(limiter.check([{ policy: monthly, key: 'k' }])).toMatchObject({
        allowed: false,
        binding: { retryAfterSeconds: 1 },
      });
      set('2026-03-01T00:00:00.000Z');
      expect(limiter.remaining({ policy: monthly, key: 'k' })).toBe(3);
      expect(limiter.check([{ policy: monthly, key: 'k' }]).allowed).toBe(true);
      expect(limiter.remaining({ policy: monthly, key: 'k' })).toBe(2);
    });

    it('charges neither the quota nor the rate when the rate refuses', () => {
      const { limiter } = at('2026-11-28T12:00:00.000Z');
      const rate: RateLimitPolicy = { name: 'key-rate', scope: 'api-key', limit: 1, windowSeconds: 60 };
      const hit = () =>
        limiter.check([
          { policy: rate, key: 'k' },
          { policy: daily, key: 'k' },
        ]);
      expect(hit().allowed).toBe(true);
      expect(hit()).toMatchObject({ allowed: false, binding: { policy: { name: 'key-rate' } } });
      expect(limiter.remaining({ policy: daily, key: 'k' })).toBe(2);
    });
  });

  it('at the GCRA window boundary: a full burst, then exactly one request per interval, never two', () => {
    const { limiter, advance } = setup();
    const hit = () => limiter.check([{ policy: fivePerMinute, key: 'w' }]).allowed;
    for (let i = 0; i < 5; i++) expect(hit()).toBe(true);
    advance(11_999);
    expect(hit()).toBe(false);
    advance(1);
    expect(hit()).toBe(true);
    expect(hit()).toBe(false);
    advance(60_000);
    expect([hit(), hit(), hit(), hit(), hit(), hit()]).toEqual([true, true, true, true, true, false]);
  });
});
