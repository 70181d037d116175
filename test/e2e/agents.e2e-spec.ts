import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { Pool } from 'pg';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(180_000);

const ADMIN_EMAIL = uniqueEmail('agents-root');
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

interface Grant {
  agentId: string;
  agentToken: string;
  granted: string[];
  denied: Array<{ capability: string; reason: string }>;
  expiresIn: number;
}

describe('agents through the gateway (DESIGN §3 "Agents")', () => {
  // Its own database: the bootstrap super_admin below must be the only one (another suite's would win).
  const env = testEnv('e2e-agents');
  const database = new OwnDatabase(env.DATABASE_URL, 'agents');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    {
      BCRYPT_COST: '4',
      IP_FAILURE_LIMIT: '10000',
      // Tokens of depth 1 (first level), 2 and 3 are allowed; a fourth level is refused.
      AGENT_MAX_DELEGATION_DEPTH: '3',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    },
  );
  let api: Api;
  let root: string;

  beforeAll(async () => {
    await database.create();
    await platform.start(['gateway', 'auth', 'user', 'token', 'security', 'agent-capability']);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
    root = await api.accessToken(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(root).toEqual(expect.any(String));
  });

  afterAll(async () => {
    await platform.stop();
    await database.drop();
  });

  async function person(): Promise<{ id: string; email: string; token: string }> {
    const email = uniqueEmail('agent-owner');
    const reg = await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    const login = await api.post('/auth/login', { email, password: STRONG_PASSWORD });
    return { id: reg.body.id as string, email, token: login.body.accessToken as string };
  }

  async function authenticate(token: string, body: Record<string, unknown>): Promise<Grant> {
    const res = await api.post('/agents/authenticate', body, token);
    expect(res.status).toBe(200);
    return res.body as Grant;
  }

  const verify = (token: string, capability: string, caller: string, consume = false, on = api) =>
    on.post('/agents/verify', { token, capability, consume }, caller);

  it('serves the catalog; only a super_admin edits a type, and an unknown capability is a 400 naming it', async () => {
    const { token } = await person();
    const types = await api.get('/agents/types', token);
    expect(types.status).toBe(200);
    expect(types.body.length).toBeGreaterThanOrEqual(22);
    const caps = await api.get('/agents/capabilities', token);
    expect(caps.body).toContainEqual({ id: 'deploy:production', description: expect.any(String), risk: 'critical' });
    const change = { description: 'Reviews pull requests and comments' };
    expect((await api.request('PUT', '/agents/types/code-reviewer', { body: change, token })).status).toBe(403);
    const edited = await api.request('PUT', '/agents/types/code-reviewer', { body: change, token: root });
    expect(edited.status).toBe(200);
    expect(edited.body.description).toBe(change.description);
    const bad = await api.request('PUT', '/agents/types/code-reviewer', {
      body: { capabilities: ['file:teleport'] },
      token: root,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('AGENT_UNKNOWN_CAPABILITY');
    expect(bad.body.detail).toContain('file:teleport');
  });

  it('authenticate → delegate → verify → renew → revoke, with every refusal carrying its reason', async () => {
    const me = await person();
    const parent = await authenticate(me.token, {
      agentType: 'code-implementer',
      capabilities: ['file:read', 'file:write', 'git:commit', 'git:push', 'db:migrate'],
      name: 'fix-42',
    });
    expect(parent.agentId).toMatch(/^agt_/);
    expect(parent.granted).toEqual(['file:read', 'file:write', 'git:commit']);
    expect(parent.denied).toEqual([
      { capability: 'git:push', reason: 'above_role' },
      { capability: 'db:migrate', reason: 'not_in_type' },
    ]);
    expect(decodeProtectedHeader(parent.agentToken).typ).toBe('agent+jwt');
    // Any ordinary JOSE library verifies it against the published JWKS.
    const jwks = createRemoteJWKSet(new URL(`${platform.gatewayUrl}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(parent.agentToken, jwks, { typ: 'agent+jwt' });
    expect(payload).toMatchObject({
      sub: parent.agentId,
      act: { sub: me.id },
      scope: 'file:read file:write git:commit',
    });

    // A user token where an agent token is needed, and the reverse: 401.
    expect((await api.post('/agents/delegate', { capabilities: ['file:read'] }, me.token)).status).toBe(401);
    expect((await api.get('/auth/me', parent.agentToken)).status).toBe(401);

    const child = await api.post(
      '/agents/delegate',
      { agentType: 'test-engineer', capabilities: ['file:read', 'test:run', 'git:commit'] },
      parent.agentToken,
    );
    expect(child.status).toBe(200);
    expect(child.body.granted).toEqual(['file:read', 'git:commit']);
    expect(child.body.denied).toEqual([{ capability: 'test:run', reason: 'not_in_parent' }]);
    const childToken = child.body.agentToken as string;
    expect(decodeProtectedHeader(childToken).typ).toBe('agent+jwt');
    expect((await jwtVerify(childToken, jwks)).payload).toMatchObject({
      act: { sub: parent.agentId, act: { sub: me.id } },
    });
    // Who the child is, as its token says; asked twice, the same answer (made once per token).
    for (let i = 0; i < 2; i++) {
      const who = await api.get('/agents/me', childToken);
      expect(who.status).toBe(200);
      expect(who.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(who.body).toEqual({
        agentId: child.body.agentId,
        userId: me.id,
        agentType: 'test-engineer',
        capabilities: ['file:read', 'git:commit'],
        depth: 2,
        chain: [me.id, parent.agentId, child.body.agentId],
        expiresAt: new Date(decodeJwt(childToken).exp! * 1000).toISOString(),
      });
    }
    const widening = await api.post('/agents/delegate', { capabilities: ['git:push', 'test:run'] }, childToken);
    expect(widening.status).toBe(403);
    expect(widening.body.code).toBe('AGENT_CAPABILITY_DENIED');
    // The refusal says why, capability by capability (problem+json extension member).
    expect(widening.body.denied).toEqual([
      { capability: 'git:push', reason: 'not_in_type' },
      { capability: 'test:run', reason: 'not_in_parent' },
    ]);

    const grandchild = await api.post('/agents/delegate', { capabilities: ['file:read'] }, childToken);
    expect(grandchild.status).toBe(200);
    const tooDeep = await api.post('/agents/delegate', { capabilities: ['file:read'] }, grandchild.body.agentToken);
    expect(tooDeep.status).toBe(403);
    expect(tooDeep.body.code).toBe('AGENT_DELEGATION_DEPTH');

    const ok = await verify(childToken, 'git:commit', me.token);
    expect(ok.body).toEqual({
      allowed: true,
      reason: 'granted',
      agentId: child.body.agentId,
      userId: me.id,
      chain: [me.id, parent.agentId, child.body.agentId],
    });
    expect((await verify(childToken, 'file:write', me.token)).body).toMatchObject({
      allowed: false,
      reason: 'not_granted',
    });
    expect((await verify('not-a-token', 'file:read', me.token)).body).toMatchObject({
      allowed: false,
      reason: 'invalid_token',
    });

    const renewed = await api.post('/agents/renew', undefined, childToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.granted).toEqual(['file:read', 'git:commit']);

    const tree = await api.get('/agents', me.token);
    expect(tree.body).toHaveLength(1);
    expect(tree.body[0]).toMatchObject({
      agentId: parent.agentId,
      children: [{ agentId: child.body.agentId, children: [{ agentId: grandchild.body.agentId }] }],
    });

    const stranger = await person();
    expect((await api.request('DELETE', `/agents/${parent.agentId}`, { token: stranger.token })).status).toBe(404);
    expect((await api.request('DELETE', `/agents/${parent.agentId}`, { token: me.token })).status).toBe(204);
    for (const token of [parent.agentToken, childToken, renewed.body.agentToken, grandchild.body.agentToken]) {
      await waitFor(async () => (await verify(token, 'file:read', me.token)).body.reason === 'invalid_token', {
        timeoutMs: 1000,
        what: 'the cascade',
      });
    }
    expect((await api.post('/agents/renew', undefined, renewed.body.agentToken)).status).toBe(401);
    expect((await api.get('/agents', me.token)).body).toEqual([]);

    // The refused verify (file:write) reaches the log through the agent-uses queue: polled for.
    const decisions = await waitFor(
      async () => {
        const page = await api.get(`/agents/${child.body.agentId}/decisions`, me.token);
        const found = page.body.items.map((d: { kind: string; reason: string }) => `${d.kind}:${d.reason}`);
        return found.includes('denial:not_granted') ? page : undefined;
      },
      { what: 'the not_granted denial in the decision log' },
    );
    expect(decisions.status).toBe(200);
    expect(decisions.body.items.map((d: { kind: string; reason: string }) => `${d.kind}:${d.reason}`)).toEqual(
      expect.arrayContaining(['revocation:revoked', 'renewal:renewed', 'grant:granted', 'denial:not_in_parent']),
    );
    // Newest first: the revocation after the renewal (the refused renew after it may log a denial on top).
    const kinds = decisions.body.items.map((d: { kind: string }) => d.kind);
    expect(kinds.indexOf('revocation')).toBeLessThan(kinds.indexOf('renewal'));
    expect((await api.get(`/agents/${child.body.agentId}/decisions`, stranger.token)).status).toBe(404);
  });

  it('answers bad input with 400 naming it, and a grant of nothing with 403 and every reason', async () => {
    const { token } = await person();
    const unknownType = await api.post(
      '/agents/authenticate',
      { agentType: 'wizard', capabilities: ['file:read'] },
      token,
    );
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.code).toBe('AGENT_UNKNOWN_TYPE');
    // A capability no catalog could hold is refused at the door, before it reaches the decision log.
    const agent = await authenticate(token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    const oversized = await verify(agent.agentToken, `a:${'a'.repeat(200)}`, token);
    expect(oversized.status).toBe(400);
    expect(oversized.body.code).toBe('VALIDATION_FAILED');
    // Verify runs on the data plane (without Nest's router): its refusals are the same problems.
    const extraField = await api.post(
      '/agents/verify',
      { token: agent.agentToken, capability: 'file:read', x: 1 },
      token,
    );
    expect(extraField.status).toBe(400);
    expect(extraField.headers.get('content-type')).toContain('application/problem+json');
    expect(extraField.body.errors).toEqual([{ field: 'x', messages: ['property x should not exist'] }]);
    expect(extraField.body.requestId).toBe(extraField.headers.get('x-request-id'));
    const notAnObject = await api.request('POST', '/agents/verify', { raw: '[1]', token });
    expect([notAnObject.status, notAnObject.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const anonymous = await api.post('/agents/verify', { token: agent.agentToken, capability: 'file:read' });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'AUTH_UNAUTHENTICATED']);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="portcullis"');
    expect(anonymous.headers.get('x-request-id')).toBeTruthy();
    expect(anonymous.headers.get('x-content-type-options')).toBe('nosniff');
    const unknownCap = await api.post(
      '/agents/authenticate',
      { agentType: 'code-reviewer', capabilities: ['file:teleport'] },
      token,
    );
    expect(unknownCap.status).toBe(400);
    expect(unknownCap.body.code).toBe('AGENT_UNKNOWN_CAPABILITY');
    expect(
      (
        await api.post(
          '/agents/authenticate',
          { agentType: 'code-reviewer', capabilities: ['file:read'], extra: 1 },
          token,
        )
      ).status,
    ).toBe(400);
    const nothing = await api.post(
      '/agents/authenticate',
      { agentType: 'code-reviewer', capabilities: ['git:push'] },
      token,
    );
    expect(nothing.status).toBe(403);
    expect(nothing.body.code).toBe('AGENT_CAPABILITY_DENIED');
    expect(nothing.body.denied).toEqual([expect.objectContaining({ capability: 'git:push' })]);
    expect(nothing.body.denied[0].reason).toEqual(expect.any(String));
  });

  it('spends budgets with verify consume, a child counting against its parent', async () => {
    const me = await person();
    const parent = await authenticate(me.token, {
      agentType: 'code-implementer',
      capabilities: ['git:commit'],
      budgets: { 'git:commit': { limit: 3, windowSeconds: 3600 } },
    });
    const child = (await api.post('/agents/delegate', { capabilities: ['git:commit'] }, parent.agentToken))
      .body as Grant;
    expect((await verify(child.agentToken, 'git:commit', me.token, true)).body).toMatchObject({
      allowed: true,
      remaining: 2,
    });
    expect((await verify(parent.agentToken, 'git:commit', me.token, true)).body).toMatchObject({
      allowed: true,
      remaining: 1,
    });
    expect((await verify(child.agentToken, 'git:commit', me.token, true)).body).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    expect((await verify(child.agentToken, 'git:commit', me.token, true)).body).toMatchObject({
      allowed: false,
      reason: 'budget_exhausted',
    });
    expect((await verify(parent.agentToken, 'git:commit', me.token, true)).body).toMatchObject({
      allowed: false,
      reason: 'budget_exhausted',
    });
    // The gateway counted the uses; they reach the child's decision log through queue agent-uses.
    expect(await api.loggedUses(child.agentId, me.token, 3)).toEqual([
      'denial:budget_exhausted',
      'use:granted',
      'use:granted',
    ]);
  });

  it('ends every agent of a session when it logs out', async () => {
    const email = uniqueEmail('agent-logout');
    await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    const session = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body;
    const other = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body.accessToken as string;
    const agent = await authenticate(session.accessToken, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    const child = (await api.post('/agents/delegate', { capabilities: ['file:read'] }, agent.agentToken)).body as Grant;
    expect((await api.post('/auth/logout', { refreshToken: session.refreshToken }, session.accessToken)).status).toBe(
      204,
    );
    await waitFor(async () => (await verify(child.agentToken, 'file:read', other)).body.reason === 'invalid_token', {
      timeoutMs: 1000,
      what: 'the logout cascade',
    });
    await waitFor(async () => (await api.post('/agents/renew', undefined, agent.agentToken)).status === 401, {
      timeoutMs: 5000,
      what: 'renew refused',
    });
  });

  it('refuses to renew once its session ended silently (expired unrefreshed, no event), and says so', async () => {
    const email = uniqueEmail('agent-expired-session');
    await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    const session = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body;
    const agent = await authenticate(session.accessToken, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    expect((await api.post('/agents/renew', undefined, agent.agentToken)).status).toBe(200);
    // What nobody refreshing for REFRESH_TOKEN_TTL_SECONDS leaves behind: a family past its expiry, not revoked.
    const pool = new Pool({ connectionString: database.url });
    try {
      const { sid } = decodeJwt(session.accessToken as string);
      const { rowCount } = await pool.query(
        `UPDATE tokens.refresh_families SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [sid],
      );
      expect(rowCount).toBe(1);
    } finally {
      await pool.end();
    }
    const refused = await api.post('/agents/renew', undefined, agent.agentToken);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('AGENT_REVOKED');
  });

  it("ends a demoted person's agents that hold more than the new role allows; the others go on", async () => {
    const dev = await person();
    const setRoles = (roles: string[]) =>
      api.request('PATCH', `/admin/users/${dev.id}`, { body: { roles }, token: root });
    expect((await setRoles(['developer'])).status).toBe(200);
    const token = (await api.post('/auth/login', { email: dev.email, password: STRONG_PASSWORD })).body
      .accessToken as string;
    const deployer = await authenticate(token, {
      agentType: 'devops-engineer',
      capabilities: ['file:read', 'deploy:staging'],
    });
    const reader = await authenticate(token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    expect(deployer.granted).toEqual(['deploy:staging', 'file:read']);

    expect((await setRoles(['user'])).status).toBe(200);
    // Within the new ceiling, the reader goes on, delegation included (decided under `user` now: the unit tests show the ceiling).
    const child = await api.post('/agents/delegate', { capabilities: ['file:read'] }, reader.agentToken);
    expect(child.status).toBe(200);
    await waitFor(async () => (await verify(deployer.agentToken, 'file:read', token)).body.reason === 'invalid_token', {
      timeoutMs: 5000,
      what: "the demoted person's deployer ended",
    });
    expect((await verify(reader.agentToken, 'file:read', token)).body.allowed).toBe(true);
    expect((await api.post('/agents/renew', undefined, deployer.agentToken)).status).toBe(401);
  });

  it('holds a critical capability for a person: 202, approve, collect once within 10 minutes', async () => {
    const pending = await api.post(
      '/agents/authenticate',
      { agentType: 'devops-engineer', capabilities: ['deploy:staging', 'deploy:production'] },
      root,
    );
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ approvalId: expect.any(String), status: 'pending', expiresAt: expect.any(String) });
    const id = pending.body.approvalId as string;
    expect((await api.post(`/agents/approvals/${id}/token`, undefined, root)).body.code).toBe('AGENT_APPROVAL_PENDING');
    const stranger = await person();
    expect((await api.post(`/agents/approvals/${id}/approve`, undefined, stranger.token)).status).toBe(404);
    // An admin demoted since logging in approves as what they are now, not as their token says.
    const exAdmin = await person();
    const promote = (roles: string[]) =>
      api.request('PATCH', `/admin/users/${exAdmin.id}`, { body: { roles }, token: root });
    expect((await promote(['admin'])).status).toBe(200);
    const adminToken = (await api.post('/auth/login', { email: exAdmin.email, password: STRONG_PASSWORD })).body
      .accessToken as string;
    expect((await promote(['user'])).status).toBe(200);
    expect((await api.post(`/agents/approvals/${id}/approve`, undefined, adminToken)).status).toBe(404);
    expect((await api.post(`/agents/approvals/${id}/approve`, undefined, root)).status).toBe(204);
    const grant = await api.post(`/agents/approvals/${id}/token`, undefined, root);
    expect(grant.status).toBe(200);
    expect(grant.body.granted).toEqual(['deploy:production', 'deploy:staging']);
    const again = await api.post(`/agents/approvals/${id}/token`, undefined, root);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AGENT_APPROVAL_USED');

    const denied = (
      await api.post(
        '/agents/authenticate',
        { agentType: 'devops-engineer', capabilities: ['deploy:production'] },
        root,
      )
    ).body.approvalId as string;
    expect((await api.post(`/agents/approvals/${denied}/deny`, undefined, root)).status).toBe(204);
    const refused = await api.post(`/agents/approvals/${denied}/token`, undefined, root);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('AGENT_APPROVAL_DENIED');
    expect((await api.post('/agents/approvals/not-an-id/token', undefined, root)).status).toBe(404);
  });

  it('ends the agents started through an API key when the key is revoked', async () => {
    const me = await person();
    const key = await api.post(
      '/api-keys',
      { name: 'agent-starter', environment: 'test', scopes: ['agents:authenticate'] },
      me.token,
    );
    expect(key.status).toBe(201);
    const exchanged = await api.request('POST', '/tokens', { headers: { 'x-api-key': key.body.key as string } });
    const agent = await authenticate(exchanged.body.accessToken as string, {
      agentType: 'code-reviewer',
      capabilities: ['file:read'],
    });
    expect((await verify(agent.agentToken, 'file:read', me.token)).body.allowed).toBe(true);

    expect((await api.request('DELETE', `/api-keys/${key.body.id}`, { token: me.token })).status).toBe(204);
    await waitFor(async () => (await verify(agent.agentToken, 'file:read', me.token)).body.reason === 'invalid_token', {
      timeoutMs: 5000,
      what: "the key's agent to end",
    });
    expect((await api.post('/agents/renew', undefined, agent.agentToken)).status).toBe(401);
    // Ended in the agent app itself, not only refused while the gateways hold the key's revocation
    // (which lapses long before an agent could stop renewing).
    await waitFor(
      async () =>
        !((await api.get('/agents', me.token)).body as Array<{ agentId: string }>).some(
          (a) => a.agentId === agent.agentId,
        ),
      { timeoutMs: 5000, what: 'the agent app to revoke the key’s agent' },
    );
    const decisions = await api.get(`/agents/${agent.agentId}/decisions`, me.token);
    expect(JSON.stringify(decisions.body)).toContain('api_key_revoked');
  });

  it("gives an admin's key power over others' agents only when its scopes hold agents:scope-all", async () => {
    const stranger = await person();
    const theirs = await authenticate(stranger.token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    const exchangedFor = async (scopes: string[]) => {
      const key = await api.post('/api-keys', { name: `admin-${scopes.length}`, environment: 'test', scopes }, root);
      expect(key.status).toBe(201);
      const res = await api.request('POST', '/tokens', { headers: { 'x-api-key': key.body.key as string } });
      expect(res.status).toBe(200);
      return res.body.accessToken as string;
    };
    const listed = async (token: string) =>
      ((await api.get(`/agents?userId=${stranger.id}`, token)).body as Array<{ agentId: string }>).map(
        (a) => a.agentId,
      );

    // Scoped to agents:authenticate: its owner's agents only, though the owner is an admin.
    const narrow = await exchangedFor(['agents:authenticate']);
    expect(await listed(narrow)).not.toContain(theirs.agentId);
    expect((await api.get(`/agents/${theirs.agentId}/decisions`, narrow)).status).toBe(404);
    expect((await api.request('DELETE', `/agents/${theirs.agentId}`, { token: narrow })).status).toBe(404);
    // With agents:scope-all in its scopes, and with the admin's own login, everyone's.
    const wide = await exchangedFor(['agents:authenticate', 'agents:scope-all']);
    expect(await listed(wide)).toContain(theirs.agentId);
    expect(await listed(root)).toContain(theirs.agentId);
    expect((await api.request('DELETE', `/agents/${theirs.agentId}`, { token: wide })).status).toBe(204);
  });

  it('takes a bare X-API-Key on the routes that manage agents, within its scopes', async () => {
    const me = await person();
    const keyWith = async (scopes: string[]) => {
      const key = await api.post(
        '/api-keys',
        { name: `manager-${scopes.join('-')}`, environment: 'test', scopes },
        me.token,
      );
      expect(key.status).toBe(201);
      return { 'x-api-key': key.body.key as string };
    };
    const manager = await keyWith(['agents:authenticate']);
    const agent = await authenticate(me.token, { agentType: 'code-reviewer', capabilities: ['file:read'] });

    const listed = await api.request('GET', '/agents', { headers: manager });
    expect(listed.status).toBe(200);
    expect((listed.body as Array<{ agentId: string }>).map((a) => a.agentId)).toContain(agent.agentId);
    const decisions = await api.request('GET', `/agents/${agent.agentId}/decisions`, { headers: manager });
    expect(decisions.status).toBe(200);
    expect(JSON.stringify(decisions.body)).toContain('granted');

    // Deciding an approval is the owner's, whether by login or by key; collecting it needs the login.
    const pending = await api.post(
      '/agents/authenticate',
      { agentType: 'devops-engineer', capabilities: ['deploy:production'] },
      root,
    );
    expect(pending.status).toBe(202);
    const rootKey = await api.post(
      '/api-keys',
      { name: 'approver', environment: 'test', scopes: ['agents:authenticate'] },
      root,
    );
    const approver = { 'x-api-key': rootKey.body.key as string };
    const approvalId = pending.body.approvalId as string;
    expect((await api.request('POST', `/agents/approvals/${approvalId}/deny`, { headers: manager })).status).toBe(404);
    expect((await api.request('POST', `/agents/approvals/${approvalId}/approve`, { headers: approver })).status).toBe(
      204,
    );
    expect((await api.request('POST', `/agents/approvals/${approvalId}/token`, { headers: approver })).status).toBe(
      401,
    );
    expect((await api.post(`/agents/approvals/${approvalId}/token`, undefined, root)).status).toBe(200);

    // A key whose scopes leave out agents:authenticate manages nothing, however its owner could.
    const elsewhere = await keyWith(['profile:read']);
    expect((await api.request('GET', '/agents', { headers: elsewhere })).status).toBe(403);
    expect((await api.request('DELETE', `/agents/${agent.agentId}`, { headers: elsewhere })).status).toBe(403);
    // A key cannot start an agent: an agent descends from a session, and a bare key has none.
    expect(
      (
        await api.request('POST', '/agents/authenticate', {
          headers: manager,
          body: { agentType: 'code-reviewer', capabilities: ['file:read'] },
        })
      ).status,
    ).toBe(401);

    expect((await api.request('DELETE', `/agents/${agent.agentId}`, { headers: manager })).status).toBe(204);
    await waitFor(async () => (await verify(agent.agentToken, 'file:read', me.token)).body.reason === 'invalid_token', {
      timeoutMs: 5000,
      what: 'the agent revoked by key to end',
    });
  });

  it('exchanges tokens at /oauth/token (RFC 8693) with an ordinary OAuth client request, and describes itself (RFC 8414)', async () => {
    const me = await person();
    const form = (fields: Record<string, string>) =>
      fetch(`${platform.gatewayUrl}/api/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(fields).toString(),
      });
    const first = await form({
      grant_type: TOKEN_EXCHANGE,
      subject_token: me.token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'file:read git:commit',
      agent_type: 'code-implementer',
      client_id: 'cli',
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const issued = (await first.json()) as {
      access_token: string;
      issued_token_type: string;
      token_type: string;
      expires_in: number;
      scope: string;
    };
    expect(issued).toMatchObject({
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      scope: 'file:read git:commit',
      expires_in: expect.any(Number),
    });
    const delegated = await form({
      grant_type: TOKEN_EXCHANGE,
      subject_token: issued.access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'file:read',
    });
    expect(delegated.status).toBe(200);
    expect(((await delegated.json()) as { scope: string }).scope).toBe('file:read');

    const wrongGrant = await form({ grant_type: 'password', username: 'a', password: 'b' });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toEqual({ error: 'unsupported_grant_type', error_description: expect.any(String) });
    const badToken = await form({
      grant_type: TOKEN_EXCHANGE,
      subject_token: 'x.y.z',
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'file:read',
      agent_type: 'code-reviewer',
    });
    expect(badToken.status).toBe(400);
    expect(((await badToken.json()) as { error: string }).error).toBe('invalid_grant');
    const widening = await form({
      grant_type: TOKEN_EXCHANGE,
      subject_token: issued.access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'git:push',
    });
    expect(((await widening.json()) as { error: string }).error).toBe('invalid_scope');
    const userSubject = { grant_type: TOKEN_EXCHANGE, subject_token: me.token, subject_token_type: ACCESS_TOKEN_TYPE };
    const oauthError = async (fields: Record<string, string>) => {
      const res = await form(fields);
      expect(res.status).toBe(400);
      return (await res.json()) as { error: string; error_description: string };
    };
    expect(
      await oauthError({ ...userSubject, scope: 'file:read', agent_type: 'code-reviewer', audience: 'elsewhere' }),
    ).toMatchObject({ error: 'invalid_target' });
    expect(await oauthError({ ...userSubject, scope: 'file:read' })).toMatchObject({ error: 'invalid_request' });
    expect(await oauthError({ ...userSubject, agent_type: 'code-reviewer' })).toMatchObject({ error: 'invalid_scope' });
    // A critical capability is never handed out at this door: the person approves it first, and the
    // description names the approval to collect.
    const critical = await oauthError({
      grant_type: TOKEN_EXCHANGE,
      subject_token: root,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'deploy:production',
      agent_type: 'devops-engineer',
    });
    expect(critical.error).toBe('invalid_scope');
    expect(critical.error_description).toMatch(/approval [0-9a-f-]{36}/);

    // A token exchanged for an API key holds only the key's scopes: without agents:authenticate it
    // gets no agent at this door either, as at /agents/authenticate.
    const key = await api.post(
      '/api-keys',
      { name: 'reader', environment: 'test', scopes: ['profile:read'] },
      me.token,
    );
    expect(key.status).toBe(201);
    const exchanged = await fetch(`${platform.gatewayUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'x-api-key': key.body.key as string },
    });
    expect(exchanged.status).toBe(200);
    const keyToken = ((await exchanged.json()) as { accessToken: string }).accessToken;
    const scoped = await form({
      grant_type: TOKEN_EXCHANGE,
      subject_token: keyToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'file:read',
      agent_type: 'code-reviewer',
    });
    expect(scoped.status).toBe(400);
    expect(((await scoped.json()) as { error: string }).error).toBe('unauthorized_client');
    const direct = await api.post(
      '/agents/authenticate',
      { agentType: 'code-reviewer', capabilities: ['file:read'] },
      keyToken,
    );
    expect(direct.status).toBe(403);

    const meta = await fetch(`${platform.gatewayUrl}/.well-known/oauth-authorization-server`);
    expect(meta.status).toBe(200);
    const doc = (await meta.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      grant_types_supported: [TOKEN_EXCHANGE],
      token_endpoint: `${platform.gatewayUrl}/api/v1/oauth/token`,
      jwks_uri: `${platform.gatewayUrl}/.well-known/jwks.json`,
    });
  });

  it('introspects user and agent tokens (RFC 7662) for an authenticated caller: active with claims, else only inactive', async () => {
    const me = await person();
    const agent = await authenticate(me.token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    const child = (await api.post('/agents/delegate', { capabilities: ['file:read'] }, agent.agentToken)).body as Grant;
    const introspect = (token: string, caller?: string, form = true) =>
      fetch(`${platform.gatewayUrl}/api/v1/oauth/introspect`, {
        method: 'POST',
        headers: {
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
          ...(caller ? { authorization: `Bearer ${caller}` } : {}),
        },
        body: form
          ? new URLSearchParams({ token, token_type_hint: 'access_token' }).toString()
          : JSON.stringify({ token }),
      });
    const answer = async (token: string, caller = me.token, form = true) => {
      const res = await introspect(token, caller, form);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return (await res.json()) as Record<string, unknown>;
    };

    expect(await answer(me.token)).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: me.id,
      sid: expect.any(String),
    });
    expect(await answer(child.agentToken, agent.agentToken, false)).toMatchObject({
      active: true,
      sub: child.agentId,
      scope: 'file:read',
      agent_type: 'code-reviewer',
      depth: 2,
      act: { sub: agent.agentId, act: { sub: me.id } },
    });
    // Anything that fails a check is inactive, with nothing else said.
    expect(await answer('x.y.z')).toEqual({ active: false });
    expect((await api.request('DELETE', `/agents/${agent.agentId}`, { token: me.token })).status).toBe(204);
    await waitFor(async () => (await answer(child.agentToken)).active === false, {
      timeoutMs: 5000,
      what: "the revoked agent's child to be inactive",
    });
    expect(await answer(child.agentToken)).toEqual({ active: false });

    // The caller authenticates (RFC 7662 §2.1), and the token parameter is required.
    expect((await introspect(me.token)).status).toBe(401);
    const missing = await introspect('', me.token);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
    const meta = (await (await fetch(`${platform.gatewayUrl}/.well-known/oauth-authorization-server`)).json()) as {
      introspection_endpoint: string;
    };
    expect(meta.introspection_endpoint).toBe(`${platform.gatewayUrl}/api/v1/oauth/introspect`);
  });

  it('files agent events in the audit trail under every agent of the actor chain', async () => {
    const me = await person();
    const parent = await authenticate(me.token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
    const child = (await api.post('/agents/delegate', { capabilities: ['file:read'] }, parent.agentToken))
      .body as Grant;
    const types = await waitFor(
      async () => {
        const page = await api.get(`/admin/audit-logs?agentId=${parent.agentId}`, root);
        const found = (page.body.items as Array<{ type: string }>).map((r) => r.type);
        return found.includes('agent.delegated') && found.includes('agent.authenticated') && found;
      },
      { timeoutMs: 10_000, what: 'agent events in the audit log' },
    );
    expect(types).toEqual(expect.arrayContaining(['agent.authenticated', 'agent.delegated']));
    const childOnly = await api.get(`/admin/audit-logs?agentId=${child.agentId}`, root);
    expect((childOnly.body.items as Array<{ type: string }>).map((r) => r.type)).toEqual(['agent.delegated']);
  });

  it("holds an agent to the agent tier, apart from its person's: 429 with Retry-After and the limit headers", async () => {
    // A replica with the tier policies on (the harness runs them off elsewhere), the agent tier at 2 a minute.
    await platform.startOne('gateway#tiers', { RATE_LIMIT_TIERS: 'true' });
    const tiers = new Api(`${platform.urlOf('gateway#tiers')}/api/v1`);
    const put = await api.request('PUT', '/admin/rate-limits', {
      token: root,
      body: { policies: [{ name: 'agent', limit: 2, windowSeconds: 60 }] },
    });
    expect(put.status).toBe(200);
    try {
      const me = await person();
      const agent = await authenticate(me.token, { agentType: 'code-reviewer', capabilities: ['file:read'] });
      // Each replica reloads the policies on the security app's broadcast: poll until the 2 a minute shows.
      const first = await waitFor(
        async () => {
          const res = await tiers.get('/agents/me', agent.agentToken);
          return res.status === 200 && res.headers.get('ratelimit-policy')?.includes('"agent";q=2;w=60')
            ? res
            : undefined;
        },
        { what: 'the agent policy on the tiered replica' },
      );
      expect(first.status).toBe(200);
      const statuses: number[] = [];
      const refused = await waitFor(
        async () => {
          const res = await tiers.get('/agents/me', agent.agentToken);
          statuses.push(res.status);
          return res.status === 429 ? res : undefined;
        },
        { what: 'the agent tier to refuse' },
      );
      expect(statuses.length).toBeLessThanOrEqual(2);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('ratelimit')).toMatch(/^"agent";r=0;t=\d+$/);
      // Its person is not held by the agent's budget.
      expect((await tiers.get('/auth/me', me.token)).status).toBe(200);
    } finally {
      await api.request('PUT', '/admin/rate-limits', {
        token: root,
        body: { policies: [{ name: 'agent', limit: 600, windowSeconds: 60 }] },
      });
      await platform.process('gateway#tiers').stop();
    }
  });
});
