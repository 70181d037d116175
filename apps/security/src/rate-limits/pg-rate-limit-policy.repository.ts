import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RateLimitPolicyChange,
  RateLimitPolicyDto,
  RateLimitPolicyName,
  RateLimitPolicyScope,
} from '@portcullis/contracts';
import { DataSource } from 'typeorm';
import { RateLimitPolicyRepository } from './rate-limit-policy.repository';

interface PolicyRow {
  name: RateLimitPolicyName;
  scope: RateLimitPolicyScope;
  limit: number;
  window_seconds: number;
  description: string;
  updated_at: Date;
}

@Injectable()
export class PgRateLimitPolicyRepository extends RateLimitPolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async list(): Promise<RateLimitPolicyDto[]> {
    const rows: PolicyRow[] = await this.dataSource.query(
      'SELECT name, scope, "limit", window_seconds, description, updated_at FROM security.rate_limit_policies ORDER BY name',
    );
    return rows.map((r) => ({
      name: r.name,
      scope: r.scope,
      limit: r.limit,
      windowSeconds: r.window_seconds,
      description: r.description,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async update(changes: RateLimitPolicyChange[], at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const c of changes) {
        await manager.query(
          'UPDATE security.rate_limit_policies SET "limit" = $2, window_seconds = $3, updated_at = $4 WHERE name = $1',
          [c.name, c.limit, c.windowSeconds, at],
        );
      }
    });
  }
}
