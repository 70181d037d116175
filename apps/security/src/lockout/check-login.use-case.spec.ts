import { ErrorCode } from '@portcullis/contracts';
import { lockoutFixture } from '../../test/fakes/lockout-fixture';
import { CheckLoginUseCase } from './check-login.use-case';
import { accountKeyOf } from './login-subject';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';
import { RecordLoginSuccessUseCase } from './record-login-success.use-case';

function setup() {
  const f = lockoutFixture();
  const check = new CheckLoginUseCase(f.store, f.policy, f.devices);
  const fail = new RecordLoginFailureUseCase(f.store, f.policy, f.devices);
  const failTimes = async (n: number, email: string, ip?: string) => {
    for (let i = 0; i < n; i++) await fail.execute({ email, ip });
  };
  const errorOf = (email: string, ip?: string) =>
    check.execute({ email, ip }).then(
      () => undefined,
      (e: unknown) => e,
    );
  const succeed = new RecordLoginSuccessUseCase(f.store, f.devices);
  return { ...f, check, fail, succeed, failTimes, errorOf };
}

describe('CheckLoginUseCase', () => {
  it('lets a clean account and address through', async () => {
    const s = setup();
    await expect(s.check.execute({ email: 'alice@example.com', ip: '198.51.100.1' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
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
    await expect(s.check.execute({ email: 'alice@example.com' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
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
    await expect(s.check.execute({ email: 'fresh@example.com', ip: '198.51.100.8' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
    await expect(s.check.execute({ email: 'fresh@example.com' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });

    s.store.advance(s.policy.ipWindowMs - s.policy.ipFailureLimit * 10_000);
    await expect(s.check.execute({ email: 'fresh@example.com', ip: '198.51.100.7' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
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
    for (const bad of [
      {},
      { email: '   ' },
      { email: 42 },
      { email: 'a@example.com', ip: 7 },
      { email: 'a@example.com', ip: 'x'.repeat(65) },
    ]) {
      expect(await s.check.execute(bad as never).catch((e: unknown) => e)).toMatchObject({
        code: ErrorCode.VALIDATION_FAILED,
      });
    }
  });
});

describe('CheckLoginUseCase: one reserved slot per password check', () => {
  const email = 'race@example.com';

  it('lets no more checks run at once than the account has failures left, and refuses the next without waiting forever', async () => {
    const s = setup();
    await s.failTimes(2, email);
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await s.check.execute({ email }));
    expect(await s.errorOf(email)).toMatchObject({ code: ErrorCode.RATE_LIMITED, details: { retryAfterSeconds: 1 } });
    // A correct password frees its slot (and the count); a wrong one turns its slot into a failure.
    await s.succeed.execute({ email, reservation: held[0].reservation });
    await expect(s.check.execute({ email })).resolves.toMatchObject({ reservation: { trustedDevice: false } });
  });

  it('turns each reservation into a failure, so the guesses in flight lock the account and no later one is checked', async () => {
    const s = setup();
    const held = await Promise.all(Array.from({ length: 5 }, () => s.check.execute({ email })));
    for (const { reservation } of held) await s.fail.execute({ email, reservation });
    expect(await s.errorOf(email)).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
  });

  it('makes a waiting guess wait for the checks in flight, then refuses it with the lock they caused', async () => {
    const s = setup();
    const check = new CheckLoginUseCase(s.store, { ...s.policy, reservationWaitMs: 2_000 }, s.devices);
    const held = await Promise.all(Array.from({ length: 5 }, () => check.execute({ email })));
    const waiting = check.execute({ email }).then(
      () => 'compared',
      (e: { code: string }) => e.code,
    );
    for (const { reservation } of held) await s.fail.execute({ email, reservation });
    expect(await waiting).toBe(ErrorCode.AUTH_ACCOUNT_LOCKED);
  });

  it('gives a slot back by itself when its caller died mid-compare', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) await s.check.execute({ email });
    expect(await s.errorOf(email)).toMatchObject({ code: ErrorCode.RATE_LIMITED });
    s.store.advance(s.policy.reservationTtlMs);
    await expect(s.check.execute({ email })).resolves.toMatchObject({ reservation: { trustedDevice: false } });
  });
});

describe('CheckLoginUseCase: trusted devices (OWASP device cookies)', () => {
  const email = 'owner@example.com';

  async function lockedWithDevice() {
    const s = setup();
    const { reservation } = await s.check.execute({ email });
    const { deviceToken } = await s.succeed.execute({ email, reservation });
    await s.failTimes(5, email, '203.0.113.66');
    return { ...s, deviceToken };
  }

  it('admits a device that logged in before while strangers have locked the account', async () => {
    const s = await lockedWithDevice();
    expect(await s.errorOf(email)).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
    await expect(s.check.execute({ email, deviceToken: s.deviceToken })).resolves.toMatchObject({
      reservation: { trustedDevice: true },
    });
  });

  it("counts a trusted device's failures on its own counter, and a device locked out is a stranger again", async () => {
    const s = setup();
    const first = await s.check.execute({ email });
    const { deviceToken } = await s.succeed.execute({ email, reservation: first.reservation });
    for (let i = 0; i < 5; i++) {
      const { reservation } = await s.check.execute({ email, deviceToken });
      expect(reservation.trustedDevice).toBe(true);
      expect(await s.fail.execute({ email, deviceToken, reservation })).toMatchObject({ locked: i === 4 });
    }
    // The account itself was never charged, and the lock on the device announced nothing.
    await expect(s.check.execute({ email })).resolves.toMatchObject({ reservation: { trustedDevice: false } });
    expect(s.store.announced).toEqual([]);
    await expect(s.check.execute({ email, deviceToken })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
  });

  it("trusts no token that is another account's, forged, or expired", async () => {
    const s = await lockedWithDevice();
    const other = s.devices.issue('someone-else');
    const [nonce, expires, signature] = s.deviceToken.split('.');
    const forged = `${nonce}.${Number(expires) + 1}.${signature}`;
    for (const deviceToken of [other, forged, 'garbage', `${s.deviceToken}.x`]) {
      expect(await s.check.execute({ email, deviceToken }).catch((e: { code: string }) => e.code)).toBe(
        ErrorCode.AUTH_ACCOUNT_LOCKED,
      );
    }
    expect(s.devices.counterOf(accountKeyOf(email), s.deviceToken)).toMatch(/^device:/);
    s.store.advance(86_400_000);
    expect(s.devices.counterOf(accountKeyOf(email), s.deviceToken)).toBeUndefined();
  });
});
