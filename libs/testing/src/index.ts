export * from './wait-for';
export * from './test-env';
export * from './free-port';
export * from './app-process';
export * from './platform';
export * from './own-database';
export * from './own-redis';
export * from './fake-clock';
