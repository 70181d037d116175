import { streamKeys } from '@portcullis/bus';
import { waitFor } from '@portcullis/testing';
import { busScenario } from './fixtures/bus-scenario';
import { Counter } from './fixtures/counter-contract';

jest.setTimeout(60_000);

/** `stallFirstDelivery`: the replica that first gets it hangs (10 min), a redelivery finishes at once. */
const happened = Counter.happened;

type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];

describe('takeover of a dead replica’s messages', () => {
  it('takes a SIGKILLed consumer’s message over within 5 s, and leaves a slow but live consumer’s alone', async () => {
    const s = await busScenario('takeover');
    const stream = streamKeys.events(s.env.REDIS_PREFIX);
    const pendingOf = async (key: string) => {
      const rows = (await s.redis.xpending(stream, 'counter', '-', '+', 100)) as PendingRow[];
      const ids = new Map((await s.redis.xrange(stream, '-', '+')).map(([id, fields]) => [id, fields.join(' ')]));
      return rows.find(([id]) => ids.get(id)?.includes(`"${key}"`));
    };
    try {
      // One message at a time each, so each replica holds exactly the message it was given. The idle
      // backstop is 2 min away (slow machines take a while to start three replicas): only the
      // heartbeat can explain a fast takeover.
      const backstop = { CLAIM_IDLE_MS: '120000' };
      const slow = await s.start('slow', { ...backstop, CONCURRENCY: '1' });
      await s.bus.publish(happened, { key: 'held-by-slow', stallFirstDelivery: true });
      await waitFor(() => slow.logs().includes('STARTED held-by-slow delivery=1'), {
        what: 'the slow replica to hold its message',
      });
      const victim = await s.start('victim', { ...backstop, CONCURRENCY: '1' });
      await s.bus.publish(happened, { key: 'held-by-victim', stallFirstDelivery: true });
      await waitFor(() => victim.logs().includes('STARTED held-by-victim delivery=1'), {
        what: 'the victim to hold its message',
      });
      const survivor = await s.start('survivor', backstop);

      expect(await victim.stop('SIGKILL')).toBeNull();
      const killedAt = Date.now();
      const [taken] = await waitFor(
        async () => {
          const rows = await s.fixture.rows('event');
          return rows.length > 0 && rows;
        },
        { timeoutMs: 15_000, intervalMs: 20, what: 'the victim’s message to be handled elsewhere' },
      );
      const takeoverMs = Date.now() - killedAt;

      expect(taken).toEqual({ key: 'held-by-victim', replica: 'survivor' });
      expect(takeoverMs).toBeLessThanOrEqual(5_000);
      // The slow replica's message has been idle longer than the victim's, yet it stays with the slow one.
      const held = await pendingOf('held-by-slow');
      expect(held?.[1]).toMatch(/^counter-slow-/);
      expect(held?.[3]).toBe(1);
      expect(Number(held?.[2])).toBeGreaterThan(takeoverMs);
      expect(survivor.logs()).not.toContain('held-by-slow');
      expect(await s.fixture.rows('event')).toHaveLength(1);
      // Once it holds nothing, the dead consumer is forgotten, so the group does not collect the dead.
      await waitFor(
        async () => {
          const consumers = (await s.redis.xinfo('CONSUMERS', stream, 'counter')) as unknown[][];
          const names = consumers.map((c) => String(c[c.indexOf('name') + 1]));
          return (
            names.some((n) => n.startsWith('counter-survivor-')) && !names.some((n) => n.startsWith('counter-victim-'))
          );
        },
        { what: 'the dead consumer to leave the group' },
      );
    } finally {
      await s.close();
    }
  });
});
