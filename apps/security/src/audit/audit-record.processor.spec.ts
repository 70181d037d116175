import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InMemoryAuditLogRepository } from '../../test/fakes/in-memory-audit-log.repository';
import { loginEvent } from '../../test/fakes/audit-events';
import { AuditJobSignature } from './audit-job-signature';
import { AuditEventJobData } from './audit-queue';
import { AuditRecordProcessor } from './audit-record.processor';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

describe('AuditRecordProcessor', () => {
  const log = new InMemoryAuditLogRepository();
  const signature = new AuditJobSignature('unit-test-audit-signing-key');
  const processor = new AuditRecordProcessor(new RecordAuditEventUseCase(log), signature);
  const job = (event: unknown, id = 'j') =>
    ({
      id,
      data: { event, busMessageId: '1-0', mac: signature.sign(id, { event, busMessageId: '1-0' }) },
    }) as Job<AuditEventJobData>;

  beforeAll(() => Logger.overrideLogger(false));

  it('records the job’s event', async () => {
    await expect(processor.process(job(loginEvent()))).resolves.toBe('recorded');
    expect(log.records).toHaveLength(1);
  });

  it('fails a malformed event for good (no retries), so it cannot hold up the queue', async () => {
    await expect(processor.process(job({ id: 'nope' }))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('lets other failures through to be retried with backoff', async () => {
    jest.spyOn(log, 'appendAll').mockRejectedValueOnce(new Error('connection terminated'));
    const error = await processor.process(job(loginEvent())).catch((e: unknown) => e);
    expect(error).toEqual(new Error('connection terminated'));
    expect(error).not.toBeInstanceOf(UnrecoverableError);
  });

  it('refuses, for good and without writing, a job it did not sign: unsigned, signed with another key, or altered', async () => {
    const before = log.records.length;
    const event = loginEvent();
    const forgedBy = new AuditJobSignature('someone-elses-signing-key');
    const altered = job(loginEvent());
    (altered.data.event as { occurredAt: string }).occurredAt = '2001-01-01T00:00:00.000Z';
    for (const forged of [
      { id: 'j', data: { event, busMessageId: '1-0' } },
      { id: 'j', data: { event, busMessageId: '1-0', mac: forgedBy.sign('j', { event, busMessageId: '1-0' }) } },
      { ...job(event), id: 'another-id' },
      altered,
    ] as Array<Job<AuditEventJobData>>) {
      await expect(processor.process(forged)).rejects.toBeInstanceOf(UnrecoverableError);
    }
    expect(log.records).toHaveLength(before);
  });

  it('closes without fuss when its worker was never started', async () => {
    await expect(processor.onModuleDestroy()).resolves.toBeUndefined();
  });
});
