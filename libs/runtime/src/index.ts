export * from './bootstrap-service';
export * from './graceful-shutdown';
export * from './ping.controller';
export * from './core-imports';
export * from './health/redis.indicator';
export * from './health/bus-dependencies.indicator';
export * from './health/bus-metrics.observer';
