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
});
