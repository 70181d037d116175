import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Revocation } from '@portcullis/contracts';
import { DataSource } from 'typeorm';
import { apiKeySessionRevocation } from './api-key-session-revocation';
import { RevocationRepository } from './revocation.repository';

/** Rounded up: an `until` may end a moment late, never early. */
const epoch = (date: Date): number => Math.ceil(date.getTime() / 1000);

interface ApiKeyEndRow {
  id: string;
  revoked_at: Date | null;
  rolled_at: Date | null;
}

/**
 * Plain SQL: single statements, each answered by index range scans (see the migrations' indexes;
 * the API keys' OR by their two partial ones). The API keys are one statement, not one per kind,
 * so a key revoked while the list is read is listed one way or the other, never neither.
 */
@Injectable()
export class PgRevocationRepository extends RevocationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async denyJti(jti: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO tokens.revoked_access_tokens (jti, expires_at) VALUES ($1, $2)
       ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_access_tokens.expires_at, EXCLUDED.expires_at)`,
      [jti, until],
    );
  }

  async listActive(now: Date, sessionLifetimeSeconds: number): Promise<Revocation[]> {
    const since = new Date(now.getTime() - sessionLifetimeSeconds * 1000);
    const [jtis, sessions, keys] = await Promise.all([
      this.dataSource.query<Array<{ jti: string; expires_at: Date }>>(
        `SELECT jti, expires_at FROM tokens.revoked_access_tokens WHERE expires_at > $1`,
        [now],
      ),
      this.dataSource.query<Array<{ id: string; revoked_at: Date }>>(
        `SELECT id, revoked_at FROM tokens.refresh_families WHERE revoked_at > $1`,
        [since],
      ),
      this.dataSource.query<ApiKeyEndRow[]>(
        `SELECT id, revoked_at, rolled_at FROM tokens.api_keys
         WHERE revoked_at > $1 OR (revoked_at IS NULL AND rolled_at > $1)`,
        [since],
      ),
    ]);
    return [
      ...jtis.map((row): Revocation => ({ kind: 'jti', jti: row.jti, until: epoch(row.expires_at) })),
      ...sessions.map((row): Revocation => ({
        kind: 'session',
        sessionId: row.id,
        until: epoch(row.revoked_at) + sessionLifetimeSeconds,
      })),
      ...keys.map((row) =>
        apiKeySessionRevocation(
          { id: row.id, revokedAt: row.revoked_at, rolledAt: row.rolled_at },
          sessionLifetimeSeconds,
        ),
      ),
    ];
  }

  async pruneExpired(now: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM tokens.revoked_access_tokens WHERE expires_at <= $1`,
      [now],
    );
    return deleted;
  }
}
