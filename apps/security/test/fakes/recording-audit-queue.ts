import { AuditEventJobData, AuditQueue } from '../../src/audit/audit-queue';

/** BullMQ's add as the pipeline relies on it: an id it still holds is ignored. Can be made to fail. */
export class RecordingAuditQueue extends AuditQueue {
  readonly jobs = new Map<string, Omit<AuditEventJobData, 'mac'>>();
  adds = 0;
  down = false;

  async add(jobId: string, data: Omit<AuditEventJobData, 'mac'>): Promise<void> {
    if (this.down) throw new Error('Connection is closed.');
    this.adds++;
    if (!this.jobs.has(jobId)) this.jobs.set(jobId, data);
  }
}
