export * from './outbox.options';
export * from './outbox.store';
export * from './outbox.migration';
export * from './outbox-writer';
export * from './outbox-relay';
export * from './pg-outbox.store';
export * from './outbox.module';
