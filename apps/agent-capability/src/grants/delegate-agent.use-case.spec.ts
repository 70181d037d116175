import { budgetUse } from '@portcullis/security';
import { AppError } from '@portcullis/common';
import { AgentGrantReply, ErrorCode } from '@portcullis/contracts';
import { failure, grantsFixture, owner, USER } from '../../test/fakes/grants-fixture';

const code = (err: unknown) => (err as AppError).code;

async function withRoot(capabilities = ['file:read', 'file:write', 'git:commit', 'test:run'], ttlSeconds = 600) {
  const f = await grantsFixture();
  const reply = await f.authenticate.execute({
    owner: owner(),
    agentType: 'test-engineer',
    capabilities,
    ttlSeconds,
    ...(capabilities.includes('git:commit') && { budgets: { 'git:commit': { limit: 5, windowSeconds: 3600 } } }),
  });
  if (reply.status !== 'granted') throw new Error('expected a grant');
  return { ...f, root: reply.grant };
}

describe('DelegateAgentUseCase', () => {
  it('narrows: a child gets at most its parent scope; a wider ask is denied not_in_parent, never granted', async () => {
    const f = await withRoot(['file:read', 'test:run']);
    const child = await f.delegate.execute({ agentId: f.root.agentId, capabilities: ['file:read', 'file:write'] });
    expect(child.granted).toEqual(['file:read']);
    expect(child.denied).toEqual([{ capability: 'file:write', reason: 'not_in_parent' }]);
    expect(code(await failure(f.delegate.execute({ agentId: f.root.agentId, capabilities: ['file:write'] })))).toBe(
      ErrorCode.AGENT_CAPABILITY_DENIED,
    );
  });

  it("holds a child to the person's current role ceiling, not the one the tree began with", async () => {
    const f = await grantsFixture();
    const reply = await f.authenticate.execute({
      owner: owner(['developer']),
      agentType: 'devops-engineer',
      capabilities: ['file:read', 'deploy:staging'],
    });
    if (reply.status !== 'granted') throw new Error('expected a grant');
    expect(reply.grant.granted).toEqual(['deploy:staging', 'file:read']);
    // Demoted to user since (medium at most): deploy:staging is above the ceiling now.
    const child = await f.delegate.execute({
      agentId: reply.grant.agentId,
      capabilities: ['file:read', 'deploy:staging'],
      ownerRoles: ['user'],
    });
    expect(child.granted).toEqual(['file:read']);
    expect(child.denied).toEqual([{ capability: 'deploy:staging', reason: 'above_role' }]);
    // The child keeps the roles it was decided under: its own children start from those.
    const grandchild = await f.delegate.execute({ agentId: child.agentId, capabilities: ['file:read'] });
    expect(grandchild.granted).toEqual(['file:read']);
  });

  it('nests act one level per delegation, the person innermost, and never outlives the parent', async () => {
    const f = await withRoot();
    f.clock.advance(100_000);
    const child = await f.delegate.execute({
      agentId: f.root.agentId,
      capabilities: ['file:read', 'git:commit'],
      ttlSeconds: 3600,
    });
    const grandchild = await f.delegate.execute({ agentId: child.agentId, capabilities: ['file:read'] });
    expect(child.expiresIn).toBe(500);
    expect(grandchild.expiresIn).toBe(500);
    const [, childSpec, grandSpec] = f.signer.signed;
    expect(childSpec).toMatchObject({ depth: 2, act: { sub: f.root.agentId, act: { sub: USER } } });
    expect(grandSpec).toMatchObject({
      depth: 3,
      act: { sub: child.agentId, act: { sub: f.root.agentId, act: { sub: USER } } },
    });
    expect(f.repo.eventTypes()).toContain('agent.delegated');
  });

  it('refuses a delegation past the depth limit with AGENT_DELEGATION_DEPTH', async () => {
    const f = await grantsFixture({ maxDelegationDepth: 2 });
    const root = await f.authenticate.execute({
      owner: owner(),
      agentType: 'test-engineer',
      capabilities: ['file:read'],
    });
    const first = (root as { grant: AgentGrantReply }).grant;
    // Max 2: the first-level token has depth 1, its child 2; a grandchild (3) is refused.
    const child = await f.delegate.execute({ agentId: first.agentId, capabilities: ['file:read'] });
    expect(f.signer.signed.at(-1)).toMatchObject({ depth: 2 });
    expect(code(await failure(f.delegate.execute({ agentId: child.agentId, capabilities: ['file:read'] })))).toBe(
      ErrorCode.AGENT_DELEGATION_DEPTH,
    );
  });

  it('caps a budget at what the parent chain has left', async () => {
    const f = await withRoot();
    const chain = await f.budgetChains.execute({ agentId: f.root.agentId });
    for (let i = 0; i < 3; i++) await f.budgets.consume(budgetUse(chain!, 'git:commit'));
    await f.delegate.execute({
      agentId: f.root.agentId,
      capabilities: ['git:commit'],
      budgets: { 'git:commit': { limit: 10, windowSeconds: 60 } },
    });
    const child = [...f.repo.agents.values()].find((a) => a.depth === 1)!;
    expect(child.budgets).toEqual({ 'git:commit': { limit: 2, windowSeconds: 60 } });
  });

  it('refuses a revoked or expired parent, and one whose ancestor was revoked', async () => {
    const f = await withRoot();
    const child = await f.delegate.execute({ agentId: f.root.agentId, capabilities: ['file:read'] });
    await f.revoke.byRequest({ agentId: f.root.agentId, caller: { userId: USER, roles: ['user'] } });
    expect(code(await failure(f.delegate.execute({ agentId: child.agentId, capabilities: ['file:read'] })))).toBe(
      ErrorCode.AGENT_REVOKED,
    );
    const g = await withRoot();
    g.clock.advance(601_000);
    expect(code(await failure(g.delegate.execute({ agentId: g.root.agentId, capabilities: ['file:read'] })))).toBe(
      ErrorCode.AGENT_REVOKED,
    );
  });
});
