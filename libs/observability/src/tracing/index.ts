export * from './start-tracing';
export * from './file-span-exporter';
