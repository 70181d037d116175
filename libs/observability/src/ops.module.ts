import { DynamicModule, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health/health.controller';
import {
  DEPENDENCY_INDICATORS,
  READINESS_COVERS_DEPENDENCIES,
  READINESS_INDICATORS,
  ReadinessIndicator,
  SERVICE_INFO,
  ServiceInfo,
} from './health/readiness-indicator';

export interface OpsModuleOptions extends ServiceInfo {
  /** What this pod itself needs (its Redis, database, keys): the readiness probe. */
  indicators: Array<Type<ReadinessIndicator>>;
  /** Other services it calls: /health/dependencies and metrics (and readiness, see below). */
  dependencies?: Array<Type<ReadinessIndicator>>;
  /**
   * `/health/ready` makes the round trips of `dependencies` too: the gateway's, as DESIGN's
   * operations table has it. `/health/ready?scope=self` always leaves them out (the pod's probe).
   */
  readinessCoversDependencies?: boolean;
  /** Modules whose exports the indicators need (pass the app's own instance of the module). */
  imports?: ModuleMetadata['imports'];
  /** Extra providers the indicators need (their settings). */
  providers?: Provider[];
}

/** `/health`, `/health/ready`, `/health/dependencies` and `/metrics` for one app, with the checks it names. */
@Module({})
export class OpsModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    return {
      module: OpsModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        PrometheusModule.register({ defaultMetrics: { enabled: true }, defaultLabels: { service: options.service } }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [
        ...options.indicators,
        ...(options.dependencies ?? []),
        ...(options.providers ?? []),
        { provide: SERVICE_INFO, useValue: { service: options.service, version: options.version } },
        { provide: READINESS_COVERS_DEPENDENCIES, useValue: options.readinessCoversDependencies ?? false },
        {
          provide: READINESS_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: options.indicators,
        },
        {
          provide: DEPENDENCY_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: options.dependencies ?? [],
        },
      ],
    };
  }
}
