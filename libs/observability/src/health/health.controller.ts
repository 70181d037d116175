import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { READINESS_INDICATORS, ReadinessIndicator, SERVICE_INFO, ServiceInfo } from './readiness-indicator';

interface StatusSettable {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  /** Liveness: the process is up and its event loop turns. Depends on nothing else on purpose. */
  @Get()
  live(): { status: 'ok'; service: string; version: string; uptimeSeconds: number } {
    return { status: 'ok', ...this.info, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  /**
   * Readiness: every dependency answers. When one does not, 503 with the standard health body
   * (`status`, `info`, `error`, `details`) so a probe or a person sees exactly which is down.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: StatusSettable): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators.map((i) => () => i.check()));
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return err.getResponse() as HealthCheckResult;
    }
  }
}
