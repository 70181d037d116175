import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Revocation } from '@portcullis/contracts';
import { DataSource } from 'typeorm';
import { RevocationRepository } from './revocation.repository';

const epoch = (date: Date): number => Math.ceil(date.getTime() / 1000);

/** Plain SQL: three single statements, each an index range scan (see the migration's indexes). */
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
    const [jtis, sessions] = await Promise.all([
      this.dataSource.query<Array<{ jti: string; expires_at: Date }>>(
        `SELECT jti, expires_at FROM tokens.revoked_access_tokens WHERE expires_at > $1`,
        [now],
      ),
      this.dataSource.query<Array<{ id: string; revoked_at: Date }>>(
        `SELECT id, revoked_at FROM tokens.refresh_families WHERE revoked_at > $1`,
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
