import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorResult } from '@nestjs/terminus';
import { pingPattern, ServiceName } from '@portcullis/contracts';
import { busDependencyUp, ReadinessIndicator, refreshBusDependenciesOnScrape } from '@portcullis/observability';
import { BusClient } from '@portcullis/bus';

export const BUS_DEPENDENCIES = Symbol('BUS_DEPENDENCIES');

export interface BusDependencies {
  /** The services this app calls over the bus. */
  services: readonly ServiceName[];
  /** How long to wait for each one's ping. */
  timeoutMs: number;
}

/**
 * A real bus round trip to each service this app calls, in parallel: `bus:<service>` is up when
 * some replica answered its ping in time (and names it), down says why (usually: none running).
 * For /health/dependencies, the `bus_dependency_up{dependency}` gauge and the gateway's readiness,
 * never for a probe (`/health/ready?scope=self`).
 */
@Injectable()
export class BusDependenciesIndicator implements ReadinessIndicator, OnModuleInit, OnApplicationShutdown {
  private unregister?: () => void;

  constructor(
    private readonly bus: BusClient,
    @Inject(BUS_DEPENDENCIES) private readonly dependencies: BusDependencies,
  ) {}

  onModuleInit(): void {
    this.unregister = refreshBusDependenciesOnScrape(async () => void (await this.check()));
  }

  onApplicationShutdown(): void {
    this.unregister?.();
  }

  async check(): Promise<HealthIndicatorResult> {
    const results = await Promise.all(
      this.dependencies.services.map(async (service) => [service, await this.ping(service)] as const),
    );
    return Object.fromEntries<HealthIndicatorResult[string]>(
      results.map(([service, result]) => [`bus:${service}`, result]),
    );
  }

  private async ping(service: ServiceName): Promise<HealthIndicatorResult[string]> {
    const started = process.hrtime.bigint();
    try {
      const reply = await this.bus.call(pingPattern(service), {}, { timeoutMs: this.dependencies.timeoutMs });
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      busDependencyUp().set({ dependency: service }, 1);
      return { status: 'up', instanceId: reply.instanceId, latencyMs: Math.round(latencyMs * 100) / 100 };
    } catch (err) {
      busDependencyUp().set({ dependency: service }, 0);
      return { status: 'down', message: (err as Error).message };
    }
  }
}
