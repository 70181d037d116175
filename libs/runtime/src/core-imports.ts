import { DynamicModule, Type } from '@nestjs/common';
import { BusModule, RedisIndicator } from '@portcullis/bus';
import { APP_VERSION, BaseConfig } from '@portcullis/config';
import { DatabaseModule } from '@portcullis/database';
import { OpsModule, PostgresIndicator, ReadinessIndicator } from '@portcullis/observability';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * The modules every service starts with: the bus client, its database (if it owns a schema) and
 * the ops endpoints whose readiness covers exactly those dependencies.
 */
export function coreImports(service: string, config: BaseConfig, database?: PostgresConnectionOptions): DynamicModule[] {
  const indicators: Array<Type<ReadinessIndicator>> = [RedisIndicator];
  const imports: DynamicModule[] = [
    BusModule.forRoot({
      redisUrl: config.REDIS_URL,
      prefix: config.REDIS_PREFIX,
      timeoutMs: config.BUS_RPC_TIMEOUT_MS,
      rpcMaxLen: config.BUS_RPC_MAXLEN,
      eventsMaxLen: config.BUS_EVENTS_MAXLEN,
    }),
  ];
  if (database) {
    imports.push(DatabaseModule.forRoot(database));
    indicators.push(PostgresIndicator);
  }
  imports.push(OpsModule.forRoot({ service, version: APP_VERSION, indicators }));
  return imports;
}
