import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult } from '@nestjs/terminus';
import { BusClient } from '@portcullis/bus';
import { pingPattern, SERVICE_NAMES } from '@portcullis/contracts';
import { ReadinessIndicator } from '@portcullis/observability';

export const READINESS_TIMEOUT_MS = Symbol('READINESS_TIMEOUT_MS');

/**
 * A real bus round trip to every app, in parallel: `bus:<app>` is up when some replica answered
 * its ping in time, and names the replica; down says why (usually: no replica running).
 */
@Injectable()
export class BusServicesIndicator implements ReadinessIndicator {
  constructor(
    private readonly bus: BusClient,
    @Inject(READINESS_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const results = await Promise.all(SERVICE_NAMES.map(async (service) => [service, await this.ping(service)] as const));
    return Object.fromEntries(results.map(([service, result]) => [`bus:${service}`, result])) as HealthIndicatorResult;
  }

  private async ping(service: (typeof SERVICE_NAMES)[number]): Promise<HealthIndicatorResult[string]> {
    const started = process.hrtime.bigint();
    try {
      const reply = await this.bus.call(pingPattern(service), {}, { timeoutMs: this.timeoutMs });
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { status: 'up', instanceId: reply.instanceId, latencyMs: Math.round(latencyMs * 100) / 100 };
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
  }
}
