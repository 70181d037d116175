export * from './bad-ports';
export * from './pinned-lookup';
