import { InMemoryAuditLogRepository } from '../../test/fakes/in-memory-audit-log.repository';
import { loginEvent } from '../../test/fakes/audit-events';
import { GENESIS_HASH, recordHash } from './audit-chain';
import { MalformedAuditEvent } from './audit-entry';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

describe('RecordAuditEventUseCase', () => {
  let log: InMemoryAuditLogRepository;
  let record: RecordAuditEventUseCase;

  beforeEach(() => {
    log = new InMemoryAuditLogRepository();
    record = new RecordAuditEventUseCase(log);
  });

  it('stores the event with its actor, origin and data, sealed onto the chain', async () => {
    const event = loginEvent('u-7');
    expect(await record.execute(event)).toBe('recorded');
    expect(log.records).toEqual([
      {
        seq: 1,
        id: event.id,
        type: 'auth.login.succeeded',
        actorId: 'u-7',
        subject: { type: 'user', id: 'u-7' },
        ip: '203.0.113.7',
        userAgent: 'curl/8.5',
        requestId: 'req-1',
        data: event.data,
        occurredAt: event.occurredAt,
        prevHash: GENESIS_HASH,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it('links each record to the one before, and the hashes still match after storage reorders keys', async () => {
    for (let i = 0; i < 3; i++)
      await record.execute(loginEvent(`u-${i}`, { data: { zeta: i, alpha: { y: 1, b: 2 } } }));
    const [a, b, c] = log.records;
    expect([b.prevHash, c.prevHash]).toEqual([a.hash, b.hash]);
    expect(Object.keys(a.data)).toEqual(['zeta', 'alpha']); // reordered as jsonb would
    expect(log.records.every((r) => recordHash(r) === r.hash)).toBe(true);
  });

  it('records an event delivered twice only once', async () => {
    const event = loginEvent();
    await record.execute(event);
    expect(await record.execute({ ...event, id: event.id.toUpperCase() })).toBe('duplicate');
    expect(log.records).toHaveLength(1);
  });

  it('never stores a secret, even one an event carried by mistake', async () => {
    await record.execute(loginEvent('u', { data: { sessionId: 's', password: 'hunter2', nested: { token: 't' } } }));
    expect(log.records[0].data).toEqual({ sessionId: 's', nested: {} });
  });

  it('refuses a malformed event without touching the chain', async () => {
    await expect(record.execute({ id: 'x' })).rejects.toBeInstanceOf(MalformedAuditEvent);
    expect(log.records).toEqual([]);
  });

  it('appends the events that arrive together in one write, in order, each answered for itself', async () => {
    const events = Array.from({ length: 5 }, (_, i) => loginEvent(`u-${i}`));
    const outcomes = await Promise.all([...events, events[1]].map((e) => record.execute(e)));
    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'recorded', 'recorded', 'duplicate']);
    expect(log.batches).toEqual([[...events, events[1]].map((e) => e.id)]);
    expect(log.records.map((r) => r.id)).toEqual(events.map((e) => e.id));
    expect(log.records.slice(1).every((r, i) => r.prevHash === log.records[i].hash)).toBe(true);
  });

  it("keeps a malformed event out of its neighbours' write, and fails only the write's own events", async () => {
    const good = loginEvent('u-1');
    const [bad, fine] = await Promise.allSettled([record.execute({ id: 'x' }), record.execute(good)]);
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(MalformedAuditEvent) });
    expect(fine).toEqual({ status: 'fulfilled', value: 'recorded' });
    expect(log.batches).toEqual([[good.id]]);

    const down = jest.spyOn(log, 'appendAll').mockRejectedValue(new Error('connection terminated'));
    const failed = await Promise.allSettled([loginEvent('u-2'), loginEvent('u-3')].map((e) => record.execute(e)));
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    down.mockRestore();
    expect(await record.execute(loginEvent('u-4'))).toBe('recorded');
  });

  it('fails only the event the database refuses, when the batch it was in fails for it', async () => {
    const [before, poison, after] = [loginEvent('u-1'), loginEvent('u-2'), loginEvent('u-3')];
    const appendAll = log.appendAll.bind(log);
    jest
      .spyOn(log, 'appendAll')
      .mockImplementation((entries, seal) =>
        entries.some((e) => e.id === poison.id)
          ? Promise.reject(new Error('unsupported Unicode escape sequence'))
          : appendAll(entries, seal),
      );
    const settled = await Promise.allSettled([before, poison, after].map((e) => record.execute(e)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'recorded' },
      { status: 'rejected', reason: new Error('unsupported Unicode escape sequence') },
      { status: 'fulfilled', value: 'recorded' },
    ]);
    expect(log.records.map((r) => r.id)).toEqual([before.id, after.id]);
  });
});
