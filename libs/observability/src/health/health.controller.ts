import {
  BadRequestException,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import {
  DEPENDENCY_INDICATORS,
  READINESS_COVERS_DEPENDENCIES,
  READINESS_INDICATORS,
  ReadinessIndicator,
  SERVICE_INFO,
  ServiceInfo,
} from './readiness-indicator';

interface StatusSettable {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
    @Inject(DEPENDENCY_INDICATORS) private readonly dependencies: ReadinessIndicator[],
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(READINESS_COVERS_DEPENDENCIES) private readonly coversDependencies: boolean,
  ) {}

  /** Liveness: the process is up and its event loop turns. Depends on nothing else on purpose. */
  @Get()
  live(): { status: 'ok'; service: string; version: string; uptimeSeconds: number } {
    return { status: 'ok', ...this.info, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  /**
   * Readiness: what this pod itself needs to serve (its Redis, its database, its keys) and, where
   * the app says so (the gateway, as DESIGN's operations table has it), a bus round trip to every
   * app it calls. 503 with the standard health body (`status`, `info`, `error`, `details`) when a
   * check fails.
   *
   * `?scope=self` leaves the other apps out, and is what the orchestrator probes: an outage of one
   * app must not pull every replica of its callers out of their Service, which would turn a partial
   * outage into a total one (and leave nothing to serve the API keys and user views cached for just
   * that case).
   */
  @Get('ready')
  ready(@Query('scope') scope: unknown, @Res({ passthrough: true }) reply: StatusSettable): Promise<HealthCheckResult> {
    if (scope !== undefined && scope !== 'self') throw new BadRequestException('scope must be "self" or left out');
    const withDependencies = this.coversDependencies && scope === undefined;
    return this.report(withDependencies ? [...this.indicators, ...this.dependencies] : this.indicators, reply);
  }

  /**
   * The services this app calls over the bus, each by a real round trip: a report for people and
   * monitoring (also exported as `bus_dependency_up`), never a probe. 503 when one is unreachable.
   */
  @Get('dependencies')
  dependencyReport(@Res({ passthrough: true }) reply: StatusSettable): Promise<HealthCheckResult> {
    return this.report(this.dependencies, reply);
  }

  private async report(indicators: ReadinessIndicator[], reply: StatusSettable): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators.map((i) => () => i.check()));
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return err.getResponse() as HealthCheckResult;
    }
  }
}
