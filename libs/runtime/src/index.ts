export * from './bootstrap-service';
export * from './graceful-shutdown';
export * from './ping.controller';
export * from './core-imports';
export * from './job-context';
export * from './health/redis.indicator';
export * from './health/bus-dependencies.indicator';
export * from './redis-settings';
