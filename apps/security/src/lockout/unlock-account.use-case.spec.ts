import { runWithRequestContext } from '@portcullis/common';
import { lockoutFixture } from '../../test/fakes/lockout-fixture';
import { CheckLoginUseCase } from './check-login.use-case';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';
import { UnlockAccountUseCase } from './unlock-account.use-case';

describe('UnlockAccountUseCase', () => {
  const f = lockoutFixture();
  const fail = new RecordLoginFailureUseCase(f.store, f.policy, f.devices);
  const check = new CheckLoginUseCase(f.store, f.policy, f.devices);
  const unlock = new UnlockAccountUseCase(f.store);

  it('lifts a lock at once and starts the count afresh', async () => {
    for (let i = 0; i < 5; i++) await fail.execute({ email: 'carol@example.com' });
    expect(await unlock.execute({ email: 'Carol@Example.com' })).toEqual({ unlocked: true });
    await expect(check.execute({ email: 'carol@example.com' })).resolves.toMatchObject({
      reservation: { trustedDevice: false },
    });
    expect(await fail.execute({ email: 'carol@example.com' })).toEqual({ locked: false, failures: 1 });
  });

  it('builds auth.account.unlocked itself, actor and origin from the request context, for the store to append with the unlock', async () => {
    const context = {
      requestId: 'req-u',
      principal: { userId: 'admin-1' },
      origin: { ip: '203.0.113.5', userAgent: 'curl/8' },
    };
    await runWithRequestContext(context, () => unlock.execute({ email: 'erin@example.com', userId: 'u-9' }));
    expect(f.store.announced.filter((e) => e.type === 'auth.account.unlocked')).toEqual([
      expect.objectContaining({
        type: 'auth.account.unlocked',
        subject: { type: 'user', id: 'u-9' },
        actor: { type: 'user', id: 'admin-1' },
        meta: { ip: '203.0.113.5', userAgent: 'curl/8', requestId: 'req-u' },
      }),
    ]);
  });

  it('announces nothing when the caller does not name the user', async () => {
    await unlock.execute({ email: 'frank@example.com' });
    expect(f.store.announced.filter((e) => e.subject.id === 'frank')).toEqual([]);
  });

  it('says so when there was nothing to unlock, and clears stray failures anyway', async () => {
    for (let i = 0; i < 4; i++) await fail.execute({ email: 'dave@example.com' });
    expect(await unlock.execute({ email: 'dave@example.com' })).toEqual({ unlocked: false });
    expect(await fail.execute({ email: 'dave@example.com' })).toEqual({ locked: false, failures: 1 });
  });
});
