import { epochSeconds, RedisClient } from '@portcullis/common';
import { Revocation, REVOCATION_TOPIC, revocationKeys } from '@portcullis/contracts';
import { FakeClock } from '@portcullis/testing';
import { testSettings } from '../../test/fakes/token-kit';
import { RedisRevocationPublisher } from './redis-revocation.publisher';

/** Redis as the publisher uses it: what it wrote (key → value, TTL) and broadcast, in order. */
function fakeRedis() {
  const written = new Map<string, { value: Revocation; ttl: number }>();
  const broadcast: Revocation[] = [];
  const redis = {
    pipeline: () => {
      const sets: Array<[string, string, number]> = [];
      const pipeline = {
        set: (key: string, value: string, _ex: string, ttl: number) => (sets.push([key, value, ttl]), pipeline),
        exec: async () => {
          sets.forEach(([key, value, ttl]) => written.set(key, { value: JSON.parse(value) as Revocation, ttl }));
          return sets.map(() => [null, 'OK']);
        },
      };
      return pipeline;
    },
    publish: async (channel: string, message: string) => {
      if (channel.endsWith(`:${REVOCATION_TOPIC}`)) broadcast.push(JSON.parse(message) as Revocation);
      return 1;
    },
  } as unknown as RedisClient;
  return { redis, written, broadcast };
}

describe('RedisRevocationPublisher', () => {
  const clock = new FakeClock(new Date('2026-01-01T00:00:00.000Z'));
  const now = epochSeconds(clock.now());
  // Agent tokens carry the session too, and live up to an hour: longer than the access tokens.
  const lifetime = 3600 + 30;

  it('writes, then broadcasts, a revocation of the tokens of a session issued up to a cutoff', async () => {
    const { redis, written, broadcast } = fakeRedis();
    const publisher = new RedisRevocationPublisher(redis, 'unit', testSettings, clock);
    await publisher.revokeSessionIssuedBefore('k1', now - 5);

    const revocation: Revocation = { kind: 'session', sessionId: 'k1', issuedBefore: now - 5, until: now + lifetime };
    expect(broadcast).toEqual([revocation]);
    expect([...written]).toEqual([[revocationKeys.of('unit', revocation), { value: revocation, ttl: lifetime }]]);
  });

  it('keeps it under a key of its own, so it cannot overwrite the revocation of the whole session', async () => {
    const { redis, written } = fakeRedis();
    const publisher = new RedisRevocationPublisher(redis, 'unit', testSettings, clock);
    await publisher.revokeSessions(['k1']);
    await publisher.revokeSessionIssuedBefore('k1', now);

    expect([...written.values()].map((w) => w.value)).toEqual([
      { kind: 'session', sessionId: 'k1', until: now + lifetime },
      { kind: 'session', sessionId: 'k1', issuedBefore: now, until: now + lifetime },
    ]);
  });
});
