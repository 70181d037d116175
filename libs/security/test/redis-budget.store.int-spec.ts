import { removeKeysUnder, testEnv, waitFor } from '@portcullis/testing';
import { randomBytes } from 'crypto';
import Redis from 'ioredis';
import { BudgetUse, budgetKeyFactory, RedisBudgetStore } from '../src';

jest.setTimeout(30_000);

/** The budget script on real Redis: atomic across concurrent uses, every ancestor counted or none. */
describe('RedisBudgetStore (real Redis)', () => {
  const env = testEnv('agent-budgets');
  const redis = new Redis(env.REDIS_URL);
  const store = new RedisBudgetStore(redis, env.REDIS_PREFIX);
  const keyOf = budgetKeyFactory(env.REDIS_PREFIX);
  const root = () => `r${randomBytes(4).toString('hex')}`;
  const hour = 3600;
  const use = (
    rootId: string,
    chain: Array<[agentId: string, limit: number, windowSeconds?: number]>,
    capability = 'git:commit',
  ): BudgetUse => ({
    rootId,
    capability,
    chain: chain.map(([agentId, limit, windowSeconds = hour]) => ({ agentId, budget: { limit, windowSeconds } })),
  });
  const count = (rootId: string, agentId: string, capability = 'git:commit') =>
    redis.zcard(keyOf(rootId, agentId, capability));

  afterAll(async () => {
    // Both key forms: these stores write hash-tagged keys (`{<prefix>}:…`), which `<prefix>:*` misses.
    await removeKeysUnder(env.REDIS_URL, env.REDIS_PREFIX);
    await redis.quit();
  });

  it('lets exactly the limit through out of 200 concurrent uses across a parent and its child, never over the cap', async () => {
    const r = root();
    // The parent's 50 binds before the child's 80; half the uses come from the parent itself.
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.consume(
          i % 2
            ? use(r, [[r, 50]])
            : use(r, [
                [r, 50],
                ['child', 80],
              ]),
        ),
      ),
    );
    const allowed = outcomes.filter((o) => o.allowed);
    expect(allowed).toHaveLength(50);
    // Each success saw a different count: 49 left, 48 left, … 0 left, once each.
    expect(allowed.map((o) => (o.allowed ? o.remaining : -1)).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    for (const o of outcomes.filter((x) => !x.allowed))
      expect(o).toMatchObject({ allowed: false, exhaustedAgentId: r });
    expect(await count(r, r)).toBe(50);
    const childAllowed = outcomes.filter((o, i) => o.allowed && i % 2 === 0).length;
    expect(await count(r, 'child')).toBe(childAllowed);
  });

  it("counts a child's use against every ancestor: two children share their parent's budget", async () => {
    const r = root();
    for (let i = 0; i < 3; i++)
      expect(
        await store.consume(
          use(r, [
            [r, 5],
            ['a', 5],
          ]),
        ),
      ).toMatchObject({ allowed: true });
    expect(
      await store.consume(
        use(r, [
          [r, 5],
          ['b', 5],
        ]),
      ),
    ).toEqual({ allowed: true, remaining: 1 });
    expect(
      await store.consume(
        use(r, [
          [r, 5],
          ['b', 5],
        ]),
      ),
    ).toEqual({ allowed: true, remaining: 0 });
    expect(
      await store.consume(
        use(r, [
          [r, 5],
          ['b', 5],
        ]),
      ),
    ).toMatchObject({ allowed: false, exhaustedAgentId: r });
    expect([await count(r, r), await count(r, 'a'), await count(r, 'b')]).toEqual([5, 3, 2]);
  });

  it('counts nothing anywhere when one agent of the chain has no room', async () => {
    const r = root();
    const chain = use(r, [
      [r, 10],
      ['mid', 10],
      ['leaf', 2],
    ]);
    await store.consume(chain);
    await store.consume(chain);
    expect(await store.consume(chain)).toMatchObject({ allowed: false, exhaustedAgentId: 'leaf' });
    expect([await count(r, r), await count(r, 'mid'), await count(r, 'leaf')]).toEqual([2, 2, 2]);
    // The parent still has its own room left.
    expect(await store.consume(use(r, [[r, 10]]))).toEqual({ allowed: true, remaining: 7 });
  });

  it('decides the uses of one turn in order, each as if alone, one script per tree', async () => {
    const [r, other] = [root(), root()];
    const childUse = use(r, [
      [r, 2],
      ['child', 1],
    ]);
    const sent = jest.spyOn(redis as unknown as { budgetConsume: () => unknown }, 'budgetConsume');
    try {
      const outcomes = await Promise.all([
        store.consume(childUse),
        // Refused by the child's own budget: counts nothing, so the parent keeps its room for the next use.
        store.consume(childUse),
        store.consume(use(other, [[other, 1]])),
        store.consume(use(r, [[r, 2]])),
        store.consume(use(r, [[r, 2]])),
      ]);
      expect(outcomes).toEqual([
        { allowed: true, remaining: 0 },
        { allowed: false, exhaustedAgentId: 'child', retryAfterMs: expect.any(Number) },
        { allowed: true, remaining: 0 },
        { allowed: true, remaining: 0 },
        { allowed: false, exhaustedAgentId: r, retryAfterMs: expect.any(Number) },
      ]);
      expect(sent).toHaveBeenCalledTimes(2);
    } finally {
      sent.mockRestore();
    }
    expect([await count(r, r), await count(r, 'child'), await count(other, other)]).toEqual([2, 1, 1]);
  });

  it('answers the fewest uses left along the chain without spending any', async () => {
    const r = root();
    const chain = use(r, [
      [r, 10],
      ['child', 4],
    ]);
    expect(await store.remaining(chain)).toBe(4);
    await store.consume(chain);
    expect(await store.remaining(chain)).toBe(3);
    expect(await store.remaining(use(r, [[r, 10]]))).toBe(9);
    expect(await count(r, 'child')).toBe(1);
  });

  it('slides the window: refused until the oldest use ages out, then allowed once more', async () => {
    const r = root();
    const chain = use(r, [[r, 2, 1]]);
    await store.consume(chain);
    await store.consume(chain);
    const refused = await store.consume(chain);
    expect(refused).toMatchObject({ allowed: false, exhaustedAgentId: r });
    const retryAfterMs = refused.allowed ? 0 : refused.retryAfterMs!;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000);
    await waitFor(async () => (await store.consume(chain)).allowed, { what: 'the oldest use to leave the window' });
    // The new use, and the second old one if it has not aged out yet (both were made within a few ms).
    expect([1, 2]).toContain(await count(r, r));
  });

  it('never allows a zero budget, and says it never will', async () => {
    const r = root();
    expect(await store.consume(use(r, [[r, 0]]))).toEqual({ allowed: false, exhaustedAgentId: r, retryAfterMs: null });
    expect(await redis.exists(keyOf(r, r, 'git:commit'))).toBe(0);
  });

  it('allows an unbudgeted use without touching Redis', async () => {
    expect(await store.consume(use(root(), []))).toEqual({ allowed: true, remaining: null });
  });

  it("keeps one use's keys in one Cluster hash slot, and every key expires", async () => {
    const r = root();
    await store.consume(
      use(
        r,
        [
          [r, 5],
          ['child', 5],
          ['grandchild', 5],
        ],
        'deploy:staging',
      ),
    );
    const written = await redis.keys(`${env.REDIS_PREFIX}:agents:budget:{${r}}:*`);
    expect(written).toHaveLength(3);
    // Cluster hashes only the first {…} of a key; for all three it is the root's id.
    for (const key of written) expect(key.match(/\{([^}]*)\}/)?.[1]).toBe(r);
    for (const key of written) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('refuses a key prefix that would become the hash tag', () => {
    expect(() => budgetKeyFactory('pc:{tenant}')).toThrow(/must not contain/);
  });
});
