import { DynamicModule, Module } from '@nestjs/common';
import { BUS_DEPENDENCIES, BusDependenciesIndicator, BusModule, RedisIndicator } from '@portcullis/bus';
import { APP_VERSION } from '@portcullis/config';
import { SERVICE_NAMES } from '@portcullis/contracts';
import { DatabaseModule, RedisModule } from '@portcullis/database';
import { GatewayAuthModule } from './auth/auth.module';
import { OpsModule, PostgresIndicator } from '@portcullis/observability';
import { GatewayConfig } from './config/gateway.config';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { rateLimitPoliciesFrom } from './rate-limit/rate-limit.policies';
import { gatewayDataSourceOptions } from './data-source';
import { JwksKeysIndicator, READINESS_TIMEOUT_MS } from './health/jwks-keys.indicator';
import { RootController } from './root/root.controller';
import { AdminAuditController } from './admin/admin-audit.controller';
import { AdminKeysController } from './admin/admin-keys.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { RolesController } from './roles/roles.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { ProxyModule } from './proxy/proxy.module';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    // One instance, imported here and by the ops module, whose keys check reads its JWKS cache.
    const auth = GatewayAuthModule.forRoot({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      tokenCacheSize: config.TOKEN_CACHE_SIZE,
      redisPrefix: config.REDIS_PREFIX,
      userViewTtlSeconds: config.USER_VIEW_TTL_SECONDS,
    });
    return {
      module: GatewayModule,
      imports: [
        BusModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          timeoutMs: config.BUS_RPC_TIMEOUT_MS,
          rpcMaxLen: config.BUS_RPC_MAXLEN,
          eventsMaxLen: config.BUS_EVENTS_MAXLEN,
        }),
        DatabaseModule.forRoot(gatewayDataSourceOptions(config)),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX }),
        RateLimitModule.forRoot({ policies: rateLimitPoliciesFrom(config), redisTimeoutMs: config.RATE_LIMIT_REDIS_TIMEOUT_MS }),
        auth,
        OpsModule.forRoot({
          service: 'gateway',
          version: APP_VERSION,
          // Readiness is this pod's own needs; the apps it calls are reported on /health/dependencies.
          indicators: [PostgresIndicator, RedisIndicator, JwksKeysIndicator],
          dependencies: [BusDependenciesIndicator],
          imports: [auth],
          providers: [
            { provide: READINESS_TIMEOUT_MS, useValue: config.READINESS_TIMEOUT_MS },
            { provide: BUS_DEPENDENCIES, useValue: { services: SERVICE_NAMES, timeoutMs: config.READINESS_TIMEOUT_MS } },
          ],
        }),
        ProxyModule.forRoot(config, auth),
      ],
      controllers: [RootController, RolesController, AdminUsersController, AdminAuditController, AdminKeysController, WebhooksController],
    };
  }
}
