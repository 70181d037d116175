import { UpstreamPools } from './upstream-pools';

const pools = (allowPrivateTargets: boolean) =>
  new UpstreamPools({ allowPrivateTargets, connectionsPerUpstream: 2, maxHeaderBytes: 16_384 });

describe('UpstreamPools', () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses a pool for an IP-literal origin the address rule forbids (no lookup would run for it)', async () => {
    const closed = pools(false);
    expect(() => closed.poolFor('api-1', 'http://127.0.0.1:9')).toThrow(/forbidden address/);
    expect(() => closed.poolFor('api-2', 'http://[::1]:9')).toThrow(/forbidden address/);
    const open = pools(true);
    expect(open.poolFor('api-1', 'http://127.0.0.1:9')).toBeDefined();
    await Promise.all([closed.close(), open.close()]);
  });

  it('keeps one pool per API and origin, and a new one when the origin changes', async () => {
    const p = pools(true);
    const first = p.poolFor('api-1', 'http://127.0.0.1:9');
    expect(p.poolFor('api-1', 'http://127.0.0.1:9')).toBe(first);
    expect(p.poolFor('api-1', 'http://127.0.0.1:10')).not.toBe(first);
    await p.close();
  });
});
