export * from './budget.store';
export * from './budget-keys';
export * from './budget-chain';
export * from './budget.scripts';
export * from './redis-budget.store';
