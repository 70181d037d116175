import { ErrorCode } from '@portcullis/contracts';
import { lockoutFixture } from '../../test/fakes/lockout-fixture';
import { CheckLoginUseCase } from './check-login.use-case';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';

function setup() {
  const f = lockoutFixture();
  const check = new CheckLoginUseCase(f.store, f.policy);
  const fail = new RecordLoginFailureUseCase(f.store, f.policy);
  const failTimes = async (n: number, email: string, ip?: string) => {
    for (let i = 0; i < n; i++) await fail.execute({ email, ip });
  };
  const errorOf = (email: string, ip?: string) => check.execute({ email, ip }).then(() => undefined, (e: unknown) => e);
  return { ...f, check, failTimes, errorOf };
}

describe('CheckLoginUseCase', () => {
  it('lets a clean account and address through', async () => {
    const s = setup();
    await expect(s.check.execute({ email: 'alice@example.com', ip: '198.51.100.1' })).resolves.toBeUndefined();
  });

  it('refuses a locked account from any address, with the time left rounded up', async () => {
    const s = setup();
    await s.failTimes(5, 'alice@example.com', '198.51.100.1');
    s.store.advance(1_500);

    for (const ip of ['198.51.100.1', '203.0.113.9', undefined]) {
      expect(await s.errorOf('alice@example.com', ip)).toMatchObject({
        code: ErrorCode.AUTH_ACCOUNT_LOCKED,
        message: 'Account temporarily locked',
        details: { retryAfterSeconds: 899 },
      });
    }
  });

  it('treats differently written forms of one email as one account', async () => {
    const s = setup();
    await s.failTimes(5, '  Alice@Example.COM ');
    expect(await s.errorOf('alice@example.com')).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
  });

  it('lifts the lock by itself when its time is up', async () => {
    const s = setup();
    await s.failTimes(5, 'alice@example.com');
    s.store.advance(s.policy.lockMs - 1);
    expect(await s.errorOf('alice@example.com')).toMatchObject({ details: { retryAfterSeconds: 1 } });
    s.store.advance(1);
    await expect(s.check.execute({ email: 'alice@example.com' })).resolves.toBeUndefined();
  });

  it('throttles an address that failed too often, for any account, until its oldest failure ages out', async () => {
    const s = setup();
    for (let i = 0; i < s.policy.ipFailureLimit; i++) {
      await s.failTimes(1, `user${i}@example.com`, '198.51.100.7');
      s.store.advance(10_000);
    }
    expect(await s.errorOf('fresh@example.com', '198.51.100.7')).toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      details: { retryAfterSeconds: (s.policy.ipWindowMs - s.policy.ipFailureLimit * 10_000) / 1000 },
    });
    await expect(s.check.execute({ email: 'fresh@example.com', ip: '198.51.100.8' })).resolves.toBeUndefined();
    await expect(s.check.execute({ email: 'fresh@example.com' })).resolves.toBeUndefined();

    s.store.advance(s.policy.ipWindowMs - s.policy.ipFailureLimit * 10_000);
    await expect(s.check.execute({ email: 'fresh@example.com', ip: '198.51.100.7' })).resolves.toBeUndefined();
  });

  it('reports the lock rather than the throttle when both apply', async () => {
    const s = setup();
    await s.failTimes(s.policy.ipFailureLimit, 'alice@example.com', '198.51.100.7');
    expect(await s.errorOf('alice@example.com', '198.51.100.7')).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
  });

  it('counts an IPv4 address the same when it arrives IPv4-mapped', async () => {
    const s = setup();
    await s.failTimes(s.policy.ipFailureLimit, 'a@example.com', '::ffff:198.51.100.7');
    expect(await s.errorOf('b@example.com', '198.51.100.7')).toMatchObject({ code: ErrorCode.RATE_LIMITED });
  });

  it('answers a malformed request with VALIDATION_FAILED, not an internal error', async () => {
    const s = setup();
    for (const bad of [{}, { email: '   ' }, { email: 42 }, { email: 'a@example.com', ip: 7 }, { email: 'a@example.com', ip: 'x'.repeat(65) }]) {
      expect(await s.check.execute(bad as never).catch((e: unknown) => e)).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    }
  });
});
