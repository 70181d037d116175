import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiRecord, ApiRoute, RateLimit } from './api-record';
import { AuthType } from './dto/api.dto';

export interface ApiFields {
  name: string;
  baseUrl: string;
  authType: AuthType;
  authConfigSealed: string | null;
  authConfigPublic: Record<string, string> | null;
  timeoutMs: number | null;
  rateLimit: RateLimit | null;
  routes: ApiRoute[];
}

interface ApiRow {
  id: string;
  owner_id: string;
  name: string;
  base_url: string;
  auth_type: AuthType;
  auth_config_sealed: string | null;
  auth_config_public: Record<string, string> | null;
  timeout_ms: number | null;
  rate_limit: RateLimit | null;
  routes: ApiRoute[];
  created_at: Date;
  updated_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toRecord = (r: ApiRow): ApiRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  baseUrl: r.base_url,
  authType: r.auth_type,
  authConfigSealed: r.auth_config_sealed,
  authConfigPublic: r.auth_config_public,
  timeoutMs: r.timeout_ms,
  rateLimit: r.rate_limit,
  routes: r.routes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** gateway.upstream_apis in plain SQL. `owner` null means any owner (apis:scope-all). */
@Injectable()
export class ApiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(id: string, ownerId: string, f: ApiFields): Promise<ApiRecord> {
    const rows: ApiRow[] = await this.db.query(
      `INSERT INTO gateway.upstream_apis (id, owner_id, name, base_url, auth_type, auth_config_sealed, auth_config_public, timeout_ms, rate_limit, routes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [id, ownerId, ...this.values(f)],
    );
    return toRecord(rows[0]);
  }

  async find(id: string, owner: string | null): Promise<ApiRecord | null> {
    if (!UUID.test(id)) return null;
    const rows: ApiRow[] = await this.db.query(
      `SELECT * FROM gateway.upstream_apis WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`,
      [id, owner],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(owner: string | null, page: number, limit: number): Promise<{ items: ApiRecord[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.query<ApiRow[]>(
        `SELECT * FROM gateway.upstream_apis WHERE ($1::uuid IS NULL OR owner_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [owner, limit, (page - 1) * limit],
      ),
      this.db.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM gateway.upstream_apis WHERE ($1::uuid IS NULL OR owner_id = $1)`,
        [owner],
      ),
    ]);
    return { items: rows.map(toRecord), total: count[0].total };
  }

  async update(id: string, owner: string | null, f: ApiFields): Promise<ApiRecord | null> {
    if (!UUID.test(id)) return null;
    const rows: [ApiRow[], number] = await this.db.query(
      `UPDATE gateway.upstream_apis SET name = $3, base_url = $4, auth_type = $5, auth_config_sealed = $6, auth_config_public = $7,
         timeout_ms = $8, rate_limit = $9, routes = $10, updated_at = now()
       WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2) RETURNING *`,
      [id, owner, ...this.values(f)],
    );
    return rows[0][0] ? toRecord(rows[0][0]) : null;
  }

  async delete(id: string, owner: string | null): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM gateway.upstream_apis WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`,
      [id, owner],
    );
    return result[1] > 0;
  }

  private values(f: ApiFields): unknown[] {
    const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
    return [
      f.name,
      f.baseUrl,
      f.authType,
      f.authConfigSealed,
      json(f.authConfigPublic),
      f.timeoutMs,
      json(f.rateLimit),
      JSON.stringify(f.routes),
    ];
  }
}
