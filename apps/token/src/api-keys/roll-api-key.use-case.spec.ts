import { epochSeconds } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { apiKeyKit, ApiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const caller = { userId: owner, isAdmin: false };

describe('RollApiKeyUseCase', () => {
  let kit: ApiKeyKit;
  const verify = (key: string) => kit.verify.execute({ key });

  beforeEach(() => {
    kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read', 'tokens:exchange']);
  });

  it('gives the same key a new secret; the old one works through the grace period and not after', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    const rolled = await kit.roll.execute({ caller, id: created.id, graceSeconds: 60 });

    expect(rolled).toMatchObject({ id: created.id, prefix: created.prefix, scopes: created.scopes });
    expect(rolled.key).not.toBe(created.key);
    expect(rolled.previousSecretExpiresAt).toBe(new Date(kit.clock.now().getTime() + 60_000).toISOString());
    await expect(verify(rolled.key)).resolves.toMatchObject({ keyId: created.id, expiresAt: null });
    const graceEnd = Math.floor(kit.clock.now().getTime() / 1000) + 60;
    await expect(verify(created.key)).resolves.toMatchObject({ keyId: created.id, expiresAt: graceEnd });

    kit.clock.advance(59_000);
    await expect(verify(created.key)).resolves.toMatchObject({ keyId: created.id });
    kit.clock.advance(1000);
    await expect(verify(created.key)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
    await expect(verify(rolled.key)).resolves.toMatchObject({ keyId: created.id });
  });

  it("is its owner's alone: an admin who could list or revoke the key gets the 404 of an unknown one", async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    const admin = { userId: '0c6a3c1e-0000-4000-8000-000000000009', isAdmin: true };
    await expect(kit.roll.execute({ caller: admin, id: created.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
    await expect(verify(created.key)).resolves.toMatchObject({ keyId: created.id });
  });

  it('through a key, rolls only a key no wider than that key: its secret would hand over the difference', async () => {
    kit.owners.set(owner, ['apis:read', 'api-keys:write', 'users:write']);
    const wide = await kit.create.execute({ caller, name: 'everything', environment: 'live' });
    const narrow = await kit.create.execute({
      caller,
      name: 'rotator',
      environment: 'live',
      scopes: ['api-keys:write', 'apis:read'],
    });
    const throughKey = { ...caller, scopes: narrow.scopes };
    await expect(kit.roll.execute({ caller: throughKey, id: wide.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_SCOPE_FORBIDDEN,
      details: { scopes: ['users:write'] },
    });
    await expect(verify(wide.key)).resolves.toMatchObject({ keyId: wide.id });
    // Itself, or anything within its scopes, it may roll.
    await expect(kit.roll.execute({ caller: throughKey, id: narrow.id })).resolves.toMatchObject({ id: narrow.id });
  });

  it('ends the old secret at once without a grace period, and tells the gateways', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    const rolled = await kit.roll.execute({ caller, id: created.id });

    await expect(verify(created.key)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
    await expect(verify(rolled.key)).resolves.toMatchObject({ keyId: created.id });
    expect(kit.notices.notices).toEqual([{ keyId: created.id, rolledAt: kit.clock.now() }]);
  });

  it('ends the access tokens exchanged before the roll, after the row and the notice', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    kit.clock.advance(1500);
    const exchangedIn = epochSeconds(kit.clock.now());
    await kit.roll.execute({ caller, id: created.id, graceSeconds: 60 });

    // The roll waited out its second: the new secret exists from the next one, and the cut-off is the
    // second a token exchanged just before the roll carries.
    expect(kit.clock.now().getTime() % 1000).toBe(0);
    expect(kit.token.revocations.sessionsIssuedBefore).toEqual([{ sessionId: created.id, issuedBefore: exchangedIn }]);
    // Not the whole session: the tokens of the new secret (and the grace's, below) stay good.
    expect(kit.token.revocations.sessions).toEqual([]);
    expect(kit.notices.notices).toEqual([{ keyId: created.id, rolledAt: kit.clock.now() }]);
  });

  it('rolls in the next second even when its timer fires a few milliseconds early', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    kit.clock.advance(1500);
    const exchangedIn = epochSeconds(kit.clock.now());
    // Node times a timer on the loop's cached clock: under load it can end before the wall clock's second does.
    jest.spyOn(kit.clock, 'sleep').mockImplementationOnce((ms: number) => {
      kit.clock.advance(ms - 5);
      return Promise.resolve();
    });
    await kit.roll.execute({ caller, id: created.id, graceSeconds: 60 });

    expect(kit.token.revocations.sessionsIssuedBefore).toEqual([{ sessionId: created.id, issuedBefore: exchangedIn }]);
  });

  it('within the grace, exchanges the old secret only for tokens that end with the grace', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await kit.roll.execute({ caller, id: created.id, graceSeconds: 120 });
    const graceEnd = epochSeconds(kit.clock.now()) + 120;
    kit.clock.advance(30_000);

    const reply = await kit.exchange.execute({ key: created.key });
    expect(reply.expiresIn).toBe(90);
    const { claims } = decodeFakeJwt(reply.accessToken);
    expect(claims).toMatchObject({ sid: created.id, exp: graceEnd });
    // Read after the roll, so its revocation does not reach it.
    const [cutoff] = kit.token.revocations.sessionsIssuedBefore;
    expect(claims.key_gen as number).toBeGreaterThan(cutoff.issuedBefore);
    expect(claims.iat as number).toBeGreaterThan(cutoff.issuedBefore);
  });

  it('ends a token whose exchange read the key before the roll, however late it signs', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    kit.clock.advance(1500);
    // The exchange reads the key, then waits on the user app (the owner's permissions)…
    let answer!: () => void;
    const owners = kit.owners.of.bind(kit.owners);
    jest.spyOn(kit.owners, 'of').mockImplementationOnce(async (userId) => {
      await new Promise<void>((resolve) => (answer = resolve));
      return owners(userId);
    });
    const exchange = kit.exchange.execute({ key: created.key });
    await Promise.resolve();
    // …while the key rolls with no grace, and only signs seconds later.
    await kit.roll.execute({ caller, id: created.id });
    kit.clock.advance(3000);
    answer();
    const { claims } = decodeFakeJwt((await exchange).accessToken);

    const [cutoff] = kit.token.revocations.sessionsIssuedBefore;
    // Its `iat` is after the roll: an `iat` cut-off would have let it live. Its `key_gen` is not.
    expect(claims.iat as number).toBeGreaterThan(cutoff.issuedBefore);
    expect(claims.key_gen as number).toBeLessThanOrEqual(cutoff.issuedBefore);
    expect(claims.key_gen).toBe(epochSeconds(kit.keys.rows.get(created.id)!.createdAt));
  });

  it('keeps every roll a second after the one before, so racing rolls cut off each other’s tokens', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    const first = await kit.roll.execute({ caller, id: created.id });
    const between = decodeFakeJwt((await kit.exchange.execute({ key: first.key })).accessToken).claims;
    // A second roll that read the same second (it raced the first) is stored a second later.
    const rolledAt = kit.keys.rows.get(created.id)!.rolledAt!;
    const secondBefore = new Date(rolledAt.getTime() - 500);
    jest.spyOn(kit.clock, 'sleep').mockResolvedValueOnce(undefined);
    jest.spyOn(kit.clock, 'now').mockReturnValueOnce(secondBefore).mockReturnValueOnce(rolledAt);
    await kit.roll.execute({ caller, id: created.id });

    expect(kit.keys.rows.get(created.id)!.rolledAt).toEqual(new Date(rolledAt.getTime() + 1000));
    const cutoffs = kit.token.revocations.sessionsIssuedBefore.map((r) => r.issuedBefore);
    expect(cutoffs).toEqual([epochSeconds(rolledAt) - 1, epochSeconds(rolledAt)]);
    expect(between.key_gen).toBe(epochSeconds(rolledAt));
    expect(between.key_gen as number).toBeLessThanOrEqual(cutoffs[1]);
    expect(kit.notices.notices.map((n) => n.rolledAt)).toEqual([rolledAt, new Date(rolledAt.getTime() + 1000)]);
  });

  it('publishes nothing when the roll is refused, and the row and notice stand when publishing fails', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await kit.revoke.execute({ caller, id: created.id });
    await expect(kit.roll.execute({ caller, id: created.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
    expect(kit.token.revocations.sessionsIssuedBefore).toEqual([]);

    const other = await kit.create.execute({ caller, name: 'deploy', environment: 'live' });
    jest.spyOn(kit.token.revocations, 'revokeSessionIssuedBefore').mockRejectedValueOnce(new Error('redis down'));
    await expect(kit.roll.execute({ caller, id: other.id })).rejects.toThrow('redis down');
    await expect(verify(other.key)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
    expect(kit.notices.notices).toContainEqual({ keyId: other.id, rolledAt: kit.clock.now() });
    // PostgreSQL has the roll, so the revocation comes back with the next reload.
    expect((await kit.token.listActiveRevocations.execute()).revocations).toContainEqual(
      expect.objectContaining({ sessionId: other.id, issuedBefore: epochSeconds(kit.clock.now()) - 1 }),
    );
  });

  it('announces api_key.rolled without key material', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    const rolled = await kit.roll.execute({ caller, id: created.id, graceSeconds: 5 });
    const event = kit.keys.outbox.find((e) => e.type === 'api_key.rolled');
    expect(event).toMatchObject({
      subject: { type: 'user', id: owner },
      data: { apiKeyId: created.id, name: 'ci', previousSecretExpiresAt: rolled.previousSecretExpiresAt },
    });
    for (const secret of [created.key, rolled.key, kit.hasher.hash(created.key), kit.hasher.hash(rolled.key)]) {
      expect(JSON.stringify(kit.keys.outbox)).not.toContain(secret);
    }
  });

  it('refuses a revoked key, another user’s key, and a bad grace period', async () => {
    const created = await kit.create.execute({ caller, name: 'ci', environment: 'live' });
    await expect(
      kit.roll.execute({ caller: { userId: '0c6a3c1e-0000-4000-8000-000000000009', isAdmin: false }, id: created.id }),
    ).rejects.toMatchObject({ code: ErrorCode.API_KEY_NOT_FOUND });
    await expect(kit.roll.execute({ caller, id: created.id, graceSeconds: -1 })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    await kit.revoke.execute({ caller, id: created.id });
    await expect(kit.roll.execute({ caller, id: created.id })).rejects.toMatchObject({
      code: ErrorCode.API_KEY_NOT_FOUND,
    });
  });
});
