import { DynamicModule, Module } from '@nestjs/common';
import { busBreakerFrom, BusModule } from '@portcullis/bus';
import { BUS_DEPENDENCIES, BusDependenciesIndicator, RedisIndicator, redisSettings } from '@portcullis/runtime';
import { APP_VERSION } from '@portcullis/config';
import { SERVICE_NAMES } from '@portcullis/contracts';
import { DatabaseModule, RedisModule } from '@portcullis/database';
import { QueueModule, QueueName } from '@portcullis/queue';
import { GatewayAuthModule } from './auth/auth.module';
import { busRpcObserver, OpsModule, PostgresIndicator } from '@portcullis/observability';
import { GatewayConfig } from './config/gateway.config';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { TokensController } from './api-keys/tokens.controller';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { rateLimitPoliciesFrom } from './rate-limit/rate-limit.policies';
import { gatewayDataSourceOptions } from './data-source';
import { JwksKeysIndicator, READINESS_TIMEOUT_MS } from './health/jwks-keys.indicator';
import { GatewayAgentsModule } from './agents/agents.module';
import { RootController } from './root/root.controller';
import { AdminAuditController } from './admin/admin-audit.controller';
import { AdminKeysController } from './admin/admin-keys.controller';
import { AdminRateLimitsController } from './admin/admin-rate-limits.controller';
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
      // While the user app is unreachable, a view loaded this recently still serves (degraded).
      staleToleranceSeconds: config.STALE_TOLERANCE_SECONDS,
      jwksRefreshSeconds: config.JWKS_REFRESH_SECONDS,
    });
    return {
      module: GatewayModule,
      imports: [
        BusModule.forRoot({
          redis: redisSettings(config),
          prefix: config.REDIS_PREFIX,
          timeoutMs: config.BUS_RPC_TIMEOUT_MS,
          breaker: busBreakerFrom(config),
          rpcMaxLen: config.BUS_RPC_MAXLEN,
          eventsMaxLen: config.BUS_EVENTS_MAXLEN,
          observer: busRpcObserver,
        }),
        DatabaseModule.forRoot(gatewayDataSourceOptions(config)),
        RedisModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }),
        QueueModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }, [
          QueueName.ProxyUsage,
          QueueName.AgentUses,
        ]),
        RateLimitModule.forRoot({
          policies: rateLimitPoliciesFrom(config),
          redisTimeoutMs: config.RATE_LIMIT_REDIS_TIMEOUT_MS,
          tiersEnabled: config.RATE_LIMIT_TIERS,
        }),
        ApiKeysModule.forRoot({
          redisPrefix: config.REDIS_PREFIX,
          freshSeconds: config.API_KEY_CACHE_SECONDS,
          cacheSize: config.API_KEY_CACHE_SIZE,
          staleToleranceSeconds: config.STALE_TOLERANCE_SECONDS,
          verifyTimeoutMs: config.API_KEY_VERIFY_TIMEOUT_MS,
          breakerResetMs: config.API_KEY_BREAKER_RESET_MS,
        }),
        auth,
        GatewayAgentsModule.forRoot(auth, { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
        OpsModule.forRoot({
          service: 'gateway',
          version: APP_VERSION,
          // DESIGN: readiness is PostgreSQL, Redis and a bus round trip to each app (and the keys);
          // the probe asks ?scope=self, the pod's own needs, so one app's outage cannot empty the Service.
          indicators: [PostgresIndicator, RedisIndicator, JwksKeysIndicator],
          dependencies: [BusDependenciesIndicator],
          readinessCoversDependencies: true,
          imports: [auth],
          providers: [
            { provide: READINESS_TIMEOUT_MS, useValue: config.READINESS_TIMEOUT_MS },
            {
              provide: BUS_DEPENDENCIES,
              useValue: { services: SERVICE_NAMES, timeoutMs: config.READINESS_TIMEOUT_MS },
            },
          ],
        }),
        ProxyModule.forRoot(config, auth),
      ],
      controllers: [
        RootController,
        RolesController,
        AdminUsersController,
        AdminAuditController,
        AdminKeysController,
        AdminRateLimitsController,
        WebhooksController,
        ApiKeysController,
        TokensController,
      ],
    };
  }
}
