import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { TokenConfig } from './config/token.config';
import { tokenMigrations } from './migrations';

export const TOKEN_SCHEMA = 'tokens';

export function tokenDataSourceOptions(config: TokenConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: TOKEN_SCHEMA,
    entities: [],
    migrations: tokenMigrations,
    applicationName: 'token',
  });
}
