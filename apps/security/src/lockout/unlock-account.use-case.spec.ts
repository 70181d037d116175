import { domainEvent } from '@portcullis/common';
import { Events } from '@portcullis/contracts';
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
    await expect(check.execute({ email: 'carol@example.com' })).resolves.toMatchObject({ reservation: { trustedDevice: false } });
    expect(await fail.execute({ email: 'carol@example.com' })).toEqual({ locked: false, failures: 1 });
  });

  it('hands the auth.account.unlocked event to the store to append with the unlock, and nothing else', async () => {
    const event = domainEvent(Events.accountUnlocked, { subject: { type: 'user', id: 'u-9' }, data: {} });
    await unlock.execute({ email: 'erin@example.com', announce: event });
    await unlock.execute({ email: 'erin@example.com', announce: { ...event, type: 'user.deleted' } });
    expect(f.store.announced.filter((e) => e.type === 'auth.account.unlocked')).toEqual([event]);
  });

  it('says so when there was nothing to unlock, and clears stray failures anyway', async () => {
    for (let i = 0; i < 4; i++) await fail.execute({ email: 'dave@example.com' });
    expect(await unlock.execute({ email: 'dave@example.com' })).toEqual({ unlocked: false });
    expect(await fail.execute({ email: 'dave@example.com' })).toEqual({ locked: false, failures: 1 });
  });
});
