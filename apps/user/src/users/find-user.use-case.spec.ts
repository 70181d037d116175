import { ErrorCode } from '@portcullis/contracts';
import { InMemoryUserRepository } from '../../test/fakes/in-memory-user.repository';
import { FindUserUseCase } from './find-user.use-case';

describe('FindUserUseCase', () => {
  it('returns the user without its hash', async () => {
    const users = new InMemoryUserRepository();
    const stored = await users.insert({
      email: 'kim@example.com',
      displayName: 'Kim',
      passwordHash: '$2b$04$x',
      role: 'user',
    });
    const user = await new FindUserUseCase(users).execute({ id: stored!.id });
    expect(user).toMatchObject({ id: stored!.id, email: 'kim@example.com', roles: ['user'] });
    expect(JSON.stringify(user)).not.toContain('$2b$');
  });

  it.each([['0b8f7c1e-7a5e-4c43-9a43-1d2f3e4a5b6c'], ['not-a-uuid'], [undefined]])(
    'answers USER_NOT_FOUND for %p',
    async (id) => {
      await expect(
        new FindUserUseCase(new InMemoryUserRepository()).execute({ id: id as string }),
      ).rejects.toMatchObject({
        code: ErrorCode.USER_NOT_FOUND,
      });
    },
  );
});
