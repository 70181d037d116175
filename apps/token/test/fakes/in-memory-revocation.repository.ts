import { Revocation } from '@portcullis/contracts';
import { apiKeySessionRevocation } from '../../src/revocation/api-key-session-revocation';
import { RevocationRepository } from '../../src/revocation/revocation.repository';
import { InMemoryApiKeyRepository } from './in-memory-api-key.repository';
import { InMemorySessionRepository } from './in-memory-session.repository';

const epoch = (date: Date): number => Math.ceil(date.getTime() / 1000);

/**
 * The PostgreSQL repository in memory: denied tokens of its own, revoked sessions from the session
 * fake, revoked and rolled API keys from the API-key fake (the tables it reads there).
 */
export class InMemoryRevocationRepository extends RevocationRepository {
  readonly jtis = new Map<string, Date>();

  constructor(
    private readonly sessions: InMemorySessionRepository,
    readonly apiKeys = new InMemoryApiKeyRepository(),
  ) {
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
    return [...jtis, ...sessions, ...this.apiKeysEnded(since, sessionLifetimeSeconds)];
  }

  /** As the SQL: revoked within the window, or else rolled within it. */
  private apiKeysEnded(since: number, sessionLifetimeSeconds: number): Revocation[] {
    return [...this.apiKeys.rows.values()]
      .map((k) => ({ id: k.id, revokedAt: k.revokedAt, rolledAt: k.rolledAt }))
      .filter((k) => (k.revokedAt ?? k.rolledAt ?? new Date(0)).getTime() > since)
      .map((k) => apiKeySessionRevocation(k, sessionLifetimeSeconds));
  }

  async pruneExpired(now: Date): Promise<number> {
    const expired = [...this.jtis].filter(([, until]) => until <= now).map(([jti]) => jti);
    expired.forEach((jti) => this.jtis.delete(jti));
    return expired.length;
  }
}
