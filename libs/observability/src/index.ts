export * from './metrics/metric-registry';
export * from './health/readiness-indicator';
export * from './health/with-timeout';
export * from './health/postgres.indicator';
export * from './ops.module';
export * from './health/health.controller';
export * from './metrics/bus-dependency.metric';
export * from './metrics/circuit-breaker-state.metric';
