import { Revocation } from '@portcullis/contracts';
import { RevocationPublisher } from '../../src/revocation/revocation.publisher';

export class RecordingRevocationPublisher extends RevocationPublisher {
  readonly sessions: string[] = [];
  readonly jtis: Array<{ jti: string; expiresAt?: number }> = [];
  readonly restored: Revocation[] = [];

  async revokeSessions(sessionIds: string[]): Promise<void> {
    this.sessions.push(...sessionIds);
  }

  async denyJti(jti: string, expiresAt?: number): Promise<void> {
    this.jtis.push(expiresAt === undefined ? { jti } : { jti, expiresAt });
  }

  async restore(revocations: Revocation[]): Promise<void> {
    this.restored.push(...revocations);
  }
}
