import { LocalApiChanges } from '../apis/api-changes';
import { FailedAnswer, UpstreamBreakers } from './upstream-breakers';
import { UpstreamPools } from './upstream-pools';
import { UpstreamRelease } from './upstream-release';

describe('UpstreamRelease', () => {
  let changes: LocalApiChanges;
  let breakers: UpstreamBreakers;
  let pools: UpstreamPools;

  beforeEach(() => {
    changes = new LocalApiChanges();
    breakers = new UpstreamBreakers({ errorPercent: 50, minCalls: 2, windowMs: 10_000, resetMs: 60_000 });
    // No connection is made: a pool connects on its first request, and these make none.
    pools = new UpstreamPools({ allowPrivateTargets: true, connectionsPerUpstream: 1, maxHeaderBytes: 16_384 });
    new UpstreamRelease(changes, breakers, pools).onModuleInit();
  });

  afterEach(async () => {
    breakers.shutdown();
    await pools.close();
  });

  const openBreakerOf = async (apiId: string) => {
    for (let i = 0; i < 2; i++)
      await breakers.run(`api:${apiId}`, () => Promise.reject(new FailedAnswer(502))).catch(() => undefined);
    expect(breakers.state(`api:${apiId}`)).toBe('open');
  };

  it("releases a deleted or re-pointed API's breaker and pool, and no other's", async () => {
    await openBreakerOf('a');
    await openBreakerOf('b');
    const poolA = pools.poolFor('a', 'http://127.0.0.1:9000');
    const poolB = pools.poolFor('b', 'http://127.0.0.1:9001');
    await changes.announce({ apiId: 'a', upstreamChanged: true });
    expect(breakers.state('api:a')).toBe('closed');
    expect(poolA.closed).toBe(true);
    expect(pools.poolFor('a', 'http://127.0.0.1:9000')).not.toBe(poolA);
    expect(breakers.state('api:b')).toBe('open');
    expect(poolB.closed).toBe(false);
  });

  it('keeps both when the change leaves the upstream as it was (a rename, new routes)', async () => {
    await openBreakerOf('a');
    const pool = pools.poolFor('a', 'http://127.0.0.1:9000');
    await changes.announce({ apiId: 'a', upstreamChanged: false });
    expect(breakers.state('api:a')).toBe('open');
    expect(pools.poolFor('a', 'http://127.0.0.1:9000')).toBe(pool);
  });
});
