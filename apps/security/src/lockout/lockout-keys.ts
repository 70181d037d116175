import { slotTag } from '@portcullis/bus';

/**
 * Every Redis key lockout uses, under `{<REDIS_PREFIX>}:security:`: the bus's slot tag, because one
 * script both counts a failure and appends `auth.account.locked` to the events stream (Redis Cluster
 * runs a script only on keys of one slot).
 * - `lockout:failures:<account>`  sorted set of failure times (ms) inside the window
 * - `lockout:lock:<account>`      present while locked; expires by itself; value = failures that locked it
 * - `lockout:inflight:<account>`  sorted set of reserved password checks, scored by when each expires
 * - `ip-failures:<ip>`            sorted set of failure times for one client address
 * `<account>` is a SHA-256 of the normalised email, never the email, or `device:<id>` for a trusted
 * device's own counter (see device-token.ts).
 */
export interface LockoutKeys {
  failures(account: string): string;
  lock(account: string): string;
  inflight(account: string): string;
  ipFailures(ip: string): string;
}

export function lockoutKeys(prefix: string): LockoutKeys {
  const base = `${slotTag(prefix)}:security`;
  return {
    failures: (account) => `${base}:lockout:failures:${account}`,
    lock: (account) => `${base}:lockout:lock:${account}`,
    inflight: (account) => `${base}:lockout:inflight:${account}`,
    ipFailures: (ip) => `${base}:ip-failures:${ip}`,
  };
}
