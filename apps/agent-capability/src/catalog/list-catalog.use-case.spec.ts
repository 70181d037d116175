import { catalogFixture } from '../../test/fakes/catalog-fixture';
import { ListAgentTypesUseCase } from './list-agent-types.use-case';
import { ListCapabilitiesUseCase } from './list-capabilities.use-case';

describe('listing the agent catalog (seeded table)', () => {
  it('lists the types sorted by id, each with a description and its sorted capabilities', async () => {
    const types = await new ListAgentTypesUseCase(await catalogFixture().replica()).execute();
    expect(types.length).toBeGreaterThanOrEqual(22);
    expect(types.map((t) => t.id)).toEqual(types.map((t) => t.id).sort());
    const reviewer = types.find((t) => t.id === 'code-reviewer')!;
    expect(reviewer.description).toBe('Reviews pull requests');
    expect(reviewer.capabilities).toEqual([...reviewer.capabilities].sort());
    expect(reviewer.capabilities).toContain('pr:read');
  });

  it('lists the capabilities with their risk', async () => {
    const capabilities = await new ListCapabilitiesUseCase(await catalogFixture().replica()).execute();
    expect(capabilities).toContainEqual({
      id: 'deploy:production',
      risk: 'critical',
      description: 'Deploy to production',
    });
    expect(capabilities.map((c) => c.id)).toEqual(capabilities.map((c) => c.id).sort());
  });

  it('reads the tables once for every caller, and hands out copies the caller cannot use to alter the cache', async () => {
    const f = catalogFixture();
    const store = await f.replica();
    const list = new ListAgentTypesUseCase(store);
    const [first] = await Promise.all([list.execute(), list.execute(), new ListCapabilitiesUseCase(store).execute()]);
    first[0].capabilities.push('shell:exec');
    expect((await list.execute())[0].capabilities).not.toContain('shell:exec');
    expect(f.repository.loads).toBe(1);
  });

  it('loads again after a failed load instead of keeping the failure', async () => {
    const f = catalogFixture();
    const load = f.repository.load.bind(f.repository);
    f.repository.load = jest.fn().mockRejectedValueOnce(new Error('db down')).mockImplementation(load);
    const list = new ListAgentTypesUseCase(await f.replica());
    await expect(list.execute()).rejects.toThrow('db down');
    await expect(list.execute()).resolves.toHaveLength(25);
  });
});
