export * from './secret-box';
export * from './hashing';
export * from './password-policy';
export * from './ssrf-guard';
export * from './client-ip';
export * from './rate-limit';
export * from './budgets';
export * from './ssrf';
