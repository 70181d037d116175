import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ReadinessIndicator } from './readiness-indicator';
import { withTimeout } from './with-timeout';

@Injectable()
export class PostgresIndicator implements ReadinessIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check('postgres');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 1000);
      return session.up();
    } catch (err) {
      return session.down({ message: (err as Error).message });
    }
  }
}
