import { Inject, Injectable } from '@nestjs/common';
import { eventAppend, streamKeys } from '@portcullis/bus';
import { DomainEvent, Events } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { FailureCount, LockEvent, LoginAttemptStore, LoginGate } from './login-attempt.store';
import { LockoutKeys, lockoutKeys } from './lockout-keys';
import { LockoutPolicy } from './lockout-policy';
import { INSPECT_LUA, RECORD_FAILURE_LUA } from './lockout.scripts';

type Arg = string | number;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once after a SCRIPT FLUSH or restart. */
interface LockoutCommands {
  lockoutInspect(lock: string, ipFailures: string, ...argv: Arg[]): Promise<[number, number]>;
  lockoutRecordFailure(failures: string, lock: string, ipFailures: string, events: string, ...argv: Arg[]): Promise<[number, number, number]>;
}

/** Stands in for the IP key when there is no IP: the scripts never touch it (hasIp = 0). */
const NO_IP = '-';

@Injectable()
export class RedisLoginAttemptStore extends LoginAttemptStore {
  private readonly keys: LockoutKeys;
  private readonly redis: Redis & LockoutCommands;

  constructor(@Inject(REDIS) redis: Redis, @Inject(REDIS_KEY_PREFIX) private readonly prefix: string) {
    super();
    this.keys = lockoutKeys(prefix);
    redis.defineCommand('lockoutInspect', { numberOfKeys: 2, lua: INSPECT_LUA });
    redis.defineCommand('lockoutRecordFailure', { numberOfKeys: 4, lua: RECORD_FAILURE_LUA });
    this.redis = redis as Redis & LockoutCommands;
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

  async recordFailure(account: string, ip: string | undefined, policy: LockoutPolicy, lockEvent?: LockEvent): Promise<FailureCount> {
    const [locked, failures, ipFailures] = await this.redis.lockoutRecordFailure(
      this.keys.failures(account),
      this.keys.lock(account),
      this.keys.ipFailures(ip ?? NO_IP),
      streamKeys.events(this.prefix),
      // Unique, so two failures in the same millisecond are two entries, not one.
      randomUUID(),
      policy.maxFailures,
      policy.windowMs,
      policy.lockMs,
      ip ? 1 : 0,
      policy.ipFailureLimit,
      policy.ipWindowMs,
      lockEvent ? JSON.stringify(lockEvent) : '',
    );
    return { locked: locked === 1, failures, ipFailures };
  }

  async clearFailures(account: string): Promise<void> {
    await this.redis.del(this.keys.failures(account));
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
