import { BusClient } from '@portcullis/bus';
import { DeviceTokens } from '../../src/lockout/device-token';
import { LockoutPolicy } from '../../src/lockout/lockout-policy';
import { InMemoryLoginAttemptStore } from './in-memory-login-attempt.store';

/** The policy DESIGN §3 asks for, with a small IP limit so tests reach it quickly. */
export const testPolicy: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 900_000,
  lockMs: 900_000,
  ipFailureLimit: 8,
  ipWindowMs: 900_000,
  reservationTtlMs: 15_000,
  reservationWaitMs: 0,
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
  const store = new InMemoryLoginAttemptStore();
  const devices = new DeviceTokens({ secret: 'test-device-token-secret', ttlSeconds: 86_400 }, () => store.now);
  return { store, devices, policy: testPolicy, ...fakeBus() };
}
