import { AgentPrincipal, ApiKeyPrincipal, Principal, UserPrincipal } from '@portcullis/contracts';
import { CapabilityBudgets } from '../agents/budgets/capability-budgets';
import { ApiRecord, ApiRoute } from '../apis/api-record';
import { PermissionChecker } from '../rbac/permission-checker';
import { callerOf, ProxyAccess } from './proxy-access';

const user = (userId: string): UserPrincipal => ({
  kind: 'user',
  userId,
  sessionId: 's',
  jti: 'j',
  exp: 0,
  roles: ['user'],
});
const key = (userId: string, scopes: string[]): ApiKeyPrincipal => ({ kind: 'api-key', keyId: 'k1', userId, scopes });
const agent = (userId: string, capabilities: string[]) =>
  ({ kind: 'agent', agentId: 'a1', userId, capabilities }) as unknown as AgentPrincipal;

/** Permissions per user id; a key gets its owner's within its scopes, an agent none (as PermissionChecker does). */
function checker(table: Record<string, string[]>): PermissionChecker {
  return {
    permissionsOf: (p: Principal) =>
      Promise.resolve(
        p.kind === 'agent' ? [] : (table[p.userId] ?? []).filter((x) => p.kind !== 'api-key' || p.scopes.includes(x)),
      ),
  } as unknown as PermissionChecker;
}

/** A budget of one use of files:write per agent. */
const used = new Set<string>();
const denials: string[] = [];
const budgets = {
  recordDenial: (agentId: string, capability: string) => void denials.push(`${agentId}:${capability}`),
  consume: (agentId: string, capability: string) => {
    if (capability !== 'files:write') return Promise.resolve({ allowed: true, reason: 'granted', remaining: null });
    const first = !used.has(agentId);
    used.add(agentId);
    return Promise.resolve(
      first
        ? { allowed: true, reason: 'granted', remaining: 0 }
        : { allowed: false, reason: 'budget_exhausted', remaining: 0, retryAfterSeconds: 60 },
    );
  },
};

const api = { id: 'api-1', ownerId: 'owner', routes: [] } as unknown as ApiRecord;
const access = new ProxyAccess(
  checker({
    owner: ['proxy:use', 'reports:read'],
    other: ['proxy:use'],
    admin: ['proxy:use', 'apis:scope-all'],
    guest: [],
  }),
  budgets as unknown as CapabilityBudgets,
);

/** The decision as a promise, whether it came synchronously (a throw or a value) or not. */
const attempt = (principal: Principal, on: ApiRecord, route?: ApiRoute) =>
  Promise.resolve().then(() => access.assert(principal, on, route));

describe('proxy access', () => {
  it('decides without a promise when the caller’s permissions are in memory', () => {
    const cached = new ProxyAccess(
      { permissionsOf: () => ['proxy:use'] } as unknown as PermissionChecker,
      budgets as unknown as CapabilityBudgets,
    );
    expect(cached.assert(user('owner'), api, undefined)).toBeUndefined();
    expect(() => cached.assert(user('other'), api, undefined)).toThrow(
      expect.objectContaining({ code: 'API_NOT_FOUND' }),
    );
    expect(() => cached.assert(agent('owner', ['files:read']), api, undefined)).toThrow(
      expect.objectContaining({ code: 'AUTH_FORBIDDEN' }),
    );
  });

  it('lets the owner, the owner’s keys within scope and admins with apis:scope-all call; others get 404', async () => {
    await expect(attempt(user('owner'), api, undefined)).resolves.toBeUndefined();
    await expect(attempt(key('owner', ['proxy:use']), api, undefined)).resolves.toBeUndefined();
    await expect(attempt(user('admin'), api, undefined)).resolves.toBeUndefined();
    await expect(attempt(user('other'), api, undefined)).rejects.toMatchObject({ code: 'API_NOT_FOUND' });
    await expect(attempt(key('other', ['proxy:use']), api, undefined)).rejects.toMatchObject({
      code: 'API_NOT_FOUND',
    });
  });

  it('needs proxy:use and the route’s permission, a key only within its scopes', async () => {
    const route = { method: 'GET', path: '/reports', permission: 'reports:read' };
    await expect(attempt(user('owner'), api, route)).resolves.toBeUndefined();
    await expect(attempt(key('owner', ['proxy:use']), api, route)).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
      details: { missing: ['reports:read'] },
    });
    await expect(attempt(key('owner', ['reports:read']), api, undefined)).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
      details: { missing: ['proxy:use'] },
    });
  });

  it('lets an agent of the owner call only routes naming a capability it holds', async () => {
    const route = { method: 'POST', path: '/files/*', capability: 'files:write' };
    await expect(attempt(agent('owner', ['files:write']), api, route)).resolves.toBeUndefined();
    await expect(attempt(agent('owner', ['files:read']), api, route)).rejects.toMatchObject({
      code: 'AGENT_CAPABILITY_DENIED',
    });
    // That refusal is on the agent's record; the others are about the API, not a capability.
    expect(denials).toEqual(['a1:files:write']);
    await expect(attempt(agent('owner', ['files:write']), api, undefined)).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(attempt(agent('other', ['files:write']), api, route)).rejects.toMatchObject({
      code: 'API_NOT_FOUND',
    });
  });

  it('spends an agent’s budget on a budgeted route and refuses once it is used up', async () => {
    const route = { method: 'POST', path: '/files/*', capability: 'files:write' };
    const spender = { ...agent('owner', ['files:write']), agentId: 'spender' };
    await expect(attempt(spender, api, route)).resolves.toBeUndefined();
    await expect(attempt(spender, api, route)).rejects.toMatchObject({
      code: 'AGENT_CAPABILITY_DENIED',
      details: { denied: [{ capability: 'files:write', reason: 'budget_exhausted' }], retryAfterSeconds: 60 },
    });
  });

  it('checks without spending: the budget is spent only when the proxy says so (after the limits)', async () => {
    const route = { method: 'POST', path: '/files/*', capability: 'files:write' };
    const checker = { ...agent('owner', ['files:write']), agentId: 'checker' };
    // Checked twice, spent never: the budget of one use is still whole.
    expect(access.check(checker, api, route)).toBe('files:write');
    expect(access.check(checker, api, route)).toBe('files:write');
    await expect(Promise.resolve(access.spend(checker, 'files:write'))).resolves.toBeUndefined();
    await expect(Promise.resolve(access.spend(checker, 'files:write'))).rejects.toMatchObject({
      code: 'AGENT_CAPABILITY_DENIED',
    });
    // A user or key has nothing to spend.
    await expect(Promise.resolve(access.check(user('owner'), api, undefined))).resolves.toBeUndefined();
    expect(access.spend(user('owner'), undefined)).toBeUndefined();
  });

  it('names the caller by kind for usage', () => {
    expect([callerOf(user('u')), callerOf(key('u', [])), callerOf(agent('u', []))]).toEqual([
      'user:u',
      'api-key:k1',
      'agent:a1',
    ]);
    // A token exchanged for a key is that key, as the limits count it.
    expect(callerOf({ ...user('u'), sessionId: 'key-7', scopes: ['proxy:use'] })).toBe('api-key:key-7');
  });
});
