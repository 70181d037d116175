import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestMicroservice } from '@nestjs/microservices/nest-microservice';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusExceptionFilter, RedisStreamsServer } from '@portcullis/bus';
import { createLogger, enableSpans, PinoNestLogger } from '@portcullis/common';
import { APP_VERSION, BaseConfig } from '@portcullis/config';
import { EVENT_CONSUMERS } from '@portcullis/contracts';
import { busRpcObserver, startTracing, Tracing } from '@portcullis/observability';
import { Logger } from 'pino';
import { exitOnUnhandledErrors } from './fatal-errors';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';
import { exitGracefullyOnSignal } from './graceful-shutdown';
import { redisSettings } from './redis-settings';

export interface ServiceBootstrap {
  service: string;
  config: BaseConfig & { OPS_PORT: number; OPS_HOST: string };
  /** Builds the root module once the bus server (and so this replica's identity) exists. */
  module: (instanceId: string) => DynamicModule;
  /** Runs before Nest starts (migrations, bootstrap data); a failure stops the process. */
  beforeStart?: (logger: Logger) => Promise<void>;
}

export interface RunningService {
  app: NestFastifyApplication;
  server: RedisStreamsServer;
  logger: Logger;
}

/**
 * Starts one bus-connected app as a hybrid Nest app: the Redis Streams consumer for its patterns and
 * a small ops HTTP port (/health, /health/ready, /metrics). Shared by all six services.
 */
export async function bootstrapService(spec: ServiceBootstrap): Promise<RunningService> {
  const { config, service } = spec;
  const logger = createLogger({ service, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const tracing = startTracingFor(service, config);
  await spec.beforeStart?.(logger);
  const server = new RedisStreamsServer({
    service,
    redis: redisSettings(config),
    prefix: config.REDIS_PREFIX,
    concurrency: config.BUS_CONCURRENCY,
    claimIdleMs: config.BUS_CLAIM_IDLE_MS,
    heartbeatIntervalMs: config.BUS_HEARTBEAT_INTERVAL_MS,
    heartbeatTtlMs: config.BUS_HEARTBEAT_TTL_MS,
    deadConsumerCheckMs: config.BUS_DEAD_CONSUMER_CHECK_MS,
    eventConsumers: EVENT_CONSUMERS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    observer: busRpcObserver,
  });
  const app = await NestFactory.create<NestFastifyApplication>(spec.module(server.consumerName), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger),
  });
  // Deferred, so the filter is in place before handlers are bound; otherwise Nest ignores it and
  // every AppError would cross the bus as INTERNAL_ERROR.
  const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true });
  microservice.useGlobalFilters(new BusExceptionFilter());
  // Lifecycle hooks once, for the whole app, before the bus consumes anything. A deferred
  // microservice would otherwise run every onModuleInit/onApplicationBootstrap a second time when
  // it starts (one shared container), e.g. starting a second BullMQ worker.
  await app.init();
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  await app.startAllMicroservices();
  await app.listen(config.OPS_PORT, config.OPS_HOST);
  exitGracefullyOnSignal(app, [server], logger, config.SHUTDOWN_TIMEOUT_MS, [{ close: () => tracing.shutdown() }]);
  logger.info({ opsPort: config.OPS_PORT, consumer: server.consumerName }, `${service} ready`);
  return { app, server, logger };
}

/** OpenTelemetry from the OTEL_* variables (off unless OTEL_TRACES_EXPORTER says otherwise). */
export function startTracingFor(service: string, config: BaseConfig): Tracing {
  const tracing = startTracing({
    service,
    version: APP_VERSION,
    exporter: config.OTEL_TRACES_EXPORTER,
    filePath: config.OTEL_TRACES_FILE,
  });
  // The span helpers live in libs/common (the bus and outbox use them); they stay inert until given a tracer.
  if (tracing.tracer) enableSpans(tracing.tracer);
  return tracing;
}

/** Entry-point wrapper: a failed start prints one clear line and exits non-zero. */
export function runMain(start: () => Promise<unknown>): void {
  exitOnUnhandledErrors();
  // Before anything binds: Fastify binds one function per request body (see the module).
  installLeanAsyncResourceBind();
  start().catch((err: Error) => {
    process.stderr.write(`${err.name === 'ConfigError' ? err.message : (err.stack ?? err.message)}\n`);
    process.exit(1);
  });
}
