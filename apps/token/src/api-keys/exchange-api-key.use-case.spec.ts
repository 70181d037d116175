import { ErrorCode } from '@portcullis/contracts';
import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { apiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const caller = { userId: owner, isAdmin: false };

describe('ExchangeApiKeyUseCase', () => {
  it('signs an access token for the owner limited to the key’s effective scopes, with sid = the key id', async () => {
    const kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'apis:write', 'profile:read', 'tokens:exchange'], ['developer']);
    const created = await kit.create.execute({
      caller,
      name: 'ci',
      environment: 'live',
      scopes: ['apis:read', 'apis:write'],
      rateLimit: { limit: 5, windowSeconds: 60 },
    });
    kit.owners.set(owner, ['apis:read', 'profile:read', 'tokens:exchange'], ['user']);

    const reply = await kit.exchange.execute({ key: created.key });
    expect(reply).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, scope: 'apis:read' });
    const { claims } = decodeFakeJwt(reply.accessToken);
    expect(claims).toMatchObject({ sub: owner, sid: created.id, roles: ['user'], scope: 'apis:read' });
    // The key's own limits travel with the token, which the gateway charges to them.
    expect(claims.key_limits).toEqual({ rateLimit: { limit: 5, windowSeconds: 60 }, quota: null });
    // When its secret became current (never rolled: its creation), which a later roll cuts off.
    expect(claims.key_gen).toBe(Math.floor(kit.keys.rows.get(created.id)!.createdAt.getTime() / 1000));
    expect(Object.keys(claims).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'key_gen',
      'key_limits',
      'roles',
      'scope',
      'sid',
      'sub',
    ]);
  });

  it('never outlives the key, and refuses a bad key as AUTH_INVALID_API_KEY', async () => {
    const kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'tokens:exchange']);
    const created = await kit.create.execute({
      caller,
      name: 'ci',
      environment: 'live',
      expiresAt: new Date(kit.clock.now().getTime() + 120_000).toISOString(),
    });
    await expect(kit.exchange.execute({ key: created.key })).resolves.toMatchObject({ expiresIn: 120 });
    await expect(kit.exchange.execute({ key: 'pk_live_nope' })).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_API_KEY,
    });
  });

  it('refuses an owner without tokens:exchange (a user demoted to guest), whatever the key holds', async () => {
    const kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'tokens:exchange']);
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live', scopes: ['apis:read'] });
    await expect(kit.exchange.execute({ key: created.key })).resolves.toMatchObject({ scope: 'apis:read' });
    kit.owners.set(owner, ['apis:read'], ['guest']);
    await expect(kit.exchange.execute({ key: created.key })).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
      details: { missing: ['tokens:exchange'] },
    });
  });
});
