import { ErrorCode, UpdateProfileRequest, UserPatterns } from '@portcullis/contracts';
import { viaBus } from '@portcullis/testing';
import { userFixture } from '../../test/fakes/user-fixture';
import { UpdateProfileUseCase } from './update-profile.use-case';

async function setup() {
  const f = userFixture();
  const user = (await f.users.insert({ email: 'mo@example.com', displayName: 'Mo', passwordHash: 'h', role: 'user' }))!;
  return { ...f, user, update: viaBus(UserPatterns.updateProfile, new UpdateProfileUseCase(f.users, f.views)) };
}

describe('UpdateProfileUseCase', () => {
  it('changes the display name and announces which fields changed', async () => {
    const { update, user, published, broadcasts } = await setup();
    const updated = await update.execute({ id: user.id, displayName: '  Mo Farah ' });
    expect(updated.displayName).toBe('Mo Farah');
    expect(published).toEqual([
      { type: 'user.updated', data: expect.objectContaining({ data: { fields: ['displayName'] } }) },
    ]);
    // Every gateway drops its cached view of this user.
    expect(broadcasts).toEqual([{ topic: 'user-changed', message: { userId: user.id } }]);
  });

  it('clears the display name with null or an empty string', async () => {
    const { update, user } = await setup();
    expect((await update.execute({ id: user.id, displayName: '   ' })).displayName).toBeNull();
  });

  it('never changes roles, the active flag or the email, whatever the request carries', async () => {
    const { update, user, users } = await setup();
    const sneaky = {
      id: user.id,
      displayName: 'Mo',
      roles: ['super_admin'],
      isActive: false,
      email: 'x@y.z',
    } as UpdateProfileRequest;
    const result = await update.execute(sneaky);
    expect(result).toMatchObject({ roles: ['user'], isActive: true, email: 'mo@example.com' });
    expect(users.rows.get(user.id)).toMatchObject({ roles: ['user'], isActive: true });
  });

  it('announces nothing when nothing changed', async () => {
    const { update, user, published } = await setup();
    await update.execute({ id: user.id, displayName: 'Mo' });
    await update.execute({ id: user.id });
    expect(published).toHaveLength(0);
  });

  it('rejects an over-long display name and an unknown user', async () => {
    const { update, user } = await setup();
    await expect(update.execute({ id: user.id, displayName: 'x'.repeat(101) })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    await expect(update.execute({ id: 'nobody', displayName: 'Mo' })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
  });
});
