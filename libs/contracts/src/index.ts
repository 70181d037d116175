export * from './errors/error-codes';
export * from './errors/rpc-error-payload';
export * from './common/rpc-definition';
export * from './common/ping.dto';
export * from './common/service-names';
