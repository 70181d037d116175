import { constantTimeEqual } from '@portcullis/security';
import { createHmac } from 'crypto';
import { AuditEventJobData } from './audit-queue';
import { canonicalJson } from './canonical-json';

/**
 * Proof that an audit job was put on the queue by this app's own bus consumer, not by anyone else
 * who can reach Redis or the queue dashboard: an HMAC-SHA256, under a server-side key, over the job
 * id and its data (canonical JSON, so the round trip through Redis cannot change it). The writer
 * appends only jobs whose MAC checks out; anything else could carry any actor and any date into
 * the hash chain, which would then faithfully seal a forgery.
 */
export class AuditJobSignature {
  constructor(private readonly key: string) {}

  sign(jobId: string, data: Omit<AuditEventJobData, 'mac'>): string {
    return createHmac('sha256', this.key)
      .update(canonicalJson({ jobId, event: data.event, busMessageId: data.busMessageId }))
      .digest('hex');
  }

  verify(jobId: string | undefined, data: Partial<AuditEventJobData> | undefined): boolean {
    if (typeof jobId !== 'string' || !data || typeof data.mac !== 'string') return false;
    return constantTimeEqual(
      data.mac,
      this.sign(jobId, { event: data.event, busMessageId: data.busMessageId as string }),
    );
  }
}
