export * from './bootstrap-service';
export * from './graceful-shutdown';
export * from './ping.controller';
export * from './core-imports';
export * from './job-context';
