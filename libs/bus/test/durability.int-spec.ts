import { streamKeys } from '@portcullis/bus';
import { waitFor } from '@portcullis/testing';
import { busScenario } from './fixtures/bus-scenario';
import { Counter } from './fixtures/counter-contract';

jest.setTimeout(60_000);

const happened = Counter.happened;
const record = Counter.record;

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  items.forEach((item) => counts.set(key(item), (counts.get(key(item)) ?? 0) + 1));
  return counts;
}

describe('bus durability', () => {
  it('delivers events emitted while the consumer was down, once each, when it returns', async () => {
    const s = await busScenario('consumer-down');
    try {
      const first = await s.start('a');
      expect(await first.stop('SIGTERM')).toBe(0); // the group exists; nobody is consuming now

      const keys = Array.from({ length: 200 }, (_, i) => `evt-${i}`);
      for (const key of keys) await s.bus.publish(happened, { key });
      expect(await s.fixture.rows('event')).toHaveLength(0);

      await s.start('b');
      const rows = await waitFor(
        async () => {
          const r = await s.fixture.rows('event');
          return r.length >= 200 && r;
        },
        { what: '200 events to be handled' },
      );
      expect(rows).toHaveLength(200);
      expect(new Set(rows.map((r) => r.key))).toEqual(new Set(keys));
    } finally {
      await s.close();
    }
  });

  it("hands a SIGKILLed replica's un-acked messages to the surviving replica", async () => {
    const s = await busScenario('crash');
    try {
      const victim = await s.start('victim', { CLAIM_IDLE_MS: '500' });
      const keys = Array.from({ length: 20 }, (_, i) => `held-${i}`);
      for (const key of keys) await s.bus.publish(happened, { key, stallFirstDelivery: true });
      const reply = s.bus.call(record, { key: 'held-rpc', stallFirstDelivery: true }, { timeoutMs: 30_000 });
      await waitFor(() => [...keys, 'held-rpc'].every((k) => victim.logs().includes(`STARTED ${k} delivery=1`)), {
        what: 'the victim to hold every message',
      });

      expect(await victim.stop('SIGKILL')).toBeNull();
      // Not 500 like the victim: a survivor slowed by a loaded machine would reclaim its own in-flight
      // messages after 500 ms and handle them twice (the idle claim is the backstop for a stuck replica).
      await s.start('survivor', { CLAIM_IDLE_MS: '3000' });

      // The caller is still waiting: the survivor's reply reaches it on its own reply channel.
      await expect(reply).resolves.toEqual({ key: 'held-rpc', replica: 'survivor' });
      const rows = await waitFor(
        async () => {
          const r = await s.fixture.rows('event');
          return r.length >= keys.length && r;
        },
        { what: 'the held events to be handled' },
      );
      expect(rows).toHaveLength(keys.length);
      expect(rows.every((r) => r.replica === 'survivor')).toBe(true);
      expect(new Set(rows.map((r) => r.key))).toEqual(new Set(keys));
    } finally {
      await s.close();
    }
  });

  it('finishes in-flight requests on SIGTERM and loses none of a burst spanning the shutdown', async () => {
    const s = await busScenario('graceful');
    try {
      const leaving = await s.start('leaving');
      const staying = await s.start('staying');
      const keys = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
      const replies = Promise.all(keys.map((key) => s.bus.call(record, { key, delayMs: 300 })));
      await waitFor(() => leaving.logs().includes('STARTED burst-'), { what: 'the leaving replica to take work' });

      expect(await leaving.stop('SIGTERM')).toBe(0);
      const answered = await replies;

      expect(answered.map((r) => r.key)).toEqual(keys);
      const rows = await s.fixture.rows('rpc');
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r) => r.key)).size).toBe(100);
      const byReplica = countBy(rows, (r) => r.replica);
      expect(byReplica.get('leaving')).toBeGreaterThan(0); // it finished what it had started
      expect(byReplica.get('staying')).toBeGreaterThan(0);
      expect(leaving.logs()).toContain('STOPPED');
      void staying;
    } finally {
      await s.close();
    }
  });

  it('retries a failing event with backoff, then moves it to the dead-letter stream instead of retrying forever', async () => {
    const s = await busScenario('poison');
    try {
      // The idle claim would take a minute: only the backoff (100 ms, 200 ms) can retry this soon.
      await s.start('a', { CLAIM_IDLE_MS: '60000', MAX_DELIVERIES: '3', EVENT_RETRY_BASE_MS: '100' });
      const published = Date.now();
      const id = await s.bus.publish(Counter.poison, {});
      const dead = streamKeys.deadLetter(s.env.REDIS_PREFIX, 'counter');
      const entries = await waitFor(
        async () => {
          const found = await s.proxy.redis!.xrange(dead, '-', '+');
          return found.length > 0 && found;
        },
        { what: 'the poison event in the dead-letter stream' },
      );
      expect(entries).toHaveLength(1);
      const fields = entries[0][1];
      expect(fields[fields.indexOf('sourceId') + 1]).toBe(id);
      expect(Number(fields[fields.indexOf('deliveries') + 1])).toBe(3);
      expect(Date.now() - published).toBeLessThan(10_000);
      const pending = (await s.proxy.redis!.xpending(streamKeys.events(s.env.REDIS_PREFIX), 'counter')) as [number];
      expect(pending[0]).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('routes events to wildcard handlers (`tally.*`) and acks events nobody handles', async () => {
    const s = await busScenario('wildcard');
    try {
      await s.start('a');
      await s.bus.publish(Counter.tally('tally.one'), { key: 'w1' });
      await s.bus.publish(Counter.tally('tally.deep.two'), { key: 'w2' });
      await s.bus.publish(Counter.tally('unrelated.thing'), { key: 'w3' });
      await waitFor(
        async () =>
          (await s.fixture.rows('wildcard:tally.one')).length === 1 &&
          (await s.fixture.rows('wildcard:tally.deep.two')).length === 1,
        {
          what: 'wildcard deliveries',
        },
      );
      await waitFor(
        async () =>
          ((await s.proxy.redis!.xpending(streamKeys.events(s.env.REDIS_PREFIX), 'counter')) as [number])[0] === 0,
        {
          what: 'every event acked',
        },
      );
    } finally {
      await s.close();
    }
  });
});
