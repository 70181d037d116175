import { Logger } from '@nestjs/common';
import { DomainEvent } from '@portcullis/contracts';
import { testEnv, waitFor } from '@portcullis/testing';
import { randomBytes, randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import {
  addOutboxTraceContextMigration,
  createOutboxMigration,
  OutboxPublisher,
  OutboxRelay,
  OutboxRow,
  OutboxSettings,
  OutboxWriter,
  PgOutboxStore,
} from '../src';

jest.setTimeout(30_000);

const event = (n: number): DomainEvent => ({
  id: randomUUID(),
  type: 'auth.refresh.reused',
  occurredAt: new Date().toISOString(),
  subject: { type: 'user', id: `u${n}` },
  data: { n, text: 'nul \u0000 survives json' },
});

/** The outbox against real PostgreSQL, in a scratch schema of the run's database. */
describe('PostgreSQL outbox', () => {
  const env = testEnv('outbox-int');
  const schema = `outbox_it_${randomBytes(3).toString('hex')}`;
  const settings: OutboxSettings = { schema, pollIntervalMs: 10_000, batchSize: 2, maxBackoffMs: 100 };
  const dataSource = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
  let writer: OutboxWriter;
  let store: PgOutboxStore;

  const commit = (...events: DomainEvent[]) =>
    dataSource.transaction(async (manager) => {
      for (const e of events) await writer.add(manager, e.type, e);
    });
  const rows = () =>
    dataSource.query<Array<Record<string, unknown>>>(
      `SELECT event_id, attempts, last_error FROM "${schema}".outbox ORDER BY seq`,
    );
  const sendAll = async (batch: OutboxRow[]) => ({ sent: batch.map((r) => r.seq), failed: [] });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    const runner = dataSource.createQueryRunner();
    await new (createOutboxMigration(schema, 1))().up(runner);
    await new (addOutboxTraceContextMigration(schema, 2))().up(runner);
    await runner.release();
    writer = new OutboxWriter(settings, dataSource);
    store = new PgOutboxStore(dataSource, settings);
  });
  beforeEach(() => dataSource.query(`DELETE FROM "${schema}".outbox`));
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('keeps a row only if its transaction commits', async () => {
    await commit(event(1));
    await dataSource
      .transaction(async (manager) => {
        await writer.add(manager, 'auth.refresh.reused', event(2));
        throw new Error('business rule failed');
      })
      .catch(() => undefined);
    expect(await rows()).toHaveLength(1);
  });

  it('hands rows over oldest first, deletes the sent ones and notes why the others failed', async () => {
    const [a, b] = [event(1), event(2)];
    await commit(a, b);
    let seen: OutboxRow[] = [];
    const result = await store.withClaimedBatch(10, async (batch) => {
      seen = batch;
      return { sent: [batch[0].seq], failed: [{ seq: batch[1].seq, error: 'Redis is down' }] };
    });
    expect(result).toEqual({ claimed: 2, sent: 1 });
    expect(seen.map((r) => r.payload)).toEqual([a, b]);
    expect(await rows()).toEqual([{ event_id: b.id, attempts: 1, last_error: 'Redis is down' }]);
  });

  it('lets a second relay take other rows at once instead of waiting on the first one’s locks', async () => {
    await commit(event(1), event(2), event(3), event(4));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const claimedByFirst: string[] = [];
    const first = store.withClaimedBatch(2, async (batch) => {
      claimedByFirst.push(...batch.map((r) => r.seq));
      await held;
      return sendAll(batch);
    });
    await waitFor(() => claimedByFirst.length === 2, { what: 'the first relay to claim' });

    const claimedBySecond: string[] = [];
    await store.withClaimedBatch(
      2,
      async (batch) => (claimedBySecond.push(...batch.map((r) => r.seq)), sendAll(batch)),
    );
    expect(claimedBySecond).toHaveLength(2);
    expect(claimedBySecond.some((seq) => claimedByFirst.includes(seq))).toBe(false);
    release();
    await first;
    expect(await rows()).toEqual([]);
  });

  it('keeps the whole batch when the relay dies before committing', async () => {
    await commit(event(1), event(2));
    await expect(store.withClaimedBatch(10, async () => Promise.reject(new Error('killed')))).rejects.toThrow('killed');
    expect(await rows()).toHaveLength(2);
  });

  it('publishes right after a commit, without waiting for the 10 s poll', async () => {
    const published: unknown[] = [];
    const publisher: OutboxPublisher = { publish: async (_d, data) => (published.push(data), '1-0') };
    let batches = 0;
    const counting = {
      withClaimedBatch: (...args: Parameters<PgOutboxStore['withClaimedBatch']>) => (
        batches++,
        store.withClaimedBatch(...args)
      ),
    };
    const relay = new OutboxRelay(counting, publisher, settings, writer);
    relay.start();
    try {
      await waitFor(() => batches > 0, { what: 'the relay to start' });
      const e = event(1);
      await commit(e);
      await waitFor(() => published.length === 1, { timeoutMs: 1_000, what: 'the kicked publish' });
      expect(published).toEqual([e]);
    } finally {
      await relay.stop();
    }
  });
});
