import { hashTagOf, recordingScriptRedis } from '@portcullis/testing';
import Redis from 'ioredis';
import { LockoutPolicy } from './lockout-policy';
import { RedisLoginAttemptStore } from './redis-login-attempt.store';

const policy: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 900_000,
  lockMs: 900_000,
  reservationTtlMs: 10_000,
  reservationWaitMs: 1_000,
  ipFailureLimit: 20,
  ipWindowMs: 900_000,
};

/** Redis Cluster refuses a script whose keys span slots: every lockout script's keys share one hash tag. */
describe('lockout scripts on Redis Cluster', () => {
  it('passes every script keys of one slot, the events stream included', async () => {
    const { redis, calls } = recordingScriptRedis(() => [0, 0, 0]);
    const store = new RedisLoginAttemptStore(redis as unknown as Redis, 'deploy-1');
    await store.inspect('acct', '198.51.100.7', policy);
    await store.reserve('acct', undefined, 'r-1', policy);
    await store.recordFailure('acct', '198.51.100.7', policy, undefined, 'r-1');
    await store.clearFailures('acct');
    await store.release('acct', 'r-1');

    expect(calls.map((c) => c.command)).toEqual([
      'lockoutInspect',
      'lockoutReserve',
      'lockoutRecordFailure',
      'lockoutRelease',
      'lockoutRelease',
    ]);
    expect(calls.find((c) => c.command === 'lockoutRecordFailure')!.keys).toContain('{deploy-1}:bus:events');
    for (const call of calls) expect(call.keys.map(hashTagOf)).toEqual(call.keys.map(() => 'deploy-1'));
  });
});
