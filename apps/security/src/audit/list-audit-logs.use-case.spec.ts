import { ErrorCode } from '@portcullis/contracts';
import { InMemoryAuditLogRepository } from '../../test/fakes/in-memory-audit-log.repository';
import { loginEvent } from '../../test/fakes/audit-events';
import { MAX_WINDOW } from './audit-query';
import { ListAuditLogsUseCase } from './list-audit-logs.use-case';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

describe('ListAuditLogsUseCase', () => {
  const log = new InMemoryAuditLogRepository();
  const list = new ListAuditLogsUseCase(log);
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

  beforeAll(async () => {
    const record = new RecordAuditEventUseCase(log);
    // Recorded out of time order on purpose: the list follows occurredAt, not arrival.
    for (const [minute, actor, type] of [
      [3, 'ann', 'auth.logout'],
      [1, 'ann', 'auth.login.succeeded'],
      [2, 'bob', 'auth.login.succeeded'],
      [5, 'ann', 'auth.login.succeeded'],
      [4, 'bob', 'auth.logout'],
    ] as const) {
      await record.execute(loginEvent(actor, { type, occurredAt: at(minute) }));
    }
  });

  const minutes = (page: { items: Array<{ occurredAt: string }> }) =>
    page.items.map((i) => new Date(i.occurredAt).getUTCMinutes());

  it('lists newest first, with the total', async () => {
    const page = await list.execute({ page: 1, limit: 10 });
    expect(minutes(page)).toEqual([5, 4, 3, 2, 1]);
    expect(page).toMatchObject({ total: 5, page: 1, limit: 10 });
  });

  it('filters by actor, by type and by an inclusive time range', async () => {
    expect(minutes(await list.execute({ page: 1, limit: 10, actorId: 'ann' }))).toEqual([5, 3, 1]);
    expect(minutes(await list.execute({ page: 1, limit: 10, type: 'auth.logout' }))).toEqual([4, 3]);
    expect(
      minutes(await list.execute({ page: 1, limit: 10, type: 'auth.login.succeeded', from: at(2), to: at(5) })),
    ).toEqual([5, 2]);
  });

  it('pages, keeping the total of the whole match', async () => {
    const second = await list.execute({ page: 2, limit: 2 });
    expect(minutes(second)).toEqual([3, 2]);
    expect(second.total).toBe(5);
    expect(await list.execute({ page: 4, limit: 2 })).toMatchObject({ items: [], total: 5 });
  });

  it('takes numbers sent as query-string text', async () => {
    expect(minutes(await list.execute({ page: '1', limit: '2' } as never))).toEqual([5, 4]);
  });

  it.each([
    [{ page: 0, limit: 10 }, 'page'],
    [{ page: 1, limit: 101 }, 'limit'],
    [{ page: 1.5, limit: 10 }, 'page'],
    [{ page: 1, limit: 10, from: 'last tuesday' }, 'from'],
    [{ page: 1, limit: 10, from: at(5), to: at(1) }, 'from'],
    [{ page: 1, limit: 10, actorId: 42 }, 'actorId'],
    [{ page: MAX_WINDOW / 100 + 1, limit: 100 }, 'page'],
  ])('answers VALIDATION_FAILED for %j', async (request, field) => {
    const error = await list.execute(request as never).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { errors: [expect.objectContaining({ field })] },
    });
  });
});
