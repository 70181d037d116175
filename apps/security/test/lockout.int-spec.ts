import { ErrorCode, LoginAttempt, SecurityPatterns } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { BusTestClient, Platform, testEnv, waitFor } from '@portcullis/testing';
import { randomBytes } from 'crypto';

jest.setTimeout(60_000);

/** A fresh account and address per test, so tests never share a counter. */
const newEmail = (tag: string) => `${tag}.${randomBytes(4).toString('hex')}@Example.COM`;
let ipSeq = 0;
const newIp = () => `198.51.100.${++ipSeq}`;

describe('security lockout over the bus (real security process, real Redis)', () => {
  const env = testEnv('security-int');
  const platform = new Platform(env, { LOCKOUT_DURATION_SECONDS: '2', IP_FAILURE_LIMIT: '8' });
  const bus = new BusTestClient(env, 10_000);

  const check = (attempt: LoginAttempt) => bus.call(SecurityPatterns.checkLogin, attempt);
  const checkError = (attempt: LoginAttempt) =>
    check(attempt).then(
      () => undefined,
      (e: unknown) => e,
    );
  const fail = (attempt: LoginAttempt) => bus.call(SecurityPatterns.recordLoginFailure, attempt);
  const failTimes = async (n: number, attempt: LoginAttempt) => {
    const replies = [];
    for (let i = 0; i < n; i++) replies.push(await fail(attempt));
    return replies;
  };

  beforeAll(async () => {
    await platform.start(['security']);
    await bus.connect();
  });

  afterAll(async () => {
    await bus.close();
    await platform.stop();
  });

  it('does not lock after four failures, locks on the fifth, and refuses the account with a Retry-After', async () => {
    const attempt = { email: newEmail('five'), ip: newIp() };
    const replies = await failTimes(5, attempt);
    expect(replies).toEqual(
      [1, 2, 3, 4].map((failures) => ({ locked: false, failures })).concat({ locked: true, failures: 5 }),
    );

    const error = await checkError(attempt);
    expect(error).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED, message: 'Account temporarily locked' });
    const retry = (error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(2);
  });

  it('locks the account for every address, including ones that never failed', async () => {
    const email = newEmail('everywhere');
    await failTimes(5, { email, ip: newIp() });
    expect(await checkError({ email, ip: newIp() })).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
    expect(await checkError({ email: email.toLowerCase().trim() })).toMatchObject({
      code: ErrorCode.AUTH_ACCOUNT_LOCKED,
    });
  });

  it('counts failures from different addresses against the one account', async () => {
    const email = newEmail('spread');
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await fail({ email, ip: newIp() }));
    expect(replies.map((r) => r.locked)).toEqual([false, false, false, false, true]);
  });

  it('lifts the lock by itself when it expires, and the count starts afresh', async () => {
    const attempt = { email: newEmail('expiry'), ip: newIp() };
    await failTimes(5, attempt);
    expect(await checkError(attempt)).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });

    await waitFor(async () => (await checkError(attempt)) === undefined, {
      timeoutMs: 6_000,
      what: 'the lock to expire',
    });
    expect(await fail(attempt)).toEqual({ locked: false, failures: 1 });
  });

  it('clears the count on a successful login', async () => {
    const attempt = { email: newEmail('success'), ip: newIp() };
    await failTimes(4, attempt);
    await bus.call(SecurityPatterns.recordLoginSuccess, attempt);
    const after = await failTimes(4, { ...attempt, ip: newIp() });
    expect(after.map((r) => r.failures)).toEqual([1, 2, 3, 4]);
    expect(after.every((r) => !r.locked)).toBe(true);
  });

  it('locks exactly once when 20 failures for one account arrive at the same time', async () => {
    const attempt = { email: newEmail('race'), ip: newIp() };
    const replies = await Promise.all(Array.from({ length: 20 }, () => fail(attempt)));
    const locking = replies.filter((r) => r.locked);
    expect(locking).toEqual([{ locked: true, failures: 5 }]);
    expect(await checkError(attempt)).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
  });

  it('throttles an address after too many failures, for any account, but not other addresses', async () => {
    const noisy = newIp();
    for (let i = 0; i < 8; i++) await fail({ email: newEmail(`spray${i}`), ip: noisy });

    const error = await checkError({ email: newEmail('victim'), ip: noisy });
    expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED, message: 'Too many failed logins from this address' });
    const retry = (error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(900);
    await expect(check({ email: newEmail('victim'), ip: newIp() })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
  });

  it('publishes auth.account.locked keyed by the email hash, with the email nowhere in Redis or the logs', async () => {
    const email = newEmail('Evented.Person');
    const localPart = email.split('@')[0].toLowerCase();
    await failTimes(5, { email, ip: newIp() });

    const event = await bus.waitForEvent('auth.account.locked', (e) =>
      e.raw.includes(sha256Hex(email.trim().toLowerCase())),
    );

    expect(JSON.parse(event.raw)).toMatchObject({
      type: 'auth.account.locked',
      subject: { type: 'user', id: sha256Hex(email.trim().toLowerCase()) },
      data: { failures: 5, lockedForSeconds: 2 },
    });
    expect(event.raw.toLowerCase()).not.toContain(localPart);
    const keys = await bus.redis.keys(`{${env.REDIS_PREFIX}}:security:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ').toLowerCase()).not.toContain(localPart);
    expect(platform.logs().toLowerCase()).not.toContain(localPart);
  });

  it('unlocks an account on request, and says when there was nothing to unlock', async () => {
    const attempt = { email: newEmail('unlock'), ip: newIp() };
    await failTimes(5, attempt);
    expect(await bus.call(SecurityPatterns.unlockAccount, { email: attempt.email })).toEqual({ unlocked: true });
    await expect(check(attempt)).resolves.toMatchObject({ reservation: { trustedDevice: false } });
    expect(await fail(attempt)).toEqual({ locked: false, failures: 1 });
    expect(await bus.call(SecurityPatterns.unlockAccount, { email: attempt.email })).toEqual({ unlocked: false });
  });

  it('answers VALIDATION_FAILED for a malformed attempt', async () => {
    expect(await checkError({ email: '' })).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('counts failed attempts in failed_auth_attempts_total on its /metrics', async () => {
    const text = await (await fetch(`${platform.opsUrl('security')}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('failed_auth_attempts_total'));
    expect(Number(line?.split(' ').pop())).toBeGreaterThan(0);
  });
});
