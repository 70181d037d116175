export * from './rate-limit-policy';
export * from './gcra';
export * from './in-memory-rate-limiter';
export * from './redis-rate-limiter';
export * from './quota-period';
