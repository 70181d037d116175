import { ErrorCode } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { withOrigin } from '@portcullis/testing';
import { register } from 'prom-client';
import { lockoutFixture } from '../../test/fakes/lockout-fixture';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';

const EMAIL = 'Alice@Example.com';
const ACCOUNT = sha256Hex('alice@example.com');

function setup() {
  const f = lockoutFixture();
  return { ...f, useCase: new RecordLoginFailureUseCase(f.store, f.policy, f.devices) };
}

async function failedAttemptsCounted(): Promise<number> {
  const metric = await register.getSingleMetric('failed_auth_attempts_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('RecordLoginFailureUseCase', () => {
  it('counts four failures without locking and locks on the fifth', async () => {
    const s = setup();
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await s.useCase.execute({ email: EMAIL, ip: '198.51.100.1' }));
    expect(replies).toEqual(
      [1, 2, 3, 4].map((failures) => ({ locked: false, failures })).concat({ locked: true, failures: 5 }),
    );
  });

  it('counts failures from every address against the one account', async () => {
    const s = setup();
    for (let i = 1; i <= 4; i++) await s.useCase.execute({ email: EMAIL, ip: `198.51.100.${i}` });
    expect(await s.useCase.execute({ email: EMAIL, ip: '203.0.113.1' })).toEqual({ locked: true, failures: 5 });
  });

  it('forgets failures older than the window (sliding, not fixed)', async () => {
    const s = setup();
    await s.useCase.execute({ email: EMAIL });
    s.store.advance(s.policy.windowMs / 2);
    for (let i = 0; i < 3; i++) await s.useCase.execute({ email: EMAIL });
    s.store.advance(s.policy.windowMs / 2);
    expect(await s.useCase.execute({ email: EMAIL })).toEqual({ locked: false, failures: 4 });
  });

  it('announces the lock once, with the lock itself, keyed by the email hash, with no email anywhere in it', async () => {
    const s = setup();
    // As the auth app calls it while handling a login: the request's origin is the message's context.
    const attempt = { email: EMAIL, ip: '198.51.100.1' };
    for (let i = 0; i < 8; i++) await withOrigin({ ip: '198.51.100.1' }, () => s.useCase.execute(attempt));

    expect(s.store.announced).toHaveLength(1);
    const [data] = s.store.announced;
    expect(data).toMatchObject({
      type: 'auth.account.locked',
      subject: { type: 'user', id: ACCOUNT },
      data: { failures: 5, lockedForSeconds: 900 },
      meta: { ip: '198.51.100.1' },
    });
    expect(JSON.stringify(data).toLowerCase()).not.toContain('alice');
    expect(s.store.keys().join(' ').toLowerCase()).not.toContain('alice');
  });

  it('does not count failures that race in after the lock, so the lock is not extended or re-armed', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) await s.useCase.execute({ email: EMAIL });
    expect(await s.useCase.execute({ email: EMAIL })).toEqual({ locked: false, failures: 5 });
    s.store.advance(s.policy.lockMs);
    expect(await s.useCase.execute({ email: EMAIL })).toEqual({ locked: false, failures: 1 });
  });

  it('counts every failure in failed_auth_attempts_total', async () => {
    const s = setup();
    const before = await failedAttemptsCounted();
    for (let i = 0; i < 3; i++) await s.useCase.execute({ email: `u${i}@example.com` });
    expect((await failedAttemptsCounted()) - before).toBe(3);
  });

  it('rejects a request without an email', async () => {
    const s = setup();
    await expect(s.useCase.execute({} as never)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });
});
