import { AppError } from '@portcullis/common';
import { AgentGrantReply, ErrorCode } from '@portcullis/contracts';
import { caller, failure, grantsFixture, OTHER, owner, SESSION, USER } from '../../test/fakes/grants-fixture';
import { ListActiveAgentRevocationsUseCase } from './list-active-revocations.use-case';
import { SessionEndsEventController } from './session-ends.event-controller';

const code = (err: unknown) => (err as AppError).code;

/** root → child → grandchild, and a sibling root of the same user in another session. */
async function tree() {
  const f = await grantsFixture();
  const grant = async (sessionId = SESSION) => {
    const r = await f.authenticate.execute({
      owner: { userId: USER, sessionId, roles: ['developer'] } as never,
      agentType: 'test-engineer',
      capabilities: ['file:read', 'test:run'],
    });
    return (r as { grant: AgentGrantReply }).grant;
  };
  const root = await grant();
  const child = await f.delegate.execute({ agentId: root.agentId, capabilities: ['file:read', 'test:run'] });
  const grandchild = await f.delegate.execute({ agentId: child.agentId, capabilities: ['file:read'] });
  const other = await grant('b1c2e3f4-0000-4000-8000-000000000009');
  return { ...f, root, child, grandchild, other };
}

describe('RevokeAgentsUseCase (cascade)', () => {
  it('ends an agent and every descendant, tells the gateways about each, and leaves the rest alone', async () => {
    const f = await tree();
    await f.revoke.byRequest({ agentId: f.child.agentId, caller: caller() });
    expect(f.notices.sent.map((n) => n.agentId).sort()).toEqual([f.child.agentId, f.grandchild.agentId].sort());
    const live = await f.list.execute({ caller: caller() });
    expect(live.map((n) => n.agentId).sort()).toEqual([f.root.agentId, f.other.agentId].sort());
    expect(live.find((n) => n.agentId === f.root.agentId)!.children).toEqual([]);
    const revoked = f.repo.events.filter((e) => e.type === 'agent.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0].data).toMatchObject({
      agentId: f.child.agentId,
      revoked: [f.child.agentId, f.grandchild.agentId],
      actorChain: [USER, f.root.agentId, f.child.agentId],
    });
    expect(code(await failure(f.renew.execute({ agentId: f.grandchild.agentId })))).toBe(ErrorCode.AGENT_REVOKED);
  });

  it('lists every revoked agent whose tokens may still be live, for a gateway that lost the Redis copy', async () => {
    const f = await tree();
    const active = new ListActiveAgentRevocationsUseCase(f.repo, f.clock);
    expect(await active.execute()).toEqual({ revocations: [] });
    await f.revoke.byRequest({ agentId: f.child.agentId, caller: caller() });
    const { revocations } = await active.execute();
    // Bare ids, as the broadcast carries them, until the newest token of each could expire.
    expect(revocations).toEqual(
      [f.child, f.grandchild].map((a) => ({
        kind: 'agent',
        agentId: a.agentId.replace(/^agt_/, ''),
        until: expect.any(Number),
      })),
    );
    expect(revocations.map((r) => r.until)).toEqual(f.notices.sent.map((n) => n.until));
    f.clock.advance(2 * 3600 * 1000);
    expect(await active.execute()).toEqual({ revocations: [] });
  });

  it("ends a person's agents that hold more than their new roles allow, with their descendants, and no others", async () => {
    const f = await grantsFixture();
    const grant = async (capabilities: string[]) => {
      const r = await f.authenticate.execute({
        owner: owner(['developer']),
        agentType: 'devops-engineer',
        capabilities,
      });
      return (r as { grant: AgentGrantReply }).grant;
    };
    const deployer = await grant(['file:read', 'deploy:staging']);
    const deployersChild = await f.delegate.execute({ agentId: deployer.agentId, capabilities: ['file:read'] });
    const reader = await grant(['file:read']);
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    const rolesChanged = (to: string[]) =>
      events.userRolesChanged({
        type: 'user.roles.changed',
        subject: { type: 'user', id: USER },
        data: { from: ['developer'], to },
      } as never);

    await rolesChanged(['developer', 'premium_user']);
    expect(f.notices.sent).toEqual([]);
    // Demoted to user (medium at most): deploy:staging (high) is above it. The first notice fails;
    // the bus delivers the event again, which finds the rows ended and tells the gateways now.
    jest.spyOn(f.notices, 'ended').mockRejectedValueOnce(new Error('redis down'));
    await expect(rolesChanged(['user'])).rejects.toThrow('redis down');
    expect(f.notices.sent).toEqual([]);
    await rolesChanged(['user']);
    expect(f.notices.sent.map((n) => n.agentId).sort()).toEqual([deployer.agentId, deployersChild.agentId].sort());
    expect((await f.list.execute({ caller: caller() })).map((n) => n.agentId)).toEqual([reader.agentId]);
    expect(f.repo.events.filter((e) => e.type === 'agent.revoked').at(-1)?.data).toMatchObject({
      reason: 'role_lowered',
    });
  });

  it("answers 404 for someone else's agent, and lets an admin revoke it", async () => {
    const f = await tree();
    expect(code(await failure(f.revoke.byRequest({ agentId: f.root.agentId, caller: caller(['user'], OTHER) })))).toBe(
      ErrorCode.AGENT_NOT_FOUND,
    );
    expect(code(await failure(f.revoke.byRequest({ agentId: 'agt_nope', caller: caller() })))).toBe(
      ErrorCode.AGENT_NOT_FOUND,
    );
    await f.revoke.byRequest({ agentId: f.root.agentId, caller: caller(['admin'], OTHER) });
    expect(f.notices.sent).toHaveLength(3);
  });

  type Handler = keyof Pick<
    SessionEndsEventController,
    'logout' | 'sessionRevoked' | 'refreshReused' | 'passwordChanged' | 'userDisabled' | 'userDeleted'
  >;

  it.each<[Handler, string, string]>([
    ['logout', 'auth.logout', 'logout'],
    ['sessionRevoked', 'auth.session.revoked', 'session_revoked'],
    ['refreshReused', 'auth.refresh.reused', 'refresh_reused'],
  ])('ends every agent of the session on %s (%s), and no agent of another session', async (handler, type, reason) => {
    const f = await tree();
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    await events[handler]({ type, subject: { type: 'user', id: USER }, data: { sessionId: SESSION } } as never);
    expect(f.notices.sent.map((n) => n.agentId).sort()).toEqual(
      [f.root.agentId, f.child.agentId, f.grandchild.agentId].sort(),
    );
    expect((await f.list.execute({ caller: caller() })).map((n) => n.agentId)).toEqual([f.other.agentId]);
    expect(f.repo.decisionLog.filter((d) => d.kind === 'revocation').map((d) => d.reason)).toEqual([
      reason,
      reason,
      reason,
    ]);
  });

  it.each<[Handler, string, string]>([
    ['passwordChanged', 'auth.password.changed', 'password_changed'],
    ['userDisabled', 'user.disabled', 'user_disabled'],
    ['userDeleted', 'user.deleted', 'user_deleted'],
  ])('ends every agent of the user, in every session, on %s (%s)', async (handler, type, reason) => {
    const f = await tree();
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    await events[handler]({ type, subject: { type: 'user', id: USER }, data: {} } as never);
    expect(f.notices.sent).toHaveLength(4);
    expect(await f.list.execute({ caller: caller() })).toEqual([]);
    expect(new Set(f.repo.decisionLog.filter((d) => d.kind === 'revocation').map((d) => d.reason))).toEqual(
      new Set([reason]),
    );
  });

  it("ignores a session or user event that names no session or no user (nothing else's agents end)", async () => {
    const f = await tree();
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    await events.logout({ type: 'auth.logout', subject: { type: 'user', id: USER }, data: {} } as never);
    await events.userDeleted({ type: 'user.deleted', subject: { type: 'user', id: 'not-a-uuid' }, data: {} } as never);
    expect(f.notices.sent).toEqual([]);
    expect(await f.list.execute({ caller: caller() })).toHaveLength(2);
  });

  it('tells the gateways again when the retried event finds the agents already revoked (the notice had failed)', async () => {
    const f = await tree();
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    const logout = { type: 'auth.logout', subject: { type: 'user', id: USER }, data: { sessionId: SESSION } } as never;
    jest.spyOn(f.notices, 'ended').mockRejectedValueOnce(new Error('redis down'));
    await expect(events.logout(logout)).rejects.toThrow('redis down');
    expect(f.notices.sent).toEqual([]);
    // The bus delivers the un-acked event again: the rows are revoked, the notice goes out now.
    await events.logout(logout);
    expect(f.notices.sent.map((n) => n.agentId).sort()).toEqual(
      [f.root.agentId, f.child.agentId, f.grandchild.agentId].sort(),
    );
    expect(f.repo.events.filter((e) => e.type === 'agent.revoked')).toHaveLength(1);
  });

  it('ends the agents started through an API key (its id is their session) when the key is revoked', async () => {
    const f = await tree();
    const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
    await events.apiKeyRevoked({
      type: 'api_key.revoked',
      subject: { type: 'user', id: USER },
      data: { apiKeyId: SESSION, name: 'ci' },
    } as never);
    expect(f.notices.sent).toHaveLength(3);
    expect((await f.list.execute({ caller: caller() })).map((n) => n.agentId)).toEqual([f.other.agentId]);
    expect(f.repo.decisionLog.filter((d) => d.kind === 'revocation').map((d) => d.reason)).toEqual(
      Array(3).fill('api_key_revoked'),
    );
    expect(code(await failure(f.renew.execute({ agentId: f.root.agentId })))).toBe(ErrorCode.AGENT_REVOKED);
  });

  it('refuses once the session ended silently (expired unrefreshed: no event revoked the agents)', async () => {
    const f = await tree();
    const renewals = () => f.repo.events.filter((e) => e.type === 'agent.renewed').length;
    await f.renew.execute({ agentId: f.child.agentId });
    expect(renewals()).toBe(1);
    f.sessions.ended.add(SESSION);
    expect(code(await failure(f.renew.execute({ agentId: f.child.agentId })))).toBe(ErrorCode.AGENT_REVOKED);
    expect(renewals()).toBe(1);
    // Another session's agents renew as before.
    await f.renew.execute({ agentId: f.other.agentId });
  });
});

describe('RenewAgentUseCase', () => {
  it('gives the same grant a fresh expiry, a child never past its parent', async () => {
    const f = await tree();
    f.clock.advance(600_000);
    const child = await f.renew.execute({ agentId: f.child.agentId });
    expect(child.expiresIn).toBe(300);
    const root = await f.renew.execute({ agentId: f.root.agentId });
    expect(root.expiresIn).toBe(900);
    expect(root.granted).toEqual(['file:read', 'test:run']);
    expect((await f.renew.execute({ agentId: f.child.agentId })).expiresIn).toBe(900);
    expect(f.repo.eventTypes().filter((t) => t === 'agent.renewed')).toHaveLength(3);
  });

  it('refuses when a revocation commits between reading the chain and moving the expiry', async () => {
    const f = await tree();
    const renew = f.repo.renew.bind(f.repo);
    jest.spyOn(f.repo, 'renew').mockImplementationOnce(async (...args) => {
      await f.revoke.bySessions([SESSION], 'logout');
      return renew(...args);
    });
    expect(code(await failure(f.renew.execute({ agentId: f.root.agentId })))).toBe(ErrorCode.AGENT_REVOKED);
    expect(f.repo.eventTypes()).not.toContain('agent.renewed');
    expect(f.repo.decisionLog.some((d) => d.kind === 'renewal')).toBe(false);
  });

  it('refuses once the session ended', async () => {
    const f = await tree();
    await f.revoke.bySessions([SESSION], 'logout');
    expect(code(await failure(f.renew.execute({ agentId: f.root.agentId })))).toBe(ErrorCode.AGENT_REVOKED);
  });
});

describe('ListAgentsUseCase', () => {
  it('lists own live agents as a tree; an admin may name a user, others only see their own', async () => {
    const f = await tree();
    const [root] = (await f.list.execute({ caller: caller() })).filter((n) => n.agentId === f.root.agentId);
    expect(root.children.map((c) => c.agentId)).toEqual([f.child.agentId]);
    expect(root.children[0].children.map((c) => c.agentId)).toEqual([f.grandchild.agentId]);
    expect(await f.list.execute({ caller: caller(['user'], OTHER), userId: USER })).toEqual([]);
    expect(await f.list.execute({ caller: caller(['admin'], OTHER), userId: USER })).toHaveLength(2);
  });
});
