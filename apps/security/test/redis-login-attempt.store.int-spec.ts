import { streamKeys } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events } from '@portcullis/contracts';
import { removeKeysUnder, testEnv, waitFor, withOrigin } from '@portcullis/testing';
import Redis from 'ioredis';
import { lockoutKeys } from '../src/lockout/lockout-keys';
import { LockoutPolicy } from '../src/lockout/lockout-policy';
import { RedisLoginAttemptStore } from '../src/lockout/redis-login-attempt.store';

jest.setTimeout(30_000);

/**
 * The Lua scripts against real Redis with windows short enough to watch them slide: what the
 * process-level test cannot see with its 15-minute windows.
 */
describe('RedisLoginAttemptStore (real Redis, short windows)', () => {
  const env = testEnv('security-store');
  const keys = lockoutKeys(env.REDIS_PREFIX);
  const redis = new Redis(env.REDIS_URL);
  const store = new RedisLoginAttemptStore(redis, env.REDIS_PREFIX);
  const policy: LockoutPolicy = {
    maxFailures: 3,
    windowMs: 400,
    lockMs: 60_000,
    ipFailureLimit: 2,
    ipWindowMs: 1000,
    reservationTtlMs: 300,
    reservationWaitMs: 0,
  };
  let seq = 0;
  const account = () => `acct${++seq}`;

  afterAll(async () => {
    // Both key forms: these stores write hash-tagged keys (`{<prefix>}:…`), which `<prefix>:*` misses.
    await removeKeysUnder(env.REDIS_URL, env.REDIS_PREFIX);
    await redis.quit();
  });

  it('forgets account failures once they leave the window', async () => {
    const a = account();
    expect(await store.recordFailure(a, undefined, policy)).toMatchObject({ locked: false, failures: 1 });
    expect(await store.recordFailure(a, undefined, policy)).toMatchObject({ locked: false, failures: 2 });
    // The set expires with its newest entry, so its disappearance means both have aged out.
    await waitFor(async () => (await redis.exists(keys.failures(a))) === 0, { what: 'the failures to age out' });
    expect(await store.recordFailure(a, undefined, policy)).toMatchObject({ locked: false, failures: 1 });
  });

  it('locks on the limit with a TTL, clears the failures, and ignores failures while locked', async () => {
    const a = account();
    for (let i = 0; i < 2; i++) await store.recordFailure(a, undefined, policy);
    expect(await store.recordFailure(a, undefined, policy)).toMatchObject({ locked: true, failures: 3 });
    expect(await redis.exists(keys.failures(a))).toBe(0);
    const ttl = await redis.pttl(keys.lock(a));
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    expect(await store.recordFailure(a, undefined, policy)).toMatchObject({ locked: false, failures: 3 });
    expect(await redis.exists(keys.failures(a))).toBe(0);
    expect((await store.inspect(a, undefined, policy)).accountLockMs).toBeGreaterThan(59_000);
  });

  it('slides the IP window: blocked until the oldest failure ages out, then blocked again by the next', async () => {
    const ip = '192.0.2.10';
    await store.recordFailure(account(), ip, policy);
    const first = Date.now();
    await waitFor(() => Date.now() - first >= 400, { intervalMs: 20, what: 'time to pass between failures' });
    await store.recordFailure(account(), ip, policy);

    const blocked = await store.inspect(account(), ip, policy);
    expect(blocked.ipBlockedMs).toBeGreaterThan(0);
    expect(blocked.ipBlockedMs).toBeLessThanOrEqual(1000 - 400 + 50);

    await waitFor(async () => (await store.inspect(account(), ip, policy)).ipBlockedMs === 0, {
      what: 'the oldest IP failure to age out',
    });
    await store.recordFailure(account(), ip, policy);
    const again = await store.inspect(account(), ip, policy);
    // Now the second failure is the oldest that counts, and it has less than a window left.
    expect(again.ipBlockedMs).toBeGreaterThan(0);
    expect(again.ipBlockedMs).toBeLessThan(1000);
  });

  it('keeps at most the IP limit of entries, however many failures arrive', async () => {
    const ip = '192.0.2.20';
    await Promise.all(Array.from({ length: 50 }, () => store.recordFailure(account(), ip, policy)));
    expect(await redis.zcard(keys.ipFailures(ip))).toBe(policy.ipFailureLimit);
  });

  it('writes no key without an expiry', async () => {
    await store.recordFailure(account(), '192.0.2.30', policy);
    const written = await redis.keys(`{${env.REDIS_PREFIX}}:security:*`);
    expect(written.length).toBeGreaterThan(0);
    // -1 is a key with no expiry; -2 one that already expired (short windows, a slow machine).
    for (const key of written) expect(await redis.pttl(key)).not.toBe(-1);
  });

  it('reports whether an unlock removed a lock', async () => {
    const a = account();
    expect(await store.unlock(a)).toBe(false);
    for (let i = 0; i < 3; i++) await store.recordFailure(a, undefined, policy);
    expect(await store.unlock(a)).toBe(true);
    expect(await redis.exists(keys.lock(a), keys.failures(a))).toBe(0);
  });

  it('appends auth.account.locked with the failure that locks, in the same script, with the real count', async () => {
    const a = account();
    const stream = streamKeys.events(env.REDIS_PREFIX);
    const before = await redis.xlen(stream);
    const lockEvent = withOrigin({ ip: '192.0.2.9' }, () =>
      domainEvent(Events.accountLocked, {
        subject: { type: 'user', id: a },
        data: { failures: 0, lockedForSeconds: 60 },
      }),
    );
    for (let i = 0; i < 2; i++) await store.recordFailure(a, undefined, policy, lockEvent);
    expect(await redis.xlen(stream)).toBe(before);
    expect(await store.recordFailure(a, undefined, policy, lockEvent)).toMatchObject({ locked: true, failures: 3 });
    const [[, fields]] = (await redis.xrange(stream, '-', '+')).slice(-1);
    // The bus's wire format, as BusClient.publish writes it: p = type, d = the event as JSON.
    expect([fields[0], fields[1], fields[2]]).toEqual(['p', 'auth.account.locked', 'd']);
    expect(JSON.parse(fields[3])).toEqual({ ...lockEvent, data: { failures: 3, lockedForSeconds: 60 } });
    await store.recordFailure(a, undefined, policy, lockEvent); // while locked: not counted, not announced again
    expect(await redis.xlen(stream)).toBe(before + 1);
  });

  it('appends the unlock event to the bus event stream in the same MULTI, as BusClient.publish would', async () => {
    const a = account();
    for (let i = 0; i < 3; i++) await store.recordFailure(a, undefined, policy);
    const event = domainEvent(Events.accountUnlocked, {
      subject: { type: 'user', id: 'u-1' },
      actor: { type: 'user', id: 'admin-1' },
      data: {},
    });
    expect(await store.unlock(a, event)).toBe(true);
    const entries = await redis.xrange(streamKeys.events(env.REDIS_PREFIX), '-', '+');
    expect(entries.slice(-1).map(([, fields]) => fields)).toEqual([
      ['p', 'auth.account.unlocked', 'd', JSON.stringify(event)],
    ]);
  });

  it('reserves no more slots than failures left, turns a reservation into a failure, and frees one whose caller died', async () => {
    const a = account();
    await store.recordFailure(a, undefined, policy);
    const taken = await Promise.all(['r1', 'r2', 'r3', 'r4'].map((id) => store.reserve(a, undefined, id, policy)));
    expect(taken.map((r) => r.reserved)).toEqual(expect.arrayContaining([true, true, false, false]));
    const held = ['r1', 'r2', 'r3', 'r4'].filter((_, i) => taken[i].reserved);
    expect(await store.recordFailure(a, undefined, policy, undefined, held[0])).toMatchObject({ failures: 2 });
    expect((await store.reserve(a, undefined, 'r5', policy)).reserved).toBe(false);
    // held[1] is never reported: it expires by itself after reservationTtlMs.
    await waitFor(async () => (await store.reserve(a, undefined, 'r6', policy)).reserved, {
      what: 'the abandoned reservation to expire',
    });
    expect(await redis.pttl(keys.inflight(a))).toBeGreaterThan(0);
  });
});
