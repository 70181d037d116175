import { loginEvent } from '../../test/fakes/audit-events';
import { RecordingAuditQueue } from '../../test/fakes/recording-audit-queue';
import { EnqueueAuditEventUseCase } from './enqueue-audit-event.use-case';

describe('EnqueueAuditEventUseCase', () => {
  let queue: RecordingAuditQueue;
  let enqueue: EnqueueAuditEventUseCase;

  beforeEach(() => {
    queue = new RecordingAuditQueue();
    enqueue = new EnqueueAuditEventUseCase(queue);
  });

  it('makes one job per event, named by the event id, however often the bus delivers it', async () => {
    const event = loginEvent();
    await enqueue.execute(event, '1700000000000-0');
    await enqueue.execute(event, '1700000000000-0');
    await enqueue.execute(JSON.parse(JSON.stringify(event)), '1700000000000-0');

    expect(queue.adds).toBe(3);
    expect([...queue.jobs.keys()]).toEqual([event.id]);
    expect(queue.jobs.get(event.id)).toEqual({ event, busMessageId: '1700000000000-0' });
  });

  it('names a job by the bus entry when the event has no usable id, so even that is deduped and kept', async () => {
    await enqueue.execute({ type: 'garbage', id: 'not:a:uuid' }, '1700000000001-3');
    await enqueue.execute({ type: 'garbage', id: 'not:a:uuid' }, '1700000000001-3');
    expect([...queue.jobs.keys()]).toEqual(['bus-1700000000001-3']);
  });

  it('keeps secrets out of the job, which Redis and the dashboard would show', async () => {
    const event = loginEvent('u', { data: { sessionId: 's', refreshToken: 'rt_secret', nested: { password: 'p' } } });
    await enqueue.execute(event, '1-0');
    expect(JSON.stringify(queue.jobs.get(event.id))).not.toMatch(/rt_secret|"p"/);
    expect((queue.jobs.get(event.id)!.event as { data: unknown }).data).toEqual({ sessionId: 's', nested: {} });
  });

  it('fails when the queue cannot take the job, so the bus keeps the message and retries', async () => {
    queue.down = true;
    await expect(enqueue.execute(loginEvent(), '1-0')).rejects.toThrow('Connection is closed.');
    expect(queue.jobs.size).toBe(0);
  });
});
