import { ErrorCode } from '@portcullis/contracts';
import { catalogFixture } from '../../test/fakes/catalog-fixture';
import { UpdateAgentTypeUseCase } from '../catalog/update-agent-type.use-case';
import { DecideCapabilitiesUseCase } from './decide-capabilities.use-case';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

async function setup() {
  const f = catalogFixture();
  const store = await f.replica();
  return { ...f, store, decide: new DecideCapabilitiesUseCase(store) };
}

describe('DecideCapabilitiesUseCase (seeded catalog)', () => {
  it('applies the seeded type and the role ceiling', async () => {
    const { decide } = await setup();
    expect(
      await decide.execute({
        agentType: 'code-implementer',
        capabilities: ['git:commit', 'git:push', 'db:migrate'],
        roles: ['user'],
      }),
    ).toEqual({
      granted: ['git:commit'],
      needsApproval: [],
      denied: [
        { capability: 'git:push', reason: 'above_role' },
        { capability: 'db:migrate', reason: 'not_in_type' },
      ],
    });
  });

  it('flags a critical capability for approval for an admin', async () => {
    const { decide } = await setup();
    expect(
      await decide.execute({
        agentType: 'devops-engineer',
        capabilities: ['deploy:production', 'deploy:staging'],
        roles: ['admin'],
      }),
    ).toEqual({
      granted: ['deploy:staging'],
      needsApproval: ['deploy:production'],
      denied: [],
    });
  });

  it('keeps a delegation inside the parent scope', async () => {
    const { decide } = await setup();
    const decision = await decide.execute({
      agentType: 'code-implementer',
      capabilities: ['file:read', 'file:write'],
      roles: ['developer'],
      parentScope: ['file:read'],
    });
    expect(decision).toEqual({
      granted: ['file:read'],
      needsApproval: [],
      denied: [{ capability: 'file:write', reason: 'not_in_parent' }],
    });
  });

  it('decides with the type as a super_admin last changed it', async () => {
    const f = await setup();
    const request = { agentType: 'qa-tester', capabilities: ['test:run'], roles: ['user'] as ['user'] };
    expect((await f.decide.execute(request)).granted).toEqual(['test:run']);
    await new UpdateAgentTypeUseCase(f.repository, f.store).execute({ id: 'qa-tester', capabilities: ['file:read'] });
    expect((await f.decide.execute(request)).denied).toEqual([{ capability: 'test:run', reason: 'not_in_type' }]);
  });

  it("answers an unknown type or capability as the caller's mistake, naming it", async () => {
    const { decide } = await setup();
    expect(
      await failure(decide.execute({ agentType: 'wizard', capabilities: ['file:read'], roles: ['user'] })),
    ).toMatchObject({ code: ErrorCode.AGENT_UNKNOWN_TYPE });
    expect(
      await failure(
        decide.execute({ agentType: 'qa-tester', capabilities: ['file:read', 'spell:cast'], roles: ['user'] }),
      ),
    ).toMatchObject({
      code: ErrorCode.AGENT_UNKNOWN_CAPABILITY,
      details: { capabilities: ['spell:cast'] },
    });
  });

  it('answers a malformed request with VALIDATION_FAILED', async () => {
    const { decide } = await setup();
    const bad = [
      { agentType: 'qa-tester', capabilities: [], roles: ['user'] },
      { agentType: 'qa-tester', capabilities: ['file:read'] },
      { agentType: 'qa-tester', capabilities: ['file:read'], roles: 'admin' },
      { agentType: 'qa-tester', capabilities: ['file:read'], roles: ['user'], parentScope: 'file:read' },
      { capabilities: ['file:read'], roles: ['user'] },
      undefined,
    ];
    for (const request of bad)
      expect(await failure(decide.execute(request as never))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });
});
