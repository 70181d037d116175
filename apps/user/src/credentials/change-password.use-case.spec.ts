import { ErrorCode } from '@portcullis/contracts';
import { RecordingSessionRevoker } from '../../test/fakes/recording-session-revoker';
import { STRONG_PASSWORD, userFixture } from '../../test/fakes/user-fixture';
import { ChangePasswordUseCase } from './change-password.use-case';

const NEW_PASSWORD = 'copper lantern orbit fjord';

async function setup() {
  const f = userFixture();
  const user = (await f.users.insert({
    email: 'ola@example.com',
    displayName: null,
    passwordHash: await f.hasher.hash(STRONG_PASSWORD),
    role: 'user',
  }))!;
  const sessions = new RecordingSessionRevoker();
  return { ...f, user, sessions, change: new ChangePasswordUseCase(f.users, f.hasher, f.rules, sessions) };
}

describe('ChangePasswordUseCase', () => {
  it('stores a new hash that verifies the new password and no longer the old one', async () => {
    const { change, user, users, hasher } = await setup();
    await change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
    const hash = users.rows.get(user.id)!.passwordHash;
    await expect(hasher.verify(NEW_PASSWORD, hash)).resolves.toBe(true);
    await expect(hasher.verify(STRONG_PASSWORD, hash)).resolves.toBe(false);
  });

  it('revokes every other session and records auth.password.changed with the count, in the same transaction', async () => {
    const { change, user, sessions, published } = await setup();
    sessions.live.set(user.id, 2);
    await change.execute({
      id: user.id,
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      keepSessionId: 'this-one',
    });
    expect(sessions.calls).toEqual([{ userId: user.id, reason: 'password_changed', exceptSessionId: 'this-one' }]);
    expect(published.map((e) => [e.type, e.data.subject, e.data.data])).toEqual([
      ['auth.password.changed', { type: 'user', id: user.id }, { sessionsRevoked: 2 }],
    ]);
  });

  it('keeps the old password and announces nothing when the sessions cannot be revoked (retryable)', async () => {
    const { change, user, users, sessions, published } = await setup();
    const before = users.rows.get(user.id)!.passwordHash;
    sessions.failWith = new Error('token app unreachable');
    await expect(
      change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }),
    ).rejects.toThrow('token app unreachable');
    expect(users.rows.get(user.id)!.passwordHash).toBe(before);
    expect(published).toEqual([]);
  });

  it('refuses a wrong current password and keeps the old hash', async () => {
    const { change, user, users } = await setup();
    const before = users.rows.get(user.id)!.passwordHash;
    await expect(
      change.execute({ id: user.id, currentPassword: 'not it at all', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_CREDENTIALS,
    });
    expect(users.rows.get(user.id)!.passwordHash).toBe(before);
  });

  it('applies the policy to the new password, naming the newPassword field', async () => {
    const { change, user } = await setup();
    await expect(
      change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: 'ola12345' }),
    ).rejects.toMatchObject({
      code: ErrorCode.AUTH_WEAK_PASSWORD,
      details: { errors: [{ field: 'newPassword', messages: expect.arrayContaining([expect.any(String)]) }] },
    });
  });

  it('refuses a new password equal to the current one', async () => {
    const { change, user } = await setup();
    await expect(
      change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }),
    ).rejects.toMatchObject({
      code: ErrorCode.AUTH_WEAK_PASSWORD,
      details: { errors: [{ messages: ['The new password must differ from the current one'] }] },
    });
  });

  it('lets only one of two concurrent changes from the same old password win', async () => {
    const { change, user } = await setup();
    const results = await Promise.allSettled([
      change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }),
      change.execute({ id: user.id, currentPassword: STRONG_PASSWORD, newPassword: 'quartz pepper harbour lynx' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('answers USER_NOT_FOUND for an unknown id', async () => {
    const { change } = await setup();
    await expect(
      change.execute({ id: 'gone', currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
  });
});
