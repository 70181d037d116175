import { runWithRequestContext } from '@portcullis/common';
import { DomainEvent } from '@portcullis/contracts';
import { EntityManager, QueryRunner } from 'typeorm';
import { OutboxWriter } from './outbox-writer';

const event: DomainEvent = {
  id: '3f2b6c1e-9a4d-4c1b-8f3e-2a1b0c9d8e7f',
  type: 'auth.refresh.reused',
  occurredAt: '2026-01-01T00:00:00.000Z',
  subject: { type: 'user', id: 'u1' },
  data: { sessionId: 's1' },
};

/** Just enough of a transaction's EntityManager: records SQL, and reports whether it is in a transaction. */
function fakeManager(inTransaction: boolean) {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const queryRunner = { isTransactionActive: inTransaction } as QueryRunner;
  const manager = {
    queryRunner,
    query: async (sql: string, params: unknown[]) => queries.push({ sql, params }),
  } as unknown as EntityManager;
  return { manager, queryRunner, queries };
}

describe('OutboxWriter', () => {
  const dataSource = { subscribers: [] as unknown[] };
  const writer = new OutboxWriter({ schema: 'tokens' }, dataSource as never);
  let kicks = 0;
  writer.onCommitted(() => kicks++);
  beforeEach(() => (kicks = 0));

  it('registers itself for commit notifications', () => {
    expect(dataSource.subscribers).toContain(writer);
  });

  it("inserts the event into its schema's outbox through the caller's transaction", async () => {
    const { manager, queries } = fakeManager(true);
    await writer.add(manager, 'auth.refresh.reused', event);
    expect(queries).toEqual([
      {
        sql: expect.stringContaining('INSERT INTO "tokens".outbox'),
        params: [event.id, 'auth.refresh.reused', JSON.stringify(event), null, null],
      },
    ]);
  });

  it('stores the trace context and request id of the request that wrote the row, for the relay to publish in', async () => {
    const { manager, queries } = fakeManager(true);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await runWithRequestContext({ requestId: 'req-9', traceparent }, () =>
      writer.add(manager, 'auth.refresh.reused', event),
    );
    expect(queries[0].params.slice(3)).toEqual([traceparent, 'req-9']);
  });

  it('kicks the relay only after the outermost commit, never for a rollback', async () => {
    const tx = fakeManager(true);
    await writer.add(tx.manager, 'auth.refresh.reused', event);
    expect(kicks).toBe(0);
    writer.afterTransactionCommit({ queryRunner: tx.queryRunner } as never); // a savepoint released: still active
    expect(kicks).toBe(0);
    (tx.queryRunner as { isTransactionActive: boolean }).isTransactionActive = false;
    writer.afterTransactionCommit({ queryRunner: tx.queryRunner } as never);
    expect(kicks).toBe(1);

    const rolledBack = fakeManager(true);
    await writer.add(rolledBack.manager, 'auth.refresh.reused', event);
    (rolledBack.queryRunner as { isTransactionActive: boolean }).isTransactionActive = false;
    writer.afterTransactionRollback({ queryRunner: rolledBack.queryRunner } as never);
    writer.afterTransactionCommit({ queryRunner: rolledBack.queryRunner } as never);
    expect(kicks).toBe(1);
  });

  it('kicks at once when written outside a transaction (the insert has already committed)', async () => {
    await writer.add(fakeManager(false).manager, 'auth.refresh.reused', event);
    expect(kicks).toBe(1);
  });
});
