import { ErrorCode } from '@portcullis/contracts';
import { catalogFixture } from '../../test/fakes/catalog-fixture';
import { ListAgentTypesUseCase } from './list-agent-types.use-case';
import { UpdateAgentTypeUseCase } from './update-agent-type.use-case';

async function setup() {
  const f = catalogFixture();
  const [a, b] = [await f.replica(), await f.replica()];
  return {
    ...f,
    update: new UpdateAgentTypeUseCase(f.repository, a),
    typeOn: async (store: typeof a, id: string) =>
      (await new ListAgentTypesUseCase(store).execute()).find((t) => t.id === id)!,
    a,
    b,
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

describe('UpdateAgentTypeUseCase', () => {
  it('replaces the allowed set and the description, and answers with the type as stored', async () => {
    const s = await setup();
    const updated = await s.update.execute({
      id: 'code-reviewer',
      description: '  Reviews code  ',
      capabilities: ['pr:write', 'file:read', 'pr:write'],
    });
    expect(updated).toEqual({
      id: 'code-reviewer',
      description: 'Reviews code',
      capabilities: ['file:read', 'pr:write'],
    });
  });

  it('leaves out what was not given', async () => {
    const s = await setup();
    const before = await s.typeOn(s.a, 'qa-tester');
    expect(await s.update.execute({ id: 'qa-tester', description: 'Tests things' })).toEqual({
      ...before,
      description: 'Tests things',
    });
  });

  it('is seen at once by this replica and, after its notice, by every other, though both had the catalog cached', async () => {
    const s = await setup();
    expect((await s.typeOn(s.b, 'data-analyst')).capabilities).toContain('db:read');
    expect((await s.typeOn(s.a, 'data-analyst')).capabilities).toContain('db:read');
    await s.update.execute({ id: 'data-analyst', capabilities: ['metrics:read'] });
    expect((await s.typeOn(s.a, 'data-analyst')).capabilities).toEqual(['metrics:read']);
    expect((await s.typeOn(s.b, 'data-analyst')).capabilities).toEqual(['metrics:read']);
    expect(s.hub.published).toBe(1);
  });

  it('does not keep a load that the change overtook', async () => {
    const s = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = s.repository.load.bind(s.repository);
    await s.a.get();
    s.b.invalidate();
    // Replica b starts reading the old catalog, the change commits and is announced, then b's read returns.
    s.repository.load = async () => {
      const records = await load();
      await gate;
      return records;
    };
    const stale = s.typeOn(s.b, 'data-analyst');
    s.repository.load = load;
    await s.update.execute({ id: 'data-analyst', capabilities: ['metrics:read'] });
    release();
    expect((await stale).capabilities).toContain('db:read');
    expect((await s.typeOn(s.b, 'data-analyst')).capabilities).toEqual(['metrics:read']);
  });

  it('refuses an unknown capability, naming every one, and changes nothing', async () => {
    const s = await setup();
    const err = await failure(
      s.update.execute({ id: 'code-reviewer', capabilities: ['pr:read', 'rocket:launch', 'moon:land'] }),
    );
    expect(err).toMatchObject({
      code: ErrorCode.AGENT_UNKNOWN_CAPABILITY,
      details: { capabilities: ['rocket:launch', 'moon:land'] },
    });
    expect((err as Error).message).toContain('rocket:launch');
    expect((await s.typeOn(s.a, 'code-reviewer')).capabilities).toContain('pr:write');
    expect(s.hub.published).toBe(0);
  });

  it('refuses an unknown type', async () => {
    const s = await setup();
    expect(await failure(s.update.execute({ id: 'time-traveller', description: 'x' }))).toMatchObject({
      code: ErrorCode.AGENT_UNKNOWN_TYPE,
      details: { agentType: 'time-traveller' },
    });
  });

  it('answers a malformed request with VALIDATION_FAILED', async () => {
    const s = await setup();
    const bad = [
      { id: 'qa-tester' },
      { id: 'qa-tester', description: '   ' },
      { id: 'qa-tester', description: 'two\nlines' },
      { id: 'qa-tester', description: 'x'.repeat(501) },
      { id: 'qa-tester', capabilities: 'file:read' },
      { id: 'qa-tester', capabilities: [42] },
      { id: 'qa-tester', capabilities: Array.from({ length: 101 }, (_, i) => `c${i}:read`) },
      { id: 7, description: 'x' },
      undefined,
    ];
    for (const request of bad)
      expect(await failure(s.update.execute(request as never))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('allows emptying a type, so a super_admin can switch it off', async () => {
    const s = await setup();
    expect((await s.update.execute({ id: 'research-assistant', capabilities: [] })).capabilities).toEqual([]);
  });
});
