import { Revocation } from '@portcullis/contracts';
import { RevocationRepository } from '../../src/revocation/revocation.repository';
import { InMemorySessionRepository } from './in-memory-session.repository';

const epoch = (date: Date): number => Math.ceil(date.getTime() / 1000);

/** The PostgreSQL repository in memory: denied tokens of its own, revoked sessions from the session fake. */
export class InMemoryRevocationRepository extends RevocationRepository {
  readonly jtis = new Map<string, Date>();

  constructor(private readonly sessions: InMemorySessionRepository) {
    super();
  }

  async denyJti(jti: string, until: Date): Promise<void> {
    const known = this.jtis.get(jti);
    this.jtis.set(jti, known && known > until ? known : until);
  }

  async listActive(now: Date, sessionLifetimeSeconds: number): Promise<Revocation[]> {
    const since = now.getTime() - sessionLifetimeSeconds * 1000;
    const jtis = [...this.jtis]
      .filter(([, until]) => until > now)
      .map(([jti, until]): Revocation => ({ kind: 'jti', jti, until: epoch(until) }));
    const sessions = [...this.sessions.families.values()]
      .filter((f) => f.revokedAt && f.revokedAt.getTime() > since)
      .map((f): Revocation => ({
        kind: 'session',
        sessionId: f.id,
        until: epoch(f.revokedAt!) + sessionLifetimeSeconds,
      }));
    return [...jtis, ...sessions];
  }

  async pruneExpired(now: Date): Promise<number> {
    const expired = [...this.jtis].filter(([, until]) => until <= now).map(([jti]) => jti);
    expired.forEach((jti) => this.jtis.delete(jti));
    return expired.length;
  }
}
