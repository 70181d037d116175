import { DynamicModule, Type } from '@nestjs/common';
import { busBreakerFrom, BusModule } from '@portcullis/bus';
import { APP_VERSION, BaseConfig } from '@portcullis/config';
import { ServiceName } from '@portcullis/contracts';
import { DatabaseModule } from '@portcullis/database';
import { busRpcObserver, OpsModule, PostgresIndicator, ReadinessIndicator } from '@portcullis/observability';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { BUS_DEPENDENCIES, BusDependenciesIndicator } from './health/bus-dependencies.indicator';
import { RedisIndicator } from './health/redis.indicator';
import { redisSettings } from './redis-settings';

/** How long /health/dependencies waits for each called service's ping. */
const DEPENDENCY_PING_TIMEOUT_MS = 1500;

/**
 * The modules every service starts with: the bus client, its database (if it owns a schema) and
 * the ops endpoints whose readiness covers exactly those (its own needs). The services it calls
 * over the bus (`calls`) are reported on /health/dependencies and `bus_dependency_up`, not in
 * readiness: one app's outage must not take its callers' pods out of service.
 */
export function coreImports(
  service: string,
  config: BaseConfig,
  database?: PostgresConnectionOptions,
  calls: readonly ServiceName[] = [],
): DynamicModule[] {
  const indicators: Array<Type<ReadinessIndicator>> = [RedisIndicator];
  const imports: DynamicModule[] = [
    BusModule.forRoot({
      redis: redisSettings(config),
      prefix: config.REDIS_PREFIX,
      timeoutMs: config.BUS_RPC_TIMEOUT_MS,
      breaker: busBreakerFrom(config),
      rpcMaxLen: config.BUS_RPC_MAXLEN,
      eventsMaxLen: config.BUS_EVENTS_MAXLEN,
      observer: busRpcObserver,
    }),
  ];
  if (database) {
    imports.push(DatabaseModule.forRoot(database));
    indicators.push(PostgresIndicator);
  }
  imports.push(
    OpsModule.forRoot({
      service,
      version: APP_VERSION,
      indicators,
      dependencies: [BusDependenciesIndicator],
      providers: [{ provide: BUS_DEPENDENCIES, useValue: { services: calls, timeoutMs: DEPENDENCY_PING_TIMEOUT_MS } }],
    }),
  );
  return imports;
}
