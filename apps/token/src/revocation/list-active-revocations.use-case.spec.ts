import { epochSeconds } from '@portcullis/common';
import { apiKeyKit, ApiKeyKit } from '../../test/fakes/api-key-kit';

const owner = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';
const caller = { userId: owner, isAdmin: false };
/** The longest token a session covers (an agent token: 1 h, above the 900 s access tokens of the test settings) and the margin. */
const LIFETIME = 3630;

/**
 * What a gateway reloads after Redis lost its data: API keys' ends among it, as the in-memory
 * repository answers them (the SQL itself is exercised by the integration tests).
 */
describe('ListActiveRevocationsUseCase: API keys', () => {
  let kit: ApiKeyKit;
  const list = async () => (await kit.token.listActiveRevocations.execute()).revocations;
  const create = (name = 'ci') => kit.create.execute({ caller, name, environment: 'live' });

  beforeEach(() => {
    kit = apiKeyKit();
    kit.owners.set(owner, ['apis:read']);
  });

  it('lists a revoked key as the end of every token exchanged for it, while one could be valid', async () => {
    const key = await create();
    await kit.revoke.execute({ caller, id: key.id });
    const revokedAt = epochSeconds(kit.clock.now());

    expect(await list()).toEqual([{ kind: 'session', sessionId: key.id, until: revokedAt + LIFETIME }]);
    kit.clock.advance((LIFETIME - 1) * 1000);
    expect(await list()).toHaveLength(1);
    kit.clock.advance(1000);
    expect(await list()).toEqual([]);
  });

  it('lists a rolled key as the end of the tokens issued up to the roll, the last roll only', async () => {
    const key = await create();
    await kit.roll.execute({ caller, id: key.id, graceSeconds: 60 });
    kit.clock.advance(10_500);
    await kit.roll.execute({ caller, id: key.id });
    // The roll started its own second (it waited out the one it was asked in).
    const rolledAt = epochSeconds(kit.clock.now());

    const expected = { kind: 'session', sessionId: key.id, issuedBefore: rolledAt - 1, until: rolledAt + LIFETIME };
    expect(await list()).toEqual([expected]);
    // The very revocation the roll broadcast, so a gateway holding both holds one.
    expect(kit.token.revocations.sessionsIssuedBefore.at(-1)).toEqual({
      sessionId: key.id,
      issuedBefore: rolledAt - 1,
    });
    kit.clock.advance(LIFETIME * 1000);
    expect(await list()).toEqual([]);
  });

  it('lists a key rolled, then revoked, as revoked only', async () => {
    const key = await create();
    await kit.roll.execute({ caller, id: key.id });
    kit.clock.advance(5000);
    await kit.revoke.execute({ caller, id: key.id });

    expect(await list()).toEqual([
      { kind: 'session', sessionId: key.id, until: epochSeconds(kit.clock.now()) + LIFETIME },
    ]);
  });

  it('lists nothing for keys never rolled or revoked, or ended longer ago than a token lives', async () => {
    await create('fresh');
    const old = await create('old');
    await kit.revoke.execute({ caller, id: old.id });
    kit.clock.advance(LIFETIME * 1000);
    expect(await list()).toEqual([]);
  });
});
