import { ErrorCode } from '@portcullis/contracts';
import { apiKeyKit, ApiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const caller = { userId: owner, isAdmin: false };

describe('CreateApiKeyUseCase', () => {
  let kit: ApiKeyKit;

  beforeEach(() => {
    kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'apis:write', 'profile:read']);
  });

  it('returns the key once and stores only its peppered hash, announcing it without key material', async () => {
    const created = await kit.create.execute({
      caller,
      name: ' ci ',
      environment: 'live',
      scopes: ['apis:read'],
      rateLimit: { limit: 10, windowSeconds: 60 },
      quota: { limit: 1000, refill: 'daily' },
    });

    expect(created).toMatchObject({
      ownerUserId: owner,
      name: 'ci',
      environment: 'live',
      scopes: ['apis:read'],
      rateLimit: { limit: 10, windowSeconds: 60 },
      quota: { limit: 1000, refill: 'daily' },
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.key).toMatch(/^pk_live_[0-9A-Za-z]{55}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = kit.keys.rows.get(created.id)!;
    expect(row.hash).toBe(kit.hasher.hash(created.key));
    expect(JSON.stringify([...kit.keys.rows.values()])).not.toContain(created.key.slice(20));
    expect(kit.keys.outbox).toEqual([
      expect.objectContaining({
        type: 'api_key.created',
        subject: { type: 'user', id: owner },
        data: { apiKeyId: created.id, name: 'ci', environment: 'live', scopes: ['apis:read'] },
      }),
    ]);
    const announced = JSON.stringify(kit.keys.outbox);
    expect(announced).not.toContain(created.key);
    expect(announced).not.toContain(row.hash);
    expect(announced).not.toContain(kit.settings.pepper);
  });

  it('refuses scopes beyond the owner’s permissions, naming each one, and stores nothing', async () => {
    const error = await kit.create
      .execute({ caller, name: 'ci', environment: 'test', scopes: ['apis:read', 'users:write', 'audit:read'] })
      .catch((e) => e);
    expect(error).toMatchObject({
      code: ErrorCode.API_KEY_SCOPE_FORBIDDEN,
      details: { scopes: ['audit:read', 'users:write'] },
    });
    expect(error.message).toContain('users:write');
    expect(kit.keys.rows.size).toBe(0);
    expect(kit.keys.outbox).toEqual([]);
  });

  it('gives a key without named scopes everything the owner holds now, and no more later', async () => {
    const created = await kit.create.execute({ caller, name: 'all', environment: 'live' });
    expect(created.scopes).toEqual(['apis:read', 'apis:write', 'profile:read']);
  });

  it('cuts what a key may create to its own scopes: never a wider key, by default only what it holds', async () => {
    const viaKey = { ...caller, scopes: ['apis:read', 'api-keys:write'] };
    const narrow = await kit.create.execute({ caller: viaKey, name: 'child', environment: 'live' });
    expect(narrow.scopes).toEqual(['apis:read']);
    await expect(
      kit.create.execute({ caller: viaKey, name: 'wider', environment: 'live', scopes: ['apis:write'] }),
    ).rejects.toMatchObject({ code: ErrorCode.API_KEY_SCOPE_FORBIDDEN, details: { scopes: ['apis:write'] } });
  });

  it('refuses a disabled or unknown owner', async () => {
    kit.owners.owners.clear();
    await expect(kit.create.execute({ caller, name: 'x', environment: 'live' })).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
    });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ environment: 'prod' }, 'environment'],
    [{ scopes: 'apis:read' }, 'scopes'],
    [{ scopes: ['not a permission'] }, 'scopes'],
    [{ expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    [{ expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ rateLimit: { limit: 0, windowSeconds: 60 } }, 'rateLimit'],
    [{ quota: { limit: 5, refill: 'weekly' } }, 'quota'],
    [{ caller: { userId: 'nope', isAdmin: false } }, 'caller.userId'],
  ])('rejects a bad field (%j) as VALIDATION_FAILED naming %s', async (patch, field) => {
    const request = { caller, name: 'ci', environment: 'live', ...patch } as never;
    await expect(kit.create.execute(request)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { field },
    });
  });

  it('keeps an expiry in the future', async () => {
    const expiresAt = new Date(kit.clock.now().getTime() + 86_400_000).toISOString();
    await expect(kit.create.execute({ caller, name: 'ci', environment: 'live', expiresAt })).resolves.toMatchObject({
      expiresAt,
    });
  });
});
