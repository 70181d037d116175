import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { caller, failure, grantsFixture, OTHER, owner } from '../../test/fakes/grants-fixture';

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

describe('ConsumeCapabilityUseCase', () => {
  it("counts a child's use against every ancestor's budget, and logs uses and the exhaustion", async () => {
    const f = await grantsFixture();
    const root = await f.authenticate.execute({
      owner: owner(),
      agentType: 'test-engineer',
      capabilities: ['git:commit', 'file:read'],
      budgets: { 'git:commit': { limit: 3, windowSeconds: 60 } },
    });
    const rootId = (root as { grant: { agentId: string } }).grant.agentId;
    const child = await f.delegate.execute({ agentId: rootId, capabilities: ['git:commit', 'file:read'] });
    expect(await f.consume.execute({ agentId: child.agentId, capability: 'git:commit' })).toEqual({
      allowed: true,
      reason: 'granted',
      remaining: 2,
    });
    await f.consume.execute({ agentId: rootId, capability: 'git:commit' });
    expect(await f.consume.execute({ agentId: child.agentId, capability: 'git:commit' })).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    expect(await f.consume.execute({ agentId: child.agentId, capability: 'git:commit' })).toMatchObject({
      allowed: false,
      reason: 'budget_exhausted',
    });
    expect(await f.consume.execute({ agentId: child.agentId, capability: 'file:read' })).toEqual({
      allowed: true,
      reason: 'granted',
      remaining: null,
    });
    expect(await f.consume.execute({ agentId: child.agentId, capability: 'shell:exec' })).toMatchObject({
      allowed: false,
      reason: 'not_granted',
    });
    expect(f.repo.eventTypes()).toContain('agent.budget.exhausted');
    const decisions = await f.decisions.execute({ agentId: child.agentId, caller: caller() });
    expect(decisions.items.slice(0, 3).map((d) => `${d.kind}:${d.reason}`)).toEqual([
      'denial:not_granted',
      'use:granted',
      'denial:budget_exhausted',
    ]);
  });
});
