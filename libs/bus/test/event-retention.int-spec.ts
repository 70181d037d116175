import { streamKeys } from '@portcullis/bus';
import { OwnRedis, waitFor } from '@portcullis/testing';
import Redis from 'ioredis';
import { busScenario } from './fixtures/bus-scenario';
import { Counter } from './fixtures/counter-contract';

jest.setTimeout(60_000);

const happened = Counter.happened;
/** `counter` consumes events and is running; `latecomer` consumes them too but is not started yet. */
const CONSUMERS = { EVENT_CONSUMERS: 'counter,latecomer', TRIM_INTERVAL_MS: '100' };
const LATECOMER = { ...CONSUMERS, SERVICE: 'latecomer' };

async function groupNames(redis: Redis, stream: string): Promise<string[]> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  return groups.map((g) => String(g[g.indexOf('name') + 1]));
}

/** Holds for `ms` (many trim intervals), failing as soon as the stream is shorter than `length`. */
async function staysAtLeast(read: () => Promise<number>, length: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(await read()).toBeGreaterThanOrEqual(length);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('event retention for consumers that are not there (yet)', () => {
  it('creates every expected group at start, and never trims what a missing group would need', async () => {
    const s = await busScenario('retention-missing');
    const stream = streamKeys.events(s.env.REDIS_PREFIX);
    try {
      await s.start('a', CONSUMERS);
      expect((await groupNames(s.redis, stream)).sort()).toEqual(['counter', 'latecomer']);
      // As after a Redis restart that the running consumer survived and the absent one has not noticed.
      await s.redis.xgroup('DESTROY', stream, 'latecomer');

      const keys = Array.from({ length: 10 }, (_, i) => `kept-${i}`);
      for (const key of keys) await s.bus.publish(happened, { key });
      await waitFor(async () => new Set((await s.fixture.rows('event')).map((r) => r.key)).size === 10, {
        what: 'counter to handle all 10',
      });
      await waitFor(async () => ((await s.redis.xpending(stream, 'counter')) as [number])[0] === 0, {
        what: 'counter to ack all 10',
      });
      await staysAtLeast(() => s.redis.xlen(stream), 10, 1500);

      await s.start('late', LATECOMER);
      const late = await waitFor(
        async () => {
          const rows = (await s.fixture.rows('event')).filter((r) => r.replica === 'late');
          return rows.length >= 10 && rows;
        },
        { what: 'the latecomer to handle every event' },
      );
      expect(new Set(late.map((r) => r.key))).toEqual(new Set(keys));
      // Once every expected group has read them, trimming goes on as usual.
      await waitFor(async () => (await s.redis.xlen(stream)) === 0, { what: 'the stream to be trimmed' });
    } finally {
      await s.close();
    }
  });

  it('keeps events for a consumer that was down across a Redis restart that lost every group', async () => {
    const redis = await new OwnRedis().start();
    const s = await busScenario('retention-restart', { redisUrl: redis.url });
    const stream = streamKeys.events(s.env.REDIS_PREFIX);
    try {
      await s.start('a', CONSUMERS);
      await redis.restart();

      const keys = Array.from({ length: 10 }, (_, i) => `after-restart-${i}`);
      for (const key of keys)
        await waitFor(() => s.bus.publish(happened, { key }), { what: `publishing ${key} after the restart` });
      await waitFor(async () => new Set((await s.fixture.rows('event')).map((r) => r.key)).size === 10, {
        what: 'counter to handle all 10',
      });
      await waitFor(async () => ((await s.redis.xpending(stream, 'counter')) as [number])[0] === 0, {
        what: 'counter to ack all 10',
      });
      await staysAtLeast(() => s.redis.xlen(stream), 10, 1500);

      await s.start('late', LATECOMER);
      const late = await waitFor(
        async () => {
          const rows = (await s.fixture.rows('event')).filter((r) => r.replica === 'late');
          return new Set(rows.map((r) => r.key)).size >= 10 && rows;
        },
        { what: 'the latecomer to handle all 10 events published after the restart' },
      );
      expect(new Set(late.map((r) => r.key))).toEqual(new Set(keys));
    } finally {
      await s.close();
      await redis.stop();
    }
  });
});
