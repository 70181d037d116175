import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger } from '@portcullis/common';
import { runMigrations } from '@portcullis/database';
import { exitGracefullyOnSignal, redisSettings, runMain, startTracingFor } from '@portcullis/runtime';
import { loadGatewayConfig } from './config/gateway.config';
import { gatewayDataSourceOptions } from './data-source';
import { GatewayModule } from './gateway.module';
import { registerQueueDashboard } from './dashboard/queue-dashboard';
import { configureHttp } from './http/configure-http';
import { registerDocs } from './docs/docs';
import { routeFrameworkErrorsThroughHooks } from './http/framework-errors';
import { listenOnOpsPort } from './http/ops-port';
import { drainRequests } from './http/drain-requests';
import { requestIdFor } from './http/request-id';

runMain(async () => {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  // Before the HTTP hooks are added: they trace only when tracing is on.
  const tracing = startTracingFor('gateway', config);
  if (config.DB_MIGRATE_ON_START) await runMigrations(gatewayDataSourceOptions(config));
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUSTED_PROXIES,
    genReqId: requestIdFor,
    requestIdHeader: false,
    frameworkErrors: routeFrameworkErrorsThroughHooks,
    // The gateway has no Nest middleware (its steps are Fastify hooks, guards and the data plane), so
    // @fastify/middie's hook would run on every request for nothing. Adding middleware later fails
    // at start-up, loudly: without middie the adapter has no `use`.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
  });
  await configureHttp(app, config);
  registerDocs(app);
  const queues = await registerQueueDashboard(app, redisSettings(config), config.REDIS_PREFIX);
  await app.listen(config.PORT, '0.0.0.0');
  const ops = await listenOnOpsPort(app.getHttpAdapter().getInstance(), config.OPS_PORT, config.OPS_HOST);
  // The public port drains first: the requests still in flight finish before the hooks that flush
  // what they leave behind (usage samples) run.
  exitGracefullyOnSignal(
    app,
    [drainRequests(app.getHttpServer()), ...queues, ops],
    logger,
    config.SHUTDOWN_TIMEOUT_MS,
    [{ close: () => tracing.shutdown() }],
  );
  logger.info({ port: config.PORT, opsPort: config.OPS_PORT }, 'gateway ready');
});
