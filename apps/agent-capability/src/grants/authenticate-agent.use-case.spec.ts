import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { failure, grantsFixture, owner, SESSION, USER } from '../../test/fakes/grants-fixture';

const code = (err: unknown) => (err as AppError).code;

describe('AuthenticateAgentUseCase', () => {
  it('grants requested ∩ type ∩ role ceiling, with each refusal and its reason, and a first-level token', async () => {
    const f = await grantsFixture();
    const reply = await f.authenticate.execute({
      owner: owner(['user']),
      agentType: 'code-implementer',
      capabilities: ['file:read', 'git:commit', 'git:push', 'db:migrate'],
    });
    if (reply.status !== 'granted') throw new Error('expected a grant');
    expect(reply.grant.granted).toEqual(['file:read', 'git:commit']);
    expect(reply.grant.denied).toEqual([
      { capability: 'git:push', reason: 'above_role' },
      { capability: 'db:migrate', reason: 'not_in_type' },
    ]);
    expect(reply.grant.agentId).toMatch(/^agt_[0-9a-f-]{36}$/);
    expect(reply.grant.expiresIn).toBe(900);
    const [spec] = f.signer.signed;
    expect(spec).toMatchObject({
      agentId: reply.grant.agentId,
      userId: USER,
      sessionId: SESSION,
      depth: 1,
      act: { sub: USER },
      scope: ['file:read', 'git:commit'],
    });
    expect(f.repo.eventTypes()).toEqual(['agent.authenticated', 'agent.capability.denied']);
    expect(f.repo.decisionLog.map((d) => `${d.kind}:${d.capability}:${d.reason}`)).toEqual([
      'grant:file:read:granted',
      'grant:git:commit:granted',
      'denial:git:push:above_role',
      'denial:db:migrate:not_in_type',
    ]);
  });

  it('never lets a token outlive the maximum, whatever is asked', async () => {
    const f = await grantsFixture();
    const reply = await f.authenticate.execute({
      owner: owner(),
      agentType: 'code-reviewer',
      capabilities: ['file:read'],
      ttlSeconds: 86_400,
    });
    expect(reply.status === 'granted' && reply.grant.expiresIn).toBe(3600);
  });

  it('answers 403 with every reason when nothing can be granted, and announces the refusal', async () => {
    const f = await grantsFixture();
    const err = await failure(
      f.authenticate.execute({ owner: owner(['user']), agentType: 'code-reviewer', capabilities: ['git:push'] }),
    );
    expect(code(err)).toBe(ErrorCode.AGENT_CAPABILITY_DENIED);
    expect((err as AppError).details).toEqual({ denied: [{ capability: 'git:push', reason: 'not_in_type' }] });
    expect(f.repo.eventTypes()).toEqual(['agent.capability.denied']);
    expect(f.signer.signed).toHaveLength(0);
  });

  it('turns a critical capability into a pending approval, with no token and an event for a person', async () => {
    const f = await grantsFixture();
    const reply = await f.authenticate.execute({
      owner: owner(['admin']),
      agentType: 'devops-engineer',
      capabilities: ['deploy:staging', 'deploy:production'],
    });
    expect(reply).toEqual({
      status: 'pending',
      approval: { approvalId: expect.any(String), status: 'pending', expiresAt: '2026-01-01T12:10:00.000Z' },
    });
    expect(f.signer.signed).toHaveLength(0);
    expect(f.repo.eventTypes()).toEqual(['agent.approval.requested']);
  });

  it('refuses an unknown type or capability as bad input (400), naming it', async () => {
    const f = await grantsFixture();
    expect(
      code(await failure(f.authenticate.execute({ owner: owner(), agentType: 'wizard', capabilities: ['file:read'] }))),
    ).toBe(ErrorCode.AGENT_UNKNOWN_TYPE);
    const err = await failure(
      f.authenticate.execute({ owner: owner(), agentType: 'code-reviewer', capabilities: ['file:teleport'] }),
    );
    expect(code(err)).toBe(ErrorCode.AGENT_UNKNOWN_CAPABILITY);
    expect((err as AppError).details).toEqual({ capabilities: ['file:teleport'] });
    const bad = await failure(
      f.authenticate.execute({ owner: owner(), agentType: 'code-reviewer', capabilities: [], ttlSeconds: 0 }),
    );
    expect(code(bad)).toBe(ErrorCode.VALIDATION_FAILED);
    expect(JSON.stringify((bad as AppError).details)).toContain('ttlSeconds');
  });
});
