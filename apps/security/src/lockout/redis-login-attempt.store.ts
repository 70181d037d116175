import { Inject, Injectable } from '@nestjs/common';
import { eventAppend, streamKeys } from '@portcullis/bus';
import { DomainEvent, Events } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { randomUUID } from 'crypto';
import { RedisClient } from '@portcullis/common';
import { FailureCount, LockEvent, LoginAttemptStore, LoginGate, Reservation } from './login-attempt.store';
import { LockoutKeys, lockoutKeys } from './lockout-keys';
import { LockoutPolicy } from './lockout-policy';
import { INSPECT_LUA, RECORD_FAILURE_LUA, RELEASE_LUA, RESERVE_LUA } from './lockout.scripts';

type Arg = string | number;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once after a SCRIPT FLUSH or restart. */
interface LockoutCommands {
  lockoutInspect(lock: string, ipFailures: string, ...argv: Arg[]): Promise<[number, number]>;
  lockoutReserve(
    lock: string,
    ipFailures: string,
    failures: string,
    inflight: string,
    ...argv: Arg[]
  ): Promise<[number, number, number]>;
  lockoutRecordFailure(
    failures: string,
    lock: string,
    ipFailures: string,
    events: string,
    inflight: string,
    ...argv: Arg[]
  ): Promise<[number, number, number]>;
  lockoutRelease(inflight: string, failures: string, ...argv: Arg[]): Promise<number>;
}

/** Stands in for the IP key when there is no IP: the scripts never touch it (hasIp = 0). */
const NO_IP = '-';

@Injectable()
export class RedisLoginAttemptStore extends LoginAttemptStore {
  private readonly keys: LockoutKeys;
  private readonly redis: RedisClient & LockoutCommands;

  constructor(
    @Inject(REDIS) redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
    this.keys = lockoutKeys(prefix);
    redis.defineCommand('lockoutInspect', { numberOfKeys: 2, lua: INSPECT_LUA });
    redis.defineCommand('lockoutReserve', { numberOfKeys: 4, lua: RESERVE_LUA });
    redis.defineCommand('lockoutRecordFailure', { numberOfKeys: 5, lua: RECORD_FAILURE_LUA });
    redis.defineCommand('lockoutRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
    this.redis = redis as RedisClient & LockoutCommands;
  }

  async inspect(account: string, ip: string | undefined, policy: LockoutPolicy): Promise<LoginGate> {
    const [accountLockMs, ipBlockedMs] = await this.redis.lockoutInspect(
      this.keys.lock(account),
      this.keys.ipFailures(ip ?? NO_IP),
      ip ? 1 : 0,
      policy.ipFailureLimit,
      policy.ipWindowMs,
    );
    return { accountLockMs, ipBlockedMs };
  }

  async reserve(account: string, ip: string | undefined, id: string, policy: LockoutPolicy): Promise<Reservation> {
    const [accountLockMs, ipBlockedMs, reserved] = await this.redis.lockoutReserve(
      this.keys.lock(account),
      this.keys.ipFailures(ip ?? NO_IP),
      this.keys.failures(account),
      this.keys.inflight(account),
      ip ? 1 : 0,
      policy.ipFailureLimit,
      policy.ipWindowMs,
      id,
      policy.maxFailures,
      policy.windowMs,
      policy.reservationTtlMs,
    );
    return { accountLockMs, ipBlockedMs, reserved: reserved === 1 };
  }

  async recordFailure(
    account: string,
    ip: string | undefined,
    policy: LockoutPolicy,
    lockEvent?: LockEvent,
    reservationId?: string,
  ): Promise<FailureCount> {
    const [locked, failures, ipFailures] = await this.redis.lockoutRecordFailure(
      this.keys.failures(account),
      this.keys.lock(account),
      this.keys.ipFailures(ip ?? NO_IP),
      streamKeys.events(this.prefix),
      this.keys.inflight(account),
      // Unique, so two failures in the same millisecond are two entries, not one.
      randomUUID(),
      policy.maxFailures,
      policy.windowMs,
      policy.lockMs,
      ip ? 1 : 0,
      policy.ipFailureLimit,
      policy.ipWindowMs,
      lockEvent ? JSON.stringify(lockEvent) : '',
      reservationId ?? '',
    );
    return { locked: locked === 1, failures, ipFailures };
  }

  async clearFailures(account: string, reservationId?: string): Promise<void> {
    await this.redis.lockoutRelease(this.keys.inflight(account), this.keys.failures(account), reservationId ?? '', 1);
  }

  async release(account: string, reservationId: string): Promise<void> {
    await this.redis.lockoutRelease(this.keys.inflight(account), this.keys.failures(account), reservationId, 0);
  }

  /** MULTI: the lock goes and the event is on the bus together, or neither happens. */
  async unlock(account: string, announce?: DomainEvent<Record<string, never>>): Promise<boolean> {
    const tx = this.redis.multi().del(this.keys.lock(account)).del(this.keys.failures(account));
    if (announce) {
      const { key, fields } = eventAppend(this.prefix, Events.accountUnlocked, announce);
      tx.xadd(key, '*', ...fields);
    }
    const results = await tx.exec();
    const [err, removed] = results?.[0] ?? [null, 0];
    if (err) throw err;
    return removed === 1;
  }
}
