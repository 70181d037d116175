import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InMemoryAuditLogRepository } from '../../test/fakes/in-memory-audit-log.repository';
import { loginEvent } from '../../test/fakes/audit-events';
import { AuditEventJobData } from './audit-queue';
import { AuditRecordProcessor } from './audit-record.processor';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

describe('AuditRecordProcessor', () => {
  const log = new InMemoryAuditLogRepository();
  const processor = new AuditRecordProcessor(new RecordAuditEventUseCase(log));
  const job = (event: unknown) => ({ id: 'j', data: { event, busMessageId: '1-0' } }) as Job<AuditEventJobData>;

  beforeAll(() => Logger.overrideLogger(false));

  it('records the job’s event', async () => {
    await expect(processor.process(job(loginEvent()))).resolves.toBe('recorded');
    expect(log.records).toHaveLength(1);
  });

  it('fails a malformed event for good (no retries), so it cannot hold up the queue', async () => {
    await expect(processor.process(job({ id: 'nope' }))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('lets other failures through to be retried with backoff', async () => {
    jest.spyOn(log, 'append').mockRejectedValueOnce(new Error('connection terminated'));
    const error = await processor.process(job(loginEvent())).catch((e: unknown) => e);
    expect(error).toEqual(new Error('connection terminated'));
    expect(error).not.toBeInstanceOf(UnrecoverableError);
  });

  it('closes without fuss when its worker was never started', async () => {
    await expect(processor.onModuleDestroy()).resolves.toBeUndefined();
  });
});
