import { Revocation } from '@portcullis/contracts';
import { RevocationPublisher } from '../../src/revocation/revocation.publisher';

export class RecordingRevocationPublisher extends RevocationPublisher {
  readonly sessions: string[] = [];
  readonly sessionsIssuedBefore: Array<{ sessionId: string; issuedBefore: number }> = [];
  readonly jtis: Array<{ jti: string; expiresAt?: number }> = [];
  readonly restored: Revocation[] = [];

  async revokeSessions(sessionIds: string[]): Promise<void> {
    this.sessions.push(...sessionIds);
  }

  async revokeSessionIssuedBefore(sessionId: string, issuedBefore: number): Promise<void> {
    this.sessionsIssuedBefore.push({ sessionId, issuedBefore });
  }

  async denyJti(jti: string, expiresAt?: number): Promise<void> {
    this.jtis.push(expiresAt === undefined ? { jti } : { jti, expiresAt });
  }

  async restore(revocations: Revocation[]): Promise<void> {
    this.restored.push(...revocations);
  }
}
