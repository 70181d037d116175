import { ErrorCode } from '@portcullis/contracts';
import { apiKeyKit, ApiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const stranger = { userId: '0c6a3c1e-0000-4000-8000-000000000009', isAdmin: false };
const caller = { userId: owner, isAdmin: false };

describe('RevokeApiKeyUseCase', () => {
  let kit: ApiKeyKit;

  beforeEach(() => {
    kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read']);
  });

  it('ends the key, tells every gateway, and kills the access tokens exchanged for it', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await kit.revoke.execute({ caller, id: created.id });

    await expect(kit.verify.execute({ key: created.key })).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_API_KEY,
    });
    expect(kit.notices.notices).toEqual([{ keyId: created.id }]);
    expect(kit.token.revocations.sessions).toEqual([created.id]);
    expect(kit.keys.outbox.filter((e) => e.type === 'api_key.revoked')).toEqual([
      expect.objectContaining({
        subject: { type: 'user', id: owner },
        actor: { type: 'user', id: owner },
        data: { apiKeyId: created.id, name: 'ci' },
      }),
    ]);
    await expect(kit.get.execute({ caller, id: created.id })).resolves.toMatchObject({
      revokedAt: kit.clock.now().toISOString(),
    });
  });

  it('announces once however often it is revoked, but republishes the notice each time', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await kit.revoke.execute({ caller, id: created.id });
    await kit.revoke.execute({ caller, id: created.id });
    expect(kit.keys.outbox.filter((e) => e.type === 'api_key.revoked')).toHaveLength(1);
    expect(kit.notices.notices).toHaveLength(2);
  });

  it('answers another user’s key as not found, but lets an admin revoke it', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await expect(kit.revoke.execute({ caller: stranger, id: created.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
    await expect(kit.get.execute({ caller: stranger, id: created.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
    await expect(kit.revoke.execute({ caller: stranger, id: 'not-a-uuid' })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
    await kit.revoke.execute({ caller: { ...stranger, isAdmin: true }, id: created.id });
    expect(kit.keys.rows.get(created.id)!.revokedAt).not.toBeNull();
  });
});
