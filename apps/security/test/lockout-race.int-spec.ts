import { removeKeysUnder, testEnv } from '@portcullis/testing';
import { ErrorCode } from '@portcullis/contracts';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'timers/promises';
import { CheckLoginUseCase } from '../src/lockout/check-login.use-case';
import { DeviceTokens } from '../src/lockout/device-token';
import { LockoutPolicy } from '../src/lockout/lockout-policy';
import { RecordLoginFailureUseCase } from '../src/lockout/record-login-failure.use-case';
import { RecordLoginSuccessUseCase } from '../src/lockout/record-login-success.use-case';
import { RedisLoginAttemptStore } from '../src/lockout/redis-login-attempt.store';

jest.setTimeout(30_000);

/**
 * The reservation race on real Redis with real concurrency: 40 logins for one account at once, 39
 * wrong and the right one last, each going check → password compare (a real wait) → outcome as
 * the auth app does. Only LOCKOUT_MAX_FAILURES compares may happen, whatever the interleaving.
 */
describe('lockout under parallel guesses (real Redis)', () => {
  const env = testEnv('security-race');
  const redis = new Redis(env.REDIS_URL);
  const store = new RedisLoginAttemptStore(redis, env.REDIS_PREFIX);
  const policy: LockoutPolicy = {
    maxFailures: 5,
    windowMs: 900_000,
    lockMs: 900_000,
    ipFailureLimit: 10_000,
    ipWindowMs: 900_000,
    reservationTtlMs: 15_000,
    reservationWaitMs: 3_000,
  };
  const devices = new DeviceTokens({ secret: 'race-test-device-secret', ttlSeconds: 3600 });
  const check = new CheckLoginUseCase(store, policy, devices);
  const fail = new RecordLoginFailureUseCase(store, policy, devices);
  const succeed = new RecordLoginSuccessUseCase(store, devices);

  afterAll(async () => {
    // Both key forms: these stores write hash-tagged keys (`{<prefix>}:…`), which `<prefix>:*` misses.
    await removeKeysUnder(env.REDIS_URL, env.REDIS_PREFIX);
    await redis.quit();
  });

  /** One login as the auth app runs it; `compares` counts password checks that really happened. */
  function loginRunner(email: string, rightPassword: string, compareMs: number) {
    let compares = 0;
    const login = async (password: string, ip: string): Promise<string> => {
      let attempt;
      try {
        attempt = { email, ip, reservation: (await check.execute({ email, ip })).reservation };
      } catch (err) {
        return (err as { code: string }).code;
      }
      compares++;
      await sleep(compareMs);
      if (password !== rightPassword) {
        await fail.execute(attempt);
        return ErrorCode.AUTH_INVALID_CREDENTIALS;
      }
      await succeed.execute(attempt);
      return 'OK';
    };
    return { login, compares: () => compares };
  }

  it('compares at most LOCKOUT_MAX_FAILURES of 40 simultaneous guesses, and refuses the rest with the lock, the right one too', async () => {
    const runner = loginRunner(`race.${Date.now()}@example.test`, 'right', 30);
    const passwords = [...Array.from({ length: 39 }, (_, i) => `wrong-${i}`), 'right'];
    const answers = await Promise.all(passwords.map((p, i) => runner.login(p, `198.51.100.${i + 1}`)));

    expect(runner.compares()).toBe(policy.maxFailures);
    expect(answers.filter((a) => a === ErrorCode.AUTH_INVALID_CREDENTIALS)).toHaveLength(policy.maxFailures);
    expect(answers.filter((a) => a === ErrorCode.AUTH_ACCOUNT_LOCKED)).toHaveLength(40 - policy.maxFailures);
    expect(answers[39]).toBe(ErrorCode.AUTH_ACCOUNT_LOCKED);
  });

  it('lets a burst of correct logins through, a few at a time, without losing any', async () => {
    const runner = loginRunner(`burst.${Date.now()}@example.test`, 'right', 30);
    const answers = await Promise.all(Array.from({ length: 16 }, () => runner.login('right', '203.0.113.5')));
    expect(answers).toEqual(Array(16).fill('OK'));
    expect(runner.compares()).toBe(16);
  });
});
