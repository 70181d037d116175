import { BusClient } from '@portcullis/bus';
import { RATE_LIMIT_POLICIES_TOPIC, RateLimitPolicyChange, RateLimitPolicyDto } from '@portcullis/contracts';
import { PutRateLimitPoliciesUseCase } from './put-rate-limit-policies.use-case';
import { RateLimitPolicyRepository } from './rate-limit-policy.repository';

class FakePolicies extends RateLimitPolicyRepository {
  rows: RateLimitPolicyDto[] = [
    { name: 'ip', scope: 'ip', limit: 600, windowSeconds: 60, description: '', updatedAt: '2026-01-01T00:00:00.000Z' },
    {
      name: 'user:user',
      scope: 'user',
      limit: 300,
      windowSeconds: 60,
      description: '',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  ];
  list() {
    return Promise.resolve(this.rows.map((r) => ({ ...r })));
  }
  update(changes: RateLimitPolicyChange[], at: Date) {
    for (const c of changes)
      Object.assign(this.rows.find((r) => r.name === c.name) ?? {}, { ...c, updatedAt: at.toISOString() });
    return Promise.resolve();
  }
}

function setup() {
  const policies = new FakePolicies();
  const published: string[] = [];
  const broadcasts: string[] = [];
  const bus = {
    publish: (def: { type: string }) => Promise.resolve(published.push(def.type)).then(() => '1-0'),
    broadcast: (topic: string) => Promise.resolve(void broadcasts.push(topic)),
  } as unknown as BusClient;
  const useCase = new PutRateLimitPoliciesUseCase(policies, bus, () => new Date('2026-11-28T12:00:00.000Z'));
  return { policies, published, broadcasts, useCase };
}

describe('PutRateLimitPoliciesUseCase', () => {
  it('changes the named policies, announces the change and tells every gateway to reload', async () => {
    const { useCase, published, broadcasts } = setup();
    const after = await useCase.execute({
      actorId: 'admin',
      policies: [{ name: 'user:user', limit: 5, windowSeconds: 10 }],
    });
    expect(after.find((p) => p.name === 'user:user')).toMatchObject({
      limit: 5,
      windowSeconds: 10,
      updatedAt: '2026-11-28T12:00:00.000Z',
    });
    expect(after.find((p) => p.name === 'ip')).toMatchObject({ limit: 600 });
    expect(published).toEqual(['security.rate_limits.changed']);
    expect(broadcasts).toEqual([RATE_LIMIT_POLICIES_TOPIC]);
  });

  it.each([
    ['an unknown name', [{ name: 'user:root', limit: 1, windowSeconds: 1 }], 'policies.0.name'],
    [
      'a name twice',
      [
        { name: 'ip', limit: 1, windowSeconds: 1 },
        { name: 'ip', limit: 2, windowSeconds: 1 },
      ],
      'policies.1.name',
    ],
    ['a zero limit', [{ name: 'ip', limit: 0, windowSeconds: 1 }], 'policies.0.limit'],
    ['a fractional window', [{ name: 'ip', limit: 1, windowSeconds: 1.5 }], 'policies.0.windowSeconds'],
    ['nothing', [], 'policies'],
  ])('refuses %s, naming the field, and changes nothing', async (_, policies, field) => {
    const { useCase, policies: repo, broadcasts } = setup();
    await expect(
      useCase.execute({ actorId: 'admin', policies: policies as RateLimitPolicyChange[] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field },
    });
    expect((await repo.list()).map((p) => p.limit)).toEqual([600, 300]);
    expect(broadcasts).toEqual([]);
  });
});
