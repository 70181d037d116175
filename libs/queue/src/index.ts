export * from './queue-names';
export * from './queue.module';
export * from './bull-connection';
export * from './graceful-worker-host';
export * from './group-commit';
