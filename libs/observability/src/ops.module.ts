import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health/health.controller';
import { READINESS_INDICATORS, ReadinessIndicator, SERVICE_INFO, ServiceInfo } from './health/readiness-indicator';

export interface OpsModuleOptions extends ServiceInfo {
  indicators: Array<Type<ReadinessIndicator>>;
  /** Extra providers the indicators need (their settings). */
  providers?: Provider[];
}

/** `/health`, `/health/ready` and `/metrics` for one app, with the readiness checks it names. */
@Module({})
export class OpsModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    return {
      module: OpsModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        PrometheusModule.register({ defaultMetrics: { enabled: true }, defaultLabels: { service: options.service } }),
      ],
      controllers: [HealthController],
      providers: [
        ...options.indicators,
        ...(options.providers ?? []),
        { provide: SERVICE_INFO, useValue: { service: options.service, version: options.version } },
        {
          provide: READINESS_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: options.indicators,
        },
      ],
    };
  }
}
