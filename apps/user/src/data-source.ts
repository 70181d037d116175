import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { UserConfig } from './config/user.config';
import { userMigrations } from './migrations';

export const USER_SCHEMA = 'users';

export function userDataSourceOptions(config: UserConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: USER_SCHEMA,
    entities: [],
    migrations: userMigrations,
    applicationName: 'user',
  });
}
