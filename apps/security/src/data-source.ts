import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { SecurityConfig } from './config/security.config';
import { securityMigrations } from './migrations';

export const SECURITY_SCHEMA = 'security';

export function securityDataSourceOptions(config: SecurityConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: SECURITY_SCHEMA,
    entities: [],
    migrations: securityMigrations,
    applicationName: 'security',
  });
}
