import { ErrorCode } from '@portcullis/contracts';
import { apiKeyKit, ApiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const caller = { userId: owner, isAdmin: false };

describe('VerifyApiKeyUseCase', () => {
  let kit: ApiKeyKit;
  const create = (extra: Record<string, unknown> = {}) =>
    kit.create.execute({ caller, name: 'ci', environment: 'live', scopes: ['apis:read', 'apis:write'], ...extra });
  const verify = (key: unknown) => kit.verify.execute({ key } as never);

  beforeEach(() => {
    kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'apis:write', 'profile:read']);
  });

  it('answers a good key with its owner, scopes and limits', async () => {
    const created = await create({ rateLimit: { limit: 5, windowSeconds: 1 } });
    await expect(verify(created.key)).resolves.toEqual({
      keyId: created.id,
      ownerId: owner,
      environment: 'live',
      scopes: ['apis:read', 'apis:write'],
      roles: ['user'],
      rateLimit: { limit: 5, windowSeconds: 1 },
      quota: null,
      expiresAt: null,
    });
  });

  it('cuts the scopes down to what the owner holds now: a demoted owner’s key loses what they lost', async () => {
    const created = await create();
    kit.owners.set(owner, ['apis:read', 'profile:read']);
    await expect(verify(created.key)).resolves.toMatchObject({ scopes: ['apis:read'] });
    kit.owners.set(owner, ['apis:read', 'apis:write', 'profile:read', 'users:write']);
    await expect(verify(created.key)).resolves.toMatchObject({ scopes: ['apis:read', 'apis:write'] });
  });

  it('refuses malformed, unknown, revoked, expired, other-environment and disabled-owner keys alike, after the same work', async () => {
    const revoked = await create();
    await kit.revoke.execute({ caller, id: revoked.id });
    const expiring = await create({ expiresAt: new Date(kit.clock.now().getTime() + 60_000).toISOString() });
    const good = await create();
    const unknown = `${good.key.slice(0, 20)}${'A'.repeat(43)}`;
    const otherEnv = good.key.replace('pk_live_', 'pk_test_');
    kit.clock.advance(60_000);
    const match = jest.spyOn(kit.hasher, 'match');

    const cases = [
      undefined,
      '',
      'pk_live_short',
      'x'.repeat(5000),
      unknown,
      revoked.key,
      expiring.key,
      otherEnv,
      `pk_live_${'Z'.repeat(55)}`,
    ];
    for (const key of cases) {
      const lookupsBefore = kit.keys.lookups;
      const error = await verify(key).catch((e) => e);
      expect(error).toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY, message: 'Invalid API key' });
      expect(error.details).toBeUndefined();
      expect(kit.keys.lookups - lookupsBefore).toBe(1);
    }
    expect(match).toHaveBeenCalledTimes(cases.length);
    match.mock.calls.forEach(([, candidates]) => expect(candidates).toHaveLength(2));

    kit.owners.owners.delete(owner);
    await expect(verify(good.key)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
  });

  it('says until when a key string works: its expiry', async () => {
    const expiresAt = new Date(kit.clock.now().getTime() + 3_600_000);
    const created = await create({ expiresAt: expiresAt.toISOString() });
    await expect(verify(created.key)).resolves.toMatchObject({ expiresAt: Math.floor(expiresAt.getTime() / 1000) });
  });

  it('records use in memory and writes lastUsedAt in one batch, not once per request', async () => {
    const a = await create();
    const b = await create();
    for (let i = 0; i < 5; i++) {
      await verify(a.key);
      await verify(b.key);
      kit.clock.advance(1000);
    }
    expect(kit.keys.touches).toEqual([]);
    expect(kit.keys.rows.get(a.id)!.lastUsedAt).toBeNull();

    await kit.usage.flush();
    expect(kit.keys.touches).toHaveLength(1);
    expect(kit.keys.touches[0]).toHaveLength(2);
    expect(kit.keys.rows.get(a.id)!.lastUsedAt).toEqual(new Date(kit.clock.now().getTime() - 1000));
    await kit.usage.flush();
    expect(kit.keys.touches).toHaveLength(1);
  });
});
