export * from './data-source-options';
export * from './migration-runner';
export * from './database.module';
export * from './create-schema.migration';
export * from './redis.module';
export * from './outbox';
