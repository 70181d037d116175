import { DomainEvent } from '@portcullis/contracts';
import {
  FailureCount,
  LockEvent,
  LoginAttemptStore,
  LoginGate,
  Reservation,
} from '../../src/lockout/login-attempt.store';
import { LockoutPolicy } from '../../src/lockout/lockout-policy';

/**
 * LoginAttemptStore in memory with a hand-driven clock, for unit tests of the use cases. It keeps
 * the Lua scripts' rules (sliding windows, lock clears the failures, failures while locked do not
 * count, IP set capped at its limit, failures plus reservations in flight never above the limit,
 * reservations expire); the integration tests hold the real scripts to the same.
 */
export class InMemoryLoginAttemptStore extends LoginAttemptStore {
  now = 1_700_000_000_000;
  private readonly failures = new Map<string, number[]>();
  private readonly ipFailures = new Map<string, number[]>();
  private readonly locks = new Map<string, { until: number; failures: number }>();
  /** Per counter: reservation id → when it expires. */
  private readonly inflight = new Map<string, Map<string, number>>();

  advance(ms: number): void {
    this.now += ms;
  }

  async inspect(account: string, ip: string | undefined, policy: LockoutPolicy): Promise<LoginGate> {
    const lock = this.activeLock(account);
    const accountLockMs = lock ? lock.until - this.now : 0;
    if (!ip) return { accountLockMs, ipBlockedMs: 0 };
    const times = this.inWindow(this.ipFailures.get(ip), policy.ipWindowMs);
    const ipBlockedMs =
      times.length >= policy.ipFailureLimit
        ? Math.max(1, times[times.length - policy.ipFailureLimit] + policy.ipWindowMs - this.now)
        : 0;
    return { accountLockMs, ipBlockedMs };
  }

  async reserve(account: string, ip: string | undefined, id: string, policy: LockoutPolicy): Promise<Reservation> {
    const gate = await this.inspect(account, ip, policy);
    if (gate.accountLockMs > 0) return { accountLockMs: gate.accountLockMs, ipBlockedMs: 0, reserved: false };
    if (gate.ipBlockedMs > 0) return { ...gate, reserved: false };
    const slots = this.liveReservations(account);
    if (this.inWindow(this.failures.get(account), policy.windowMs).length + slots.size >= policy.maxFailures)
      return { ...gate, reserved: false };
    slots.set(id, this.now + policy.reservationTtlMs);
    return { ...gate, reserved: true };
  }

  async release(account: string, reservationId: string): Promise<void> {
    this.liveReservations(account).delete(reservationId);
  }

  /** Reservations still held for a counter (expired ones dropped). */
  liveReservations(account: string): Map<string, number> {
    const slots = this.inflight.get(account) ?? new Map<string, number>();
    for (const [id, until] of slots) if (until <= this.now) slots.delete(id);
    this.inflight.set(account, slots);
    return slots;
  }

  async recordFailure(
    account: string,
    ip: string | undefined,
    policy: LockoutPolicy,
    lockEvent?: LockEvent,
    reservationId?: string,
  ): Promise<FailureCount> {
    // Synchronously, as the script does it in one step: no reserve may slip in between.
    if (reservationId) this.liveReservations(account).delete(reservationId);
    let ipCount = 0;
    if (ip) {
      const times = [...this.inWindow(this.ipFailures.get(ip), policy.ipWindowMs), this.now].slice(
        -policy.ipFailureLimit,
      );
      this.ipFailures.set(ip, times);
      ipCount = times.length;
    }
    const lock = this.activeLock(account);
    if (lock) return { locked: false, failures: lock.failures, ipFailures: ipCount };
    const times = [...this.inWindow(this.failures.get(account), policy.windowMs), this.now];
    if (times.length >= policy.maxFailures) {
      this.locks.set(account, { until: this.now + policy.lockMs, failures: times.length });
      this.failures.delete(account);
      if (lockEvent) this.announced.push({ ...lockEvent, data: { ...lockEvent.data, failures: times.length } });
      return { locked: true, failures: times.length, ipFailures: ipCount };
    }
    this.failures.set(account, times);
    return { locked: false, failures: times.length, ipFailures: ipCount };
  }

  async clearFailures(account: string, reservationId?: string): Promise<void> {
    if (reservationId) this.liveReservations(account).delete(reservationId);
    this.failures.delete(account);
  }

  /** Events appended with an unlock, as they would reach the bus stream. */
  readonly announced: DomainEvent[] = [];

  async unlock(account: string, announce?: DomainEvent<Record<string, never>>): Promise<boolean> {
    const wasLocked = !!this.activeLock(account);
    this.locks.delete(account);
    this.failures.delete(account);
    if (announce) this.announced.push(announce);
    return wasLocked;
  }

  /** Every key the store holds, for asserting that no email appears in one. */
  keys(): string[] {
    return [...this.failures.keys(), ...this.ipFailures.keys(), ...this.locks.keys()];
  }

  private activeLock(account: string): { until: number; failures: number } | undefined {
    const lock = this.locks.get(account);
    return lock && lock.until > this.now ? lock : undefined;
  }

  private inWindow(times: number[] | undefined, windowMs: number): number[] {
    return (times ?? []).filter((t) => t > this.now - windowMs);
  }
}
