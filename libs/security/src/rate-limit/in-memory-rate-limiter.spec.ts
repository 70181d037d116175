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
    const remaining = Array.from({ length: 5 }, () => limiter.check([{ policy: fivePerMinute, key: 'a' }]).binding.remaining);
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = limiter.check([{ policy: fivePerMinute, key: 'a' }]);
    expect(refused).toMatchObject({ allowed: false, binding: { remaining: 0, retryAfterSeconds: 12, resetSeconds: 60 } });
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
    const both = () => limiter.check([{ policy: fivePerMinute, key: 'a' }, { policy: twoPerSecond, key: 'a' }]);
    expect(both().binding.policy.name).toBe('burst');
    expect(both()).toMatchObject({ allowed: true, binding: { policy: { name: 'burst' }, remaining: 0 } });
    expect(both()).toMatchObject({ allowed: false, binding: { policy: { name: 'burst' }, retryAfterSeconds: 1 } });
    // Two taken by the five-a-minute policy, not three.
    expect(limiter.check([{ policy: fivePerMinute, key: 'a' }]).binding.remaining).toBe(2);
  });
});
