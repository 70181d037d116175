import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { GatewayConfig } from './config/gateway.config';
import { gatewayMigrations } from './migrations';

export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDataSourceOptions(config: GatewayConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: GATEWAY_SCHEMA,
    entities: [],
    migrations: gatewayMigrations,
    applicationName: 'gateway',
  });
}
