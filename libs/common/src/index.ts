export * from './errors/app-error';
export * from './logging/create-logger';
export * from './logging/pino-nest-logger';
export * from './logging/redact-paths';
export * from './validation/validation.pipe';
export * from './events/domain-event.factory';
export * from './events/domain-event.guard';
export * from './context/request-context';
