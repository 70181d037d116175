import { budgetUse } from '@portcullis/security';
import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { caller, failure, grantsFixture, OTHER, owner, SESSION, USER } from '../../test/fakes/grants-fixture';
import { SessionEndsEventController } from './session-ends.event-controller';

const code = (err: unknown) => (err as AppError).code;

async function pending() {
  const f = await grantsFixture();
  const reply = await f.authenticate.execute({
    owner: owner(['admin']),
    agentType: 'devops-engineer',
    capabilities: ['deploy:staging', 'deploy:production', 'db:migrate'],
  });
  if (reply.status !== 'pending') throw new Error('expected an approval');
  return { ...f, approvalId: reply.approval.approvalId };
}

describe('ApprovalsUseCase', () => {
  it('approve, then the requester collects once: the critical capability is granted with the rest', async () => {
    const f = await pending();
    expect(code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })))).toBe(
      ErrorCode.AGENT_APPROVAL_PENDING,
    );
    await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin']) }, 'approved');
    const grant = await f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) });
    expect(grant.granted).toEqual(['deploy:production', 'deploy:staging']);
    expect(grant.denied).toEqual([{ capability: 'db:migrate', reason: 'not_in_type' }]);
    expect(code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })))).toBe(
      ErrorCode.AGENT_APPROVAL_USED,
    );
    expect(f.repo.eventTypes()).toEqual(['agent.approval.requested', 'agent.approval.decided', 'agent.authenticated']);
  });

  it('a collect whose signing fails leaves the approval collectable, and ends the agent it recorded', async () => {
    const f = await pending();
    const request = { approvalId: f.approvalId, caller: caller(['admin']) };
    await f.approvals.decide(request, 'approved');
    f.signer.failNext = true;
    expect(await failure(f.approvals.collect(request))).toMatchObject({ message: 'the token app did not answer' });
    // The token that may have been signed names an agent that is now revoked, and every gateway hears it.
    const lost = f.signer.signed[0].agentId;
    expect(f.notices.sent.map((n) => n.agentId)).toEqual([lost]);
    const grant = await f.approvals.collect(request);
    expect(grant.agentId).not.toBe(lost);
    expect(grant.granted).toEqual(['deploy:production', 'deploy:staging']);
    expect(code(await failure(f.approvals.collect(request)))).toBe(ErrorCode.AGENT_APPROVAL_USED);
  });

  it('does not reopen an approval whose session ended while its collect was failing', async () => {
    const f = await pending();
    const request = { approvalId: f.approvalId, caller: caller(['admin']) };
    await f.approvals.decide(request, 'approved');
    f.signer.failNext = true;
    f.sessions.ended.add(SESSION);
    await failure(f.approvals.collect(request));
    expect(code(await failure(f.approvals.collect(request)))).toBe(ErrorCode.AGENT_APPROVAL_USED);
  });

  it('collects only within the requester’s current roles: demoted since, a 403 with the reasons, and the approval stays', async () => {
    const f = await pending();
    await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin']) }, 'approved');
    const err = await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['user']) }));
    expect(code(err)).toBe(ErrorCode.AGENT_CAPABILITY_DENIED);
    expect((err as AppError).details?.denied).toEqual(
      expect.arrayContaining([{ capability: 'deploy:production', reason: 'above_role' }]),
    );
    expect(f.repo.eventTypes()).not.toContain('agent.authenticated');
    // Restored, the same approval is collected.
    const grant = await f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) });
    expect(grant.granted).toEqual(['deploy:production', 'deploy:staging']);
  });

  it('a denied approval never yields a token', async () => {
    const f = await pending();
    await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['user']) }, 'denied');
    expect(code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })))).toBe(
      ErrorCode.AGENT_APPROVAL_DENIED,
    );
    expect(
      code(await failure(f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin']) }, 'approved'))),
    ).toBe(ErrorCode.AGENT_APPROVAL_USED);
    expect(f.signer.signed).toHaveLength(0);
  });

  it("is 404 for someone else's approval, an unknown id, and after 10 minutes", async () => {
    const f = await pending();
    expect(
      code(
        await failure(f.approvals.decide({ approvalId: f.approvalId, caller: caller(['user'], OTHER) }, 'approved')),
      ),
    ).toBe(ErrorCode.AGENT_APPROVAL_NOT_FOUND);
    await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin'], OTHER) }, 'approved');
    expect(
      code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin'], OTHER) }))),
    ).toBe(ErrorCode.AGENT_APPROVAL_NOT_FOUND);
    expect(code(await failure(f.approvals.collect({ approvalId: 'nope', caller: caller() })))).toBe(
      ErrorCode.AGENT_APPROVAL_NOT_FOUND,
    );
    f.clock.advance(10 * 60_000);
    expect(code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })))).toBe(
      ErrorCode.AGENT_APPROVAL_NOT_FOUND,
    );
  });

  it('ends with its session or its user: approved but not collected, it is 404, never a token', async () => {
    for (const end of ['logout', 'user_disabled'] as const) {
      const f = await pending();
      await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin']) }, 'approved');
      const events = new SessionEndsEventController(f.revoke, f.rolesLowered);
      if (end === 'logout')
        await events.logout({
          type: 'auth.logout',
          subject: { type: 'user', id: USER },
          data: { sessionId: SESSION },
        } as never);
      else await events.userDisabled({ type: 'user.disabled', subject: { type: 'user', id: USER }, data: {} } as never);
      expect(code(await failure(f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })))).toBe(
        ErrorCode.AGENT_APPROVAL_NOT_FOUND,
      );
      expect(f.signer.signed).toHaveLength(0);
    }
  });

  it('two concurrent collects: one token, one 409', async () => {
    const f = await pending();
    await f.approvals.decide({ approvalId: f.approvalId, caller: caller(['admin']) }, 'approved');
    const results = await Promise.allSettled(
      [0, 1].map(() => f.approvals.collect({ approvalId: f.approvalId, caller: caller(['admin']) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(f.signer.signed).toHaveLength(1);
  });
});

describe('BudgetChainUseCase and RecordUsesUseCase', () => {
  const withChild = async () => {
    const f = await grantsFixture();
    const root = await f.authenticate.execute({
      owner: owner(),
      agentType: 'test-engineer',
      capabilities: ['git:commit', 'file:read'],
      budgets: { 'git:commit': { limit: 3, windowSeconds: 60 } },
    });
    const rootId = (root as { grant: { agentId: string } }).grant.agentId;
    const child = await f.delegate.execute({ agentId: rootId, capabilities: ['git:commit', 'file:read'] });
    /** What the gateway does per use: the chain's budgets, counted in one step. */
    const use = async (agentId: string, capability: string) => {
      const chain = await f.budgetChains.execute({ agentId });
      return f.budgets.consume(budgetUse(chain!, capability));
    };
    return { f, rootId, child, use };
  };

  it("gives the chain root first, so a child's use counts against every ancestor's budget", async () => {
    const { f, rootId, child, use } = await withChild();
    const chain = await f.budgetChains.execute({ agentId: child.agentId });
    expect(chain?.agents.map((a) => `agt_${a.agentId}`)).toEqual([rootId, child.agentId]);
    expect(chain?.rootId).toBe(rootId.slice(4));
    expect(await use(child.agentId, 'git:commit')).toEqual({ allowed: true, remaining: 2 });
    await use(rootId, 'git:commit');
    expect(await use(child.agentId, 'git:commit')).toEqual({ allowed: true, remaining: 0 });
    expect(await use(child.agentId, 'git:commit')).toMatchObject({ allowed: false, exhaustedAgentId: rootId.slice(4) });
    expect(await use(child.agentId, 'file:read')).toEqual({ allowed: true, remaining: null });
  });

  it('answers null for an unknown or revoked agent, and refuses a malformed id', async () => {
    const { f, rootId } = await withChild();
    expect(await f.budgetChains.execute({ agentId: 'agt_00000000-0000-4000-8000-000000000000' })).toBeNull();
    await f.revoke.byRequest({ agentId: rootId, caller: caller() });
    expect(await f.budgetChains.execute({ agentId: rootId })).toBeNull();
    expect(code(await failure(f.budgetChains.execute({ agentId: 'nope' })))).toBe(ErrorCode.VALIDATION_FAILED);
  });

  it('logs uses and exhaustions at the time of use, with the exhaustion event carrying where the use came from', async () => {
    const { f, rootId, child } = await withChild();
    // Counted half a minute before the batch reached the log.
    const at = new Date(Date.now() - 30_000).toISOString();
    const [childId, root] = [child.agentId.slice(4), rootId.slice(4)];
    await f.recordUses.execute([
      { agentId: childId, capability: 'git:commit', allowed: true, at },
      {
        agentId: childId,
        capability: 'git:commit',
        allowed: false,
        exhaustedAgentId: root,
        at,
        requestId: 'req-1',
        ip: '203.0.113.9',
        userAgent: 'resource-server/1.0',
      },
    ]);
    const decisions = await f.decisions.execute({ agentId: child.agentId, caller: caller() });
    expect(decisions.items.slice(0, 2).map((d) => `${d.kind}:${d.reason}`)).toEqual([
      'denial:budget_exhausted',
      'use:granted',
    ]);
    expect(decisions.items.slice(0, 2).map((d) => d.at)).toEqual([at, at]);
    const exhausted = f.repo.events.find((e) => e.type === 'agent.budget.exhausted');
    expect(exhausted).toMatchObject({
      data: { agentId: child.agentId, capability: 'git:commit', exhaustedAgentId: rootId },
      meta: { ip: '203.0.113.9', userAgent: 'resource-server/1.0', requestId: 'req-1' },
    });
  });

  it('logs a use of a capability the token does not hold as a not_granted denial, announced with the agent as actor', async () => {
    const { f, child } = await withChild();
    const at = new Date().toISOString();
    await f.recordUses.execute([
      { agentId: child.agentId.slice(4), capability: 'db:write', allowed: false, reason: 'not_granted', at },
    ]);
    const decisions = await f.decisions.execute({ agentId: child.agentId, caller: caller() });
    expect(`${decisions.items[0].kind}:${decisions.items[0].capability}:${decisions.items[0].reason}`).toBe(
      'denial:db:write:not_granted',
    );
    const denied = f.repo.events.filter((e) => e.type === 'agent.capability.denied').at(-1);
    expect(denied).toMatchObject({
      actor: { type: 'agent', id: child.agentId },
      data: { agentId: child.agentId, denied: [{ capability: 'db:write', reason: 'not_granted' }] },
    });
    expect(f.repo.events.some((e) => e.type === 'agent.budget.exhausted')).toBe(false);
  });
});
