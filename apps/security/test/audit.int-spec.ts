import { streamKeys } from '@portcullis/bus';
import { bareEvent, DomainEvent, ErrorCode, Events, SecurityPatterns } from '@portcullis/contracts';
import { bullConnection, bullPrefix, QueueName } from '@portcullis/queue';
import { AppHarness, waitFor } from '@portcullis/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'crypto';
import { z } from 'zod';
import { auditEvent as login, pipelineSettled } from './support/audit-pipeline';

jest.setTimeout(90_000);

describe('audit trail (real security process, PostgreSQL, Redis, BullMQ)', () => {
  // Its own database: this suite tampers with the chain, which must not break anyone else's.
  const h = new AppHarness({ scope: 'audit', timeoutMs: 30_000 });
  const { env, platform, pg, bus } = h;
  const queue = new Queue(QueueName.AuditEvents, {
    connection: bullConnection({ url: env.REDIS_URL }),
    prefix: bullPrefix(env.REDIS_PREFIX),
  });

  const publish = (event: unknown) =>
    bus.publish(bareEvent((event as DomainEvent).type ?? 'audit.junk', z.unknown()), event);
  const rowsOf = async (id: string) => (await pg.query('SELECT * FROM security.audit_log WHERE id = $1', [id])).rows;
  const waitRecorded = (ids: string[]) =>
    waitFor(
      async () =>
        (await pg.query('SELECT count(*)::int AS n FROM security.audit_log WHERE id = ANY($1)', [ids])).rows[0].n ===
        ids.length,
      {
        timeoutMs: 15_000,
        what: `${ids.length} audit records`,
      },
    );
  const list = (request: Record<string, unknown>) =>
    bus.call(SecurityPatterns.listAuditLogs, { page: 1, limit: 20, ...request });

  beforeAll(() => h.start(['security']));

  afterAll(async () => {
    await queue.close();
    await h.stop();
  });

  it('records an event with its actor, subject, origin and data, sealed onto the chain, and no secrets', async () => {
    const event = login();
    const leaky = { ...event, data: { ...event.data, password: 'hunter2', nested: { refreshToken: 'rt_leak' } } };
    await publish(leaky);
    await waitRecorded([event.id]);

    const [row] = await rowsOf(event.id);
    expect(row).toMatchObject({
      type: 'auth.login.succeeded',
      actor_id: event.actor!.id,
      subject_type: 'user',
      subject_id: event.subject.id,
      ip: '203.0.113.9',
      user_agent: 'int-test/1.0',
      request_id: event.meta!.requestId,
      data: event.data,
      occurred_at: new Date(event.occurredAt),
      prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(row)).not.toMatch(/hunter2|rt_leak/);
    expect(JSON.stringify(await queue.getJob(event.id))).not.toMatch(/hunter2|rt_leak/);
  });

  it('records an event published twice only once', async () => {
    const event = login();
    await publish(event);
    await waitRecorded([event.id]);
    await pipelineSettled(bus, queue, await publish(event));
    expect(await rowsOf(event.id)).toHaveLength(1);
    // A duplicate draws no sequence number: seq stays gap-free, one per record.
    const { rows } = await pg.query(
      'SELECT count(*)::int AS n, min(seq)::int AS first, max(seq)::int AS last FROM security.audit_log',
    );
    expect(rows[0].last - rows[0].first + 1).toBe(rows[0].n);
  });

  it('records everything published while security was down once it is back, after a clean stop', async () => {
    expect(await platform.process('security').stop('SIGTERM')).toBe(0);
    const events = Array.from({ length: 5 }, () => login());
    for (const event of events) await publish(event);
    await platform.startOne('security');
    await waitRecorded(events.map((e) => e.id));
  });

  it('records a burst in shared transactions, each event once, gap-free and on an intact chain', async () => {
    const events = Array.from({ length: 150 }, () => login());
    await Promise.all([...events, events[0], events[75]].map((e) => publish(e)));
    await waitRecorded(events.map((e) => e.id));
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n, count(DISTINCT recorded_at)::int AS transactions,
              max(seq)::int - min(seq)::int + 1 AS span
       FROM security.audit_log WHERE id = ANY($1)`,
      [events.map((e) => e.id)],
    );
    // recorded_at is now() of the writing transaction: fewer values than rows means shared writes.
    expect(rows[0].n).toBe(events.length);
    expect(rows[0].transactions).toBeLessThan(events.length);
    expect(rows[0].span).toBe(events.length);
    const { n } = (await pg.query('SELECT count(*)::int AS n FROM security.audit_log')).rows[0];
    expect(await bus.call(SecurityPatterns.verifyAuditChain, {})).toEqual({ intact: true, checked: n });
  });

  it('lists newest first, by actor, by type and time range, a page at a time', async () => {
    const actor = randomUUID();
    const at = (minute: number) => `2021-06-01T10:0${minute}:00.000Z`;
    const events = [
      login(actor, at(1)),
      login(actor, at(3), Events.logout.type),
      login(actor, at(2)),
      login(actor, at(5)),
      login(actor, at(4), Events.logout.type),
      login(randomUUID(), at(3)),
    ];
    for (const event of events) await publish(event);
    await waitRecorded(events.map((e) => e.id));
    const minutes = (page: { items: Array<{ occurredAt: string }> }) =>
      page.items.map((i) => Number(i.occurredAt.slice(15, 16)));

    const mine = await list({ actorId: actor });
    expect(minutes(mine)).toEqual([5, 4, 3, 2, 1]);
    expect(mine).toMatchObject({ total: 5, page: 1, limit: 20 });
    expect(mine.items[0]).toEqual({
      id: events[3].id,
      seq: expect.any(Number),
      type: 'auth.login.succeeded',
      actorId: actor,
      subject: { type: 'user', id: actor },
      ip: '203.0.113.9',
      userAgent: 'int-test/1.0',
      requestId: events[3].meta!.requestId,
      data: events[3].data,
      occurredAt: at(5),
      recordedAt: expect.any(String),
      prevHash: expect.any(String),
      hash: expect.any(String),
    });
    expect(minutes(await list({ actorId: actor, type: 'auth.logout' }))).toEqual([4, 3]);
    const range = await list({ type: 'auth.login.succeeded', from: at(2), to: at(3) });
    expect(range.items.map((i) => i.id)).toEqual([events[5].id, events[2].id]);
    const second = await list({ actorId: actor, page: 2, limit: 2 });
    expect(minutes(second)).toEqual([3, 2]);
    expect(second).toMatchObject({ total: 5, page: 2, limit: 2 });

    const everything = (await list({ limit: 100 })).items;
    const keys = everything.map((i) => `${i.occurredAt}|${String(i.seq).padStart(12, '0')}`);
    expect([...keys].sort().reverse()).toEqual(keys);
  });

  it('answers VALIDATION_FAILED for a bad page, limit or time', async () => {
    for (const bad of [{ limit: 101 }, { page: 0 }, { from: 'yesterday' }]) {
      await expect(list(bad)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    }
  });

  it('sets a malformed event aside on the dead-letter stream while later events are still recorded', async () => {
    const poison = { id: randomUUID(), type: 'auth.logout', subject: 'not-an-object', data: {} };
    const junkStreamId = await bus.publish(bareEvent('audit.junk', z.unknown()), { hello: 'no id at all' });
    const poisonStreamId = await publish(poison);
    const good = [login(), login(), login()];
    for (const event of good) await publish(event);
    await waitRecorded(good.map((e) => e.id));

    const deadLetters = streamKeys.deadLetter(env.REDIS_PREFIX, 'security');
    const dead = await waitFor(
      async () => {
        const entries = await bus.redis.xrange(deadLetters, '-', '+');
        const sources = entries.map(([, fields]) => fields[fields.indexOf('sourceId') + 1]);
        return [junkStreamId, poisonStreamId].every((id) => sources.includes(id)) && entries;
      },
      { what: 'both malformed events on the dead-letter stream' },
    );
    const reasons = dead.map(([, fields]) => fields[fields.indexOf('reason') + 1]);
    expect(reasons.join('\n')).toMatch(/subject/);
    expect(await rowsOf(poison.id)).toEqual([]);
    expect(await queue.getJob(poison.id)).toBeUndefined();
  });

  it('never writes a job the security app did not enqueue itself (the queue dashboard, Redis): it fails, unsigned', async () => {
    const forged = { ...login(), occurredAt: '2001-01-01T00:00:00.000Z', actor: { type: 'user', id: randomUUID() } };
    await queue.add('record-event', { event: forged, busMessageId: '1-0' }, { jobId: forged.id });
    await queue.add(
      'record-event',
      { event: forged, busMessageId: '1-0', mac: 'f'.repeat(64) },
      { jobId: `${forged.id}-mac` },
    );
    for (const jobId of [forged.id, `${forged.id}-mac`]) {
      const job = await waitFor(async () => (await queue.getJob(jobId))?.failedReason && queue.getJob(jobId), {
        what: `job ${jobId} to fail`,
      });
      expect(job.failedReason).toMatch(/MAC/);
    }
    const genuine = login();
    await publish(genuine);
    await waitRecorded([genuine.id]);
    expect(await rowsOf(forged.id)).toEqual([]);
  });

  it("lists when each record was written by the server's clock, so a backdated occurredAt shows", async () => {
    const backdated = { ...login(), occurredAt: '2001-01-01T00:00:00.000Z' };
    const before = Date.now();
    await publish(backdated);
    await waitRecorded([backdated.id]);
    const [listed] = (await list({ actorId: backdated.actor!.id })).items;
    expect(listed).toMatchObject({ id: backdated.id, occurredAt: '2001-01-01T00:00:00.000Z' });
    expect(Date.parse(listed.recordedAt!)).toBeGreaterThanOrEqual(before - 5_000);
  });

  it('refuses UPDATE and DELETE on the table', async () => {
    await expect(pg.query(`UPDATE security.audit_log SET type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(pg.query('DELETE FROM security.audit_log')).rejects.toThrow(/append-only/);
    await expect(pg.query('TRUNCATE security.audit_log')).rejects.toThrow(/append-only/);
  });

  it('verifies the chain, names a record edited behind the trigger’s back, and is intact again once it is restored', async () => {
    const { n } = (await pg.query('SELECT count(*)::int AS n FROM security.audit_log')).rows[0];
    expect(await bus.call(SecurityPatterns.verifyAuditChain, {})).toEqual({ intact: true, checked: n });

    const { seq, data } = (
      await pg.query('SELECT seq::int AS seq, data FROM security.audit_log ORDER BY seq OFFSET 3 LIMIT 1')
    ).rows[0];
    const asSuperuser = async (sql: string, params: unknown[]) => {
      await pg.query('ALTER TABLE security.audit_log DISABLE TRIGGER audit_log_append_only');
      try {
        await pg.query(sql, params);
      } finally {
        await pg.query('ALTER TABLE security.audit_log ENABLE TRIGGER audit_log_append_only');
      }
    };
    await asSuperuser('UPDATE security.audit_log SET data = $2 WHERE seq = $1', [
      seq,
      { ...data, deviceName: 'forged' },
    ]);
    expect(await bus.call(SecurityPatterns.verifyAuditChain, {})).toEqual({
      intact: false,
      checked: 4,
      firstBrokenSeq: seq,
    });

    await asSuperuser('UPDATE security.audit_log SET data = $2 WHERE seq = $1', [seq, data]);
    expect(await bus.call(SecurityPatterns.verifyAuditChain, {})).toMatchObject({ intact: true });
  });
});
