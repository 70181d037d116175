import { apiKeyKit } from '../../test/fakes/api-key-kit';
import { SessionLivenessUseCase } from './session-liveness.use-case';

const alice = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const bob = '0c6a3c1e-0000-4000-8000-000000000009';
const DAY_MS = 86_400_000;

function kit() {
  const k = apiKeyKit();
  k.owners.set(alice, ['apis:read']);
  const liveness = new SessionLivenessUseCase(k.token.sessions, k.keys, k.clock, k.owners);
  const live = async (userId: string, sessionId: string) => (await liveness.execute({ userId, sessionId })).live;
  return { ...k, live };
}

describe('SessionLivenessUseCase', () => {
  it('a login session is live for its own user until it is revoked', async () => {
    const k = kit();
    const { sessionId } = await k.token.createSession.execute({ userId: alice, roles: [] });
    expect(await k.live(alice, sessionId)).toBe(true);
    expect(await k.live(bob, sessionId)).toBe(false);
    await k.token.revokeSession.execute({ userId: alice, sessionId, reason: 'logout' });
    expect(await k.live(alice, sessionId)).toBe(false);
  });

  it('a login session nobody refreshed ends silently at its expiry, with no event to say so', async () => {
    const k = kit();
    const { sessionId } = await k.token.createSession.execute({ userId: alice, roles: [] });
    k.clock.advance(k.token.settings.refreshTokenTtlSeconds * 1000 - 1000);
    expect(await k.live(alice, sessionId)).toBe(true);
    k.clock.advance(2000);
    expect(await k.live(alice, sessionId)).toBe(false);
  });

  it("an API key's id is live for its owner until the key is revoked or expires", async () => {
    const k = kit();
    const caller = { userId: alice, isAdmin: false };
    const revoked = await k.create.execute({ caller, name: 'ci', environment: 'live' });
    const expiring = await k.create.execute({
      caller,
      name: 'nightly',
      environment: 'live',
      expiresAt: new Date(k.clock.now().getTime() + DAY_MS).toISOString(),
    });
    expect(await k.live(alice, revoked.id)).toBe(true);
    expect(await k.live(bob, revoked.id)).toBe(false);
    await k.revoke.execute({ caller, id: revoked.id });
    expect(await k.live(alice, revoked.id)).toBe(false);

    expect(await k.live(alice, expiring.id)).toBe(true);
    k.clock.advance(DAY_MS + 1000);
    expect(await k.live(alice, expiring.id)).toBe(false);
  });

  it("an API key's id is not live once its owner is disabled", async () => {
    const k = kit();
    const key = await k.create.execute({ caller: { userId: alice, isAdmin: false }, name: 'ci', environment: 'live' });
    expect(await k.live(alice, key.id)).toBe(true);
    k.owners.owners.delete(alice); // disabled: the user app answers no standing
    expect(await k.live(alice, key.id)).toBe(false);
  });

  it('an unknown or malformed sid is not live', async () => {
    const k = kit();
    expect(await k.live(alice, '3f0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e11')).toBe(false);
    expect(await k.live(alice, 'not-a-uuid')).toBe(false);
  });
});
