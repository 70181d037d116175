import { HealthIndicatorResult } from '@nestjs/terminus';

/** One thing readiness depends on (a database, Redis, another service). */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');
/** Other services this app calls: reported on /health/dependencies (and in the gateway's readiness). */
export const DEPENDENCY_INDICATORS = Symbol('DEPENDENCY_INDICATORS');
/** Whether /health/ready (without `scope=self`) checks the DEPENDENCY_INDICATORS as well. */
export const READINESS_COVERS_DEPENDENCIES = Symbol('READINESS_COVERS_DEPENDENCIES');
export const SERVICE_INFO = Symbol('SERVICE_INFO');

export interface ServiceInfo {
  service: string;
  version: string;
}
