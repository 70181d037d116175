import { BusClient } from '@portcullis/bus';
import { LockoutPolicy } from '../../src/lockout/lockout-policy';
import { InMemoryLoginAttemptStore } from './in-memory-login-attempt.store';

/** The policy DESIGN §3 asks for, with a small IP limit so tests reach it quickly. */
export const testPolicy: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 900_000,
  lockMs: 900_000,
  ipFailureLimit: 8,
  ipWindowMs: 900_000,
};

/** A BusClient stand-in that keeps what was published. */
export function fakeBus() {
  const published: Array<{ type: string; data: unknown }> = [];
  const publish = jest.fn(async (definition: { type: string }, data: unknown) => {
    published.push({ type: definition.type, data });
    return `${published.length}-0`;
  });
  return { bus: { publish } as unknown as BusClient, publish, published };
}

export function lockoutFixture() {
  return { store: new InMemoryLoginAttemptStore(), policy: testPolicy, ...fakeBus() };
}
