import { Platform, testEnv, waitFor } from '@portcullis/testing';

jest.setTimeout(180_000);

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';

/**
 * Two gateway replicas on one real Redis and PostgreSQL (DESIGN §3 "Agents"): a budget holds
 * exactly under concurrent use through both, a child's use counting against its parent; and
 * revoking an agent ends it and its descendants on both within a second, with no request to Redis
 * on the way (the replicas hold revocations in memory, fed by the broadcast).
 */
describe('agents across two gateway replicas', () => {
  const platform = new Platform(testEnv('int-agents-replicas'), { BCRYPT_COST: '4', IP_FAILURE_LIMIT: '10000' });
  let gateways: string[];
  let user: string;

  beforeAll(async () => {
    await platform.start(['gateway', 'gateway#2', 'auth', 'user', 'token', 'security', 'agent-capability']);
    gateways = [platform.gatewayUrl, platform.urlOf('gateway#2')].map((u) => `${u}/api/v1`);
    const email = `replicas.${Date.now()}@example.test`;
    await post(gateways[0], '/auth/register', { email, password: PASSWORD });
    user = (await post(gateways[0], '/auth/login', { email, password: PASSWORD })).body.accessToken as string;
  });

  afterAll(async () => {
    await platform.stop();
  });

  async function post(base: string, path: string, body: unknown, token?: string) {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, any> };
  }

  it('never spends more than the budget under concurrent use through both replicas, counting a child against its parent', async () => {
    const parent = await post(
      gateways[0],
      '/agents/authenticate',
      {
        agentType: 'code-implementer',
        capabilities: ['git:commit'],
        budgets: { 'git:commit': { limit: 25, windowSeconds: 3600 } },
      },
      user,
    );
    expect(parent.status).toBe(200);
    const child = await post(gateways[1], '/agents/delegate', { capabilities: ['git:commit'] }, parent.body.agentToken);
    expect(child.status).toBe(200);
    const tokens = [parent.body.agentToken as string, child.body.agentToken as string];
    const uses = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        post(
          gateways[i % 2],
          '/agents/verify',
          { token: tokens[(i >> 1) % 2], capability: 'git:commit', consume: true },
          user,
        ),
      ),
    );
    expect(uses.every((u) => u.status === 200)).toBe(true);
    const allowed = uses.filter((u) => u.body.allowed);
    expect(allowed).toHaveLength(25);
    expect(uses.filter((u) => !u.body.allowed).every((u) => u.body.reason === 'budget_exhausted')).toBe(true);
    const remaining = allowed.map((u) => u.body.remaining as number).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('ends an agent and its descendants on both replicas within a second of DELETE', async () => {
    const parent = await post(
      gateways[0],
      '/agents/authenticate',
      { agentType: 'code-reviewer', capabilities: ['file:read'] },
      user,
    );
    const child = await post(gateways[1], '/agents/delegate', { capabilities: ['file:read'] }, parent.body.agentToken);
    const grandchild = await post(
      gateways[0],
      '/agents/delegate',
      { capabilities: ['file:read'] },
      child.body.agentToken,
    );
    const tokens = [parent, child, grandchild].map((g) => g.body.agentToken as string);
    for (const base of gateways)
      for (const token of tokens)
        expect((await post(base, '/agents/verify', { token, capability: 'file:read' }, user)).body.allowed).toBe(true);

    const res = await fetch(`${gateways[1]}/agents/${child.body.agentId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${user}` },
    });
    expect(res.status).toBe(204);
    const deleted = Date.now();
    for (const base of gateways) {
      for (const token of tokens.slice(1)) {
        await waitFor(
          async () =>
            (await post(base, '/agents/verify', { token, capability: 'file:read' }, user)).body.reason ===
            'invalid_token',
          { timeoutMs: 1000, intervalMs: 20, what: 'revocation on a replica' },
        );
      }
      // The parent was above the revoked agent: it lives on.
      expect(
        (await post(base, '/agents/verify', { token: tokens[0], capability: 'file:read' }, user)).body.allowed,
      ).toBe(true);
    }
    expect(Date.now() - deleted).toBeLessThan(1000 + 500);
  });

  it('ends every agent of a session on logout, and every agent of a user on a password change, on both replicas within a second', async () => {
    // Another person asks verify (any authenticated caller may): the agents' own person is logged out below.
    const askerEmail = `replicas.asker.${Date.now()}@example.test`;
    await post(gateways[0], '/auth/register', { email: askerEmail, password: PASSWORD });
    const asker = (await post(gateways[0], '/auth/login', { email: askerEmail, password: PASSWORD })).body
      .accessToken as string;
    const email = `replicas.ends.${Date.now()}@example.test`;
    await post(gateways[0], '/auth/register', { email, password: PASSWORD });
    const login = async () =>
      (await post(gateways[0], '/auth/login', { email, password: PASSWORD })).body.accessToken as string;
    const chainOf = async (person: string) => {
      const root = await post(
        gateways[0],
        '/agents/authenticate',
        { agentType: 'code-reviewer', capabilities: ['file:read'] },
        person,
      );
      const child = await post(gateways[1], '/agents/delegate', { capabilities: ['file:read'] }, root.body.agentToken);
      return [root, child].map((g) => g.body.agentToken as string);
    };
    const allDead = async (tokens: string[], what: string) => {
      const started = Date.now();
      for (const base of gateways)
        for (const token of tokens)
          await waitFor(
            async () =>
              (await post(base, '/agents/verify', { token, capability: 'file:read' }, asker)).body.reason ===
              'invalid_token',
            { timeoutMs: 1000, intervalMs: 20, what },
          );
      expect(Date.now() - started).toBeLessThan(1000 + 500);
    };

    const [first, second] = [await login(), await login()];
    const [ofFirst, ofSecond] = [await chainOf(first), await chainOf(second)];
    expect((await post(gateways[1], '/auth/logout', {}, first)).status).toBe(204);
    await allDead(ofFirst, 'the logged-out session’s agents to end on a replica');
    // The other session's agents live on.
    for (const base of gateways)
      expect(
        (await post(base, '/agents/verify', { token: ofSecond[0], capability: 'file:read' }, asker)).body.allowed,
      ).toBe(true);

    const changed = await post(
      gateways[0],
      '/auth/change-password',
      { currentPassword: PASSWORD, newPassword: `${PASSWORD}x` },
      second,
    );
    expect(changed.status).toBe(204);
    await allDead(ofSecond, "the user's agents to end on a replica after a password change");
  });
});
