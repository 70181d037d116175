import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { TokenConfig } from './config/token.config';
import { tokenMigrations } from './migrations';
import { RefreshFamilyEntity } from './sessions/refresh-family.entity';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SigningKeyEntity } from './signing-keys/signing-key.entity';

export const TOKEN_SCHEMA = 'tokens';
export const tokenEntities = [SigningKeyEntity, RefreshFamilyEntity, RefreshTokenEntity];

export function tokenDataSourceOptions(config: Pick<TokenConfig, 'DATABASE_URL'>): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: TOKEN_SCHEMA,
    entities: tokenEntities,
    migrations: tokenMigrations,
    applicationName: 'token',
  });
}
