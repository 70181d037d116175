import { BusClient } from '@portcullis/bus';
import { ApiKeyPrincipal, MeReply, UserPrincipal } from '@portcullis/contracts';
import { UserViewCache } from '../auth/user-view.cache';
import { PermissionChecker } from './permission-checker';

const VIEW: MeReply = {
  id: 'u1',
  email: 'owner@example.test',
  displayName: null,
  roles: ['user'],
  permissions: ['profile:read', 'profile:write', 'api-keys:write', 'proxy:use'],
};

const user = (scopes?: string[]): UserPrincipal => ({
  kind: 'user',
  userId: 'u1',
  sessionId: 's1',
  jti: 'j1',
  exp: 0,
  roles: ['user'],
  ...(scopes ? { scopes } : {}),
});
const key = (scopes: string[]): ApiKeyPrincipal => ({ kind: 'api-key', keyId: 'k1', userId: 'u1', scopes });

describe('PermissionChecker', () => {
  // The view cache holds the owner's current view; the bus is never asked while it does.
  const views = { get: () => VIEW } as unknown as UserViewCache;
  const checker = new PermissionChecker({} as BusClient, views);

  it("answers a plain user token with the cached view itself, every permission of the user's", () => {
    expect(checker.effectiveView(user())).toBe(VIEW);
    expect(checker.permissionsOf(user())).toEqual(VIEW.permissions);
  });

  it("cuts a key's view, and that of a token exchanged for it, to its scopes (GET /auth/me shows what the credential may do)", () => {
    for (const principal of [key(['profile:read', 'webhooks:write']), user(['profile:read', 'webhooks:write'])]) {
      expect(checker.effectiveView(principal)).toEqual({ ...VIEW, permissions: ['profile:read'] });
      expect(checker.permissionsOf(principal)).toEqual(['profile:read']);
    }
    // The cached view is shared by every request: cutting it must not change it.
    expect(VIEW.permissions).toHaveLength(4);
  });

  it("cuts a key's view once for all its requests, and again as soon as the owner's view changes", () => {
    let current = VIEW;
    const changing = new PermissionChecker({} as BusClient, { get: () => current } as unknown as UserViewCache);
    const principal = key(['profile:read', 'proxy:use']);
    const first = changing.effectiveView(principal) as MeReply;
    expect(changing.effectiveView(principal)).toBe(first);
    expect(changing.permissionsOf(principal)).toBe(first.permissions);
    // Frozen, as the views it is cut from: the data plane serializes it once (reusedAnswers).
    expect(Object.isFrozen(first) && Object.isFrozen(first.permissions)).toBe(true);
    // The owner loses proxy:use: the cache holds a new view, and the key loses it at once.
    current = { ...VIEW, permissions: ['profile:read'] };
    expect(changing.effectiveView(principal)).toEqual({ ...current, permissions: ['profile:read'] });
    expect(changing.permissionsOf(principal)).toEqual(['profile:read']);
    // Another key of the same owner has a cut of its own.
    expect(changing.permissionsOf(key(['proxy:use']))).toEqual([]);
  });

  it('refuses, synchronously, what lies outside the scopes even when the owner holds it', () => {
    expect(() => checker.assert(key(['profile:read']), ['profile:write'], 'PATCH /profile')).toThrow(
      expect.objectContaining({ code: 'AUTH_FORBIDDEN' }),
    );
    expect(checker.assert(key(['profile:read']), ['profile:read'], 'GET /auth/me')).toBeUndefined();
  });
});
