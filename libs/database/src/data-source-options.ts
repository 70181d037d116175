import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

export interface AppDataSourceInput {
  url: string;
  /** The PostgreSQL schema this app owns; no other app reads it. */
  schema: string;
  entities: PostgresConnectionOptions['entities'];
  migrations: PostgresConnectionOptions['migrations'];
  applicationName: string;
  poolSize?: number;
}

/**
 * TypeORM options for one app: its own schema (migration history included), snake_case columns,
 * migrations listed as classes rather than globs so the same list works from src and dist.
 * `synchronize` stays off: the schema changes only through migrations.
 */
export function appDataSourceOptions(input: AppDataSourceInput): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: input.url,
    schema: input.schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    applicationName: input.applicationName,
    extra: { max: input.poolSize ?? 10 },
  };
}
