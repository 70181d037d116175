import { ErrorCode } from '@portcullis/contracts';
import { apiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const other = '0c6a3c1e-0000-4000-8000-000000000009';

describe('ListApiKeysUseCase', () => {
  it('lists the caller’s own keys newest first, never a secret or hash; admins may name another user', async () => {
    const kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read']);
    kit.owners.set(other, ['apis:read']);
    const first = await kit.create.execute({
      caller: { userId: owner, isAdmin: false },
      name: 'first',
      environment: 'live',
    });
    kit.clock.advance(1000);
    const second = await kit.create.execute({
      caller: { userId: owner, isAdmin: false },
      name: 'second',
      environment: 'test',
    });
    await kit.create.execute({ caller: { userId: other, isAdmin: false }, name: 'theirs', environment: 'live' });

    const listed = await kit.list.execute({ caller: { userId: owner, isAdmin: false } });
    expect(listed.map((k) => k.name)).toEqual(['second', 'first']);
    const text = JSON.stringify(listed);
    for (const created of [first, second]) {
      expect(text).not.toContain(created.key);
      expect(text).not.toContain(kit.hasher.hash(created.key));
    }
    expect(listed.every((k) => !('key' in k) && !('hash' in k))).toBe(true);

    await expect(kit.list.execute({ caller: { userId: other, isAdmin: false }, userId: owner })).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
    });
    await expect(kit.list.execute({ caller: { userId: other, isAdmin: true }, userId: owner })).resolves.toHaveLength(
      2,
    );
  });
});
