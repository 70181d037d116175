import { Principal } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';
import { callerOf } from './caller-of';

const requestOf = (principal?: Principal) => ({ principal }) as unknown as FastifyRequest;
const user = { kind: 'user', userId: 'u1', sessionId: 's1', jti: 'j', exp: 1, roles: ['developer'] } as const;

describe('callerOf: whose budget a request spends', () => {
  it('a user token: the user, by role tier', () => {
    expect(callerOf(requestOf({ ...user, roles: ['developer'] }))).toEqual({
      kind: 'user',
      userId: 'u1',
      roles: ['developer'],
    });
  });

  it("a token exchanged for an API key: that key (its sid) with the key's own limits, never the owner's tier", () => {
    const exchanged: Principal = {
      ...user,
      roles: ['developer'],
      sessionId: 'key-1',
      scopes: ['profile:read'],
      keyLimits: { rateLimit: { limit: 2, windowSeconds: 60 }, quota: { limit: 10, refill: 'daily' } },
    };
    expect(callerOf(requestOf(exchanged))).toEqual({
      kind: 'api-key',
      keyId: 'key-1',
      ownerId: 'u1',
      rateLimit: { limit: 2, windowSeconds: 60 },
      quota: { limit: 10, refill: 'daily' },
    });
    // A token signed before key_limits existed still counts against its key, by the default key tier.
    const older: Principal = { ...user, roles: ['developer'], sessionId: 'key-1', scopes: [] };
    expect(callerOf(requestOf(older))).toMatchObject({ kind: 'api-key', keyId: 'key-1', rateLimit: null, quota: null });
  });

  it('no principal: anonymous', () => {
    expect(callerOf(requestOf())).toEqual({ kind: 'anonymous' });
  });
});
