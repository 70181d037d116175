import { DynamicModule, Module } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events } from '@portcullis/contracts';
import { CapabilityBudgetsModule } from '../agents/budgets/capability-budgets.module';
import { SecretBox } from '@portcullis/security';
import { ApiChanges } from '../apis/api-changes';
import { API_REGISTRY_SETTINGS, ApiRegistry } from '../apis/api-registry';
import { ApiRepository } from '../apis/api.repository';
import { ApisController } from '../apis/apis.controller';
import { BroadcastApiChanges } from '../apis/broadcast-api-changes';
import { GatewayConfig } from '../config/gateway.config';
import { BatchingUsageRecorder, USAGE_SETTINGS } from '../usage/batching-usage-recorder';
import { UsageBatchProcessor } from '../usage/usage-batch.processor';
import { UsageQueryService } from '../usage/usage-query.service';
import { UsageRecorder } from '../usage/usage-recorder';
import { UsageRollupRepository } from '../usage/usage-rollup.repository';
import { ProxyAccess } from './proxy-access';
import { ProxyController } from './proxy.controller';
import { PROXY_SETTINGS, ProxyService } from './proxy.service';
import { BreakerEvent, UpstreamBreakers } from './upstream-breakers';
import { UpstreamPools } from './upstream-pools';
import { UpstreamRelease } from './upstream-release';

export const PROXY_PREFIX = '/api/v1/proxy/';

/** security.alert when a breaker opens: an upstream is failing for this replica's callers. */
function alertOnOpen(bus: BusClient) {
  return (upstream: string, event: BreakerEvent) => {
    if (event !== 'open') return;
    const alert = domainEvent(Events.securityAlert, {
      subject: { type: 'system', id: upstream },
      data: { kind: 'upstream_circuit_open', severity: 'medium', upstream },
    });
    void bus.publish(Events.securityAlert, alert).catch(() => undefined);
  };
}

/** The upstream API registry, the proxy and its usage analytics (DESIGN §3). `auth` provides PermissionChecker. */
@Module({})
export class ProxyModule {
  static forRoot(config: GatewayConfig, auth: DynamicModule): DynamicModule {
    return {
      module: ProxyModule,
      imports: [auth, CapabilityBudgetsModule],
      controllers: [ApisController, ProxyController],
      providers: [
        { provide: SecretBox, useValue: new SecretBox(config.UPSTREAM_SECRETS_KEY) },
        {
          provide: API_REGISTRY_SETTINGS,
          useValue: { allowPrivateTargets: config.ALLOW_PRIVATE_TARGETS, cacheTtlMs: 2000 },
        },
        {
          provide: PROXY_SETTINGS,
          useValue: {
            prefix: PROXY_PREFIX,
            defaultTimeoutMs: config.PROXY_DEFAULT_TIMEOUT_MS,
            breakerResetMs: config.PROXY_BREAKER_RESET_MS,
          },
        },
        { provide: USAGE_SETTINGS, useValue: { batchSize: config.USAGE_BATCH_SIZE, flushMs: config.USAGE_FLUSH_MS } },
        {
          provide: UpstreamPools,
          useValue: new UpstreamPools({
            allowPrivateTargets: config.ALLOW_PRIVATE_TARGETS,
            connectionsPerUpstream: config.PROXY_CONNECTIONS_PER_UPSTREAM,
            maxHeaderBytes: config.PROXY_MAX_HEADER_BYTES,
          }),
        },
        {
          provide: UpstreamBreakers,
          inject: [BusClient],
          useFactory: (bus: BusClient) =>
            new UpstreamBreakers(
              {
                errorPercent: config.PROXY_BREAKER_ERROR_PERCENT,
                minCalls: config.PROXY_BREAKER_MIN_CALLS,
                windowMs: config.PROXY_BREAKER_WINDOW_MS,
                resetMs: config.PROXY_BREAKER_RESET_MS,
              },
              alertOnOpen(bus),
            ),
        },
        { provide: UsageRecorder, useClass: BatchingUsageRecorder },
        // Changes to an API reach every replica: its cached definition, breaker and pool are dropped.
        { provide: ApiChanges, useClass: BroadcastApiChanges },
        UpstreamRelease,
        ApiRepository,
        ApiRegistry,
        ProxyAccess,
        ProxyService,
        UsageRollupRepository,
        UsageQueryService,
        UsageBatchProcessor,
      ],
    };
  }
}
