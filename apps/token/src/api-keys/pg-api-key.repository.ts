import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiKeyQuotaRefill, DomainEvent } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { DataSource } from 'typeorm';
import { ApiKeyEnvironment } from './api-key-format';
import { ApiKeyRecord, ApiKeyRepository, ApiKeyUse } from './api-key.repository';

interface ApiKeyRow {
  id: string;
  owner_user_id: string;
  name: string;
  environment: ApiKeyEnvironment;
  lookup_id: string;
  hash: string;
  previous_hash: string | null;
  previous_expires_at: Date | null;
  scopes: string[];
  expires_at: Date | null;
  rate_limit_limit: number | null;
  rate_limit_window_seconds: number | null;
  quota_limit: number | null;
  quota_refill: ApiKeyQuotaRefill | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  /** Read only by the durable revocations (PgRevocationRepository). */
  rolled_at: Date | null;
}

const TABLE = 'tokens.api_keys';
/** At most this many uses per UPDATE, to stay far below PostgreSQL's 65,535 bind parameters. */
const TOUCH_CHUNK = 1000;

/**
 * Plain SQL over `tokens.api_keys`. A failed query is rethrown without its bind parameters: a
 * driver error carries them, and they hold key hashes, which must never reach a log.
 */
@Injectable()
export class PgApiKeyRepository extends ApiKeyRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  insert(r: ApiKeyRecord, announce: DomainEvent): Promise<void> {
    return scrubbed('insert', () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO ${TABLE} (id, owner_user_id, name, environment, lookup_id, hash, scopes, expires_at,
             rate_limit_limit, rate_limit_window_seconds, quota_limit, quota_refill, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            r.id,
            r.ownerUserId,
            r.name,
            r.environment,
            r.lookupId,
            r.hash,
            r.scopes,
            r.expiresAt,
            r.rateLimit?.limit ?? null,
            r.rateLimit?.windowSeconds ?? null,
            r.quota?.limit ?? null,
            r.quota?.refill ?? null,
            r.createdAt,
          ],
        );
        await this.outbox.add(manager, announce.type, announce);
      }),
    );
  }

  findById(id: string): Promise<ApiKeyRecord | null> {
    return this.one('findById', `SELECT * FROM ${TABLE} WHERE id = $1`, [id]);
  }

  findByLookupId(lookupId: string): Promise<ApiKeyRecord | null> {
    return this.one('findByLookupId', `SELECT * FROM ${TABLE} WHERE lookup_id = $1`, [lookupId]);
  }

  async listByOwner(ownerUserId: string): Promise<ApiKeyRecord[]> {
    const rows = await scrubbed('listByOwner', () =>
      this.dataSource.query<ApiKeyRow[]>(
        `SELECT * FROM ${TABLE} WHERE owner_user_id = $1 ORDER BY created_at DESC, id`,
        [ownerUserId],
      ),
    );
    return rows.map(toRecord);
  }

  revoke(id: string, at: Date, announce: DomainEvent): Promise<boolean> {
    return scrubbed('revoke', () =>
      this.dataSource.transaction(async (manager) => {
        const rows = returned<{ id: string }>(
          await manager.query(`UPDATE ${TABLE} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [
            id,
            at,
          ]),
        );
        if (rows.length === 0) return false;
        await this.outbox.add(manager, announce.type, announce);
        return true;
      }),
    );
  }

  /** One statement: concurrent rolls serialize on the row, each demoting the secret it found. */
  roll(
    id: string,
    hash: string,
    previousExpiresAt: Date,
    rolledAt: Date,
    announce: DomainEvent,
  ): Promise<ApiKeyRecord | null> {
    return scrubbed('roll', () =>
      this.dataSource.transaction(async (manager) => {
        const rows = returned<ApiKeyRow>(
          await manager.query(
            `UPDATE ${TABLE} SET previous_hash = hash, previous_expires_at = $3, hash = $2,
                 rolled_at = GREATEST($4, rolled_at + interval '1 second')
             WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
            [id, hash, previousExpiresAt, rolledAt],
          ),
        );
        if (rows.length === 0) return null;
        await this.outbox.add(manager, announce.type, announce);
        return toRecord(rows[0]);
      }),
    );
  }

  async touch(uses: readonly ApiKeyUse[]): Promise<void> {
    for (let start = 0; start < uses.length; start += TOUCH_CHUNK) {
      const chunk = uses.slice(start, start + TOUCH_CHUNK);
      const values = chunk.map((_, i) => `($${2 * i + 1}::uuid, $${2 * i + 2}::timestamptz)`).join(', ');
      await scrubbed('touch', () =>
        this.dataSource.query(
          `UPDATE ${TABLE} AS k SET last_used_at = GREATEST(k.last_used_at, v.at)
           FROM (VALUES ${values}) AS v(id, at) WHERE k.id = v.id`,
          chunk.flatMap((use) => [use.id, use.at]),
        ),
      );
    }
  }

  private async one(operation: string, sql: string, parameters: unknown[]): Promise<ApiKeyRecord | null> {
    const rows = await scrubbed(operation, () => this.dataSource.query<ApiKeyRow[]>(sql, parameters));
    return rows[0] ? toRecord(rows[0]) : null;
  }
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with `[rows, rowCount]`, a SELECT with `rows`. */
function returned<T>(result: unknown): T[] {
  const value = result as unknown[];
  return Array.isArray(value[0]) ? (value[0] as T[]) : (value as T[]);
}

async function scrubbed<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    // No `cause` on purpose: the cause is the driver error, and its bind parameters are what must not be logged.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(
      `api_keys ${operation} failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}: ${(err as Error).message}`,
    );
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    name: row.name,
    environment: row.environment,
    lookupId: row.lookup_id,
    hash: row.hash,
    previousHash: row.previous_hash,
    previousExpiresAt: row.previous_expires_at,
    scopes: row.scopes,
    expiresAt: row.expires_at,
    rateLimit:
      row.rate_limit_limit !== null && row.rate_limit_window_seconds !== null
        ? { limit: row.rate_limit_limit, windowSeconds: row.rate_limit_window_seconds }
        : null,
    quota:
      row.quota_limit !== null && row.quota_refill !== null
        ? { limit: row.quota_limit, refill: row.quota_refill }
        : null,
    createdAt: row.created_at,
    rolledAt: row.rolled_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
