import { BusTimeoutError, BusUnavailableError } from '@portcullis/bus';
import { AppError, isPromise, RedisClient, RequestContext, runWithRequestContext } from '@portcullis/common';
import { ErrorCode, MeReply } from '@portcullis/contracts';
import { CircuitBreakerStateValue } from '@portcullis/observability';
import { register } from 'prom-client';
import { AuthSettings } from './auth-settings';
import { UserViewCache } from './user-view.cache';

const view = (permissions: string[]): MeReply =>
  ({ id: 'u1', email: 'u1@example.com', displayName: null, roles: ['user'], permissions }) as unknown as MeReply;

const settings: AuthSettings = {
  issuer: 'i',
  audience: 'a',
  tokenCacheSize: 10,
  redisPrefix: 'test',
  userViewTtlSeconds: 30,
  staleToleranceSeconds: 300,
};

/** Redis as the cache uses it; `shared` is the L2 copy `get` answers (none by default). */
function fakeRedis(shared: { raw: string | null } = { raw: null }) {
  return {
    get: jest.fn(async () => shared.raw),
    set: jest.fn(async () => 'OK'),
    del: jest.fn(async () => 1),
    scan: jest.fn(async () => ['0', []]),
  } as unknown as RedisClient;
}

/** A loader standing in for `auth.me` over the bus: up (answers `current`) or down (throws `failure`). */
function fakeLoader() {
  const state: { current: MeReply; failure?: Error } = { current: view(['users:read']) };
  const load = jest.fn(async () => {
    if (state.failure) throw state.failure;
    return state.current;
  });
  return { load, state };
}

/** A get inside a request context, as the gateway makes it: the view, and whether the answer was marked degraded. */
async function served(cache: UserViewCache, load: () => Promise<MeReply>, userId = 'u1') {
  const context: RequestContext = {};
  const view = await runWithRequestContext(context, () => Promise.resolve(cache.get(userId, load)));
  return { view, stale: context.degraded === 'stale-cache' };
}

describe('UserViewCache', () => {
  // Fake timers move Date.now and the breaker's reset timer together.
  const advance = (seconds: number) => jest.advanceTimersByTime(seconds * 1000);
  const caches: UserViewCache[] = [];

  beforeEach(() =>
    jest.useFakeTimers({ now: 1_800_000_000_000, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }),
  );
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.onApplicationShutdown()));
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function setup(over: Partial<AuthSettings> = {}, shared?: { raw: string | null }) {
    const cache = new UserViewCache(fakeRedis(shared), { ...settings, ...over });
    caches.push(cache);
    return { cache, ...fakeLoader() };
  }

  it('answers a fresh view synchronously, without loading again', async () => {
    const { cache, load, state } = setup();
    await expect(cache.get('u1', load)).resolves.toEqual(state.current);
    advance(29);
    const hit = cache.get('u1', load);
    expect(isPromise(hit)).toBe(false);
    expect(hit).toEqual(state.current);
    expect((await served(cache, load)).stale).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('holds views frozen, arrays too: what is derived from a view once (JSON, a cut) cannot go stale', async () => {
    const { cache, load } = setup();
    const held = (await served(cache, load)).view;
    expect(cache.get('u1', load)).toBe(held);
    expect(Object.isFrozen(held) && Object.isFrozen(held.roles) && Object.isFrozen(held.permissions)).toBe(true);
    expect(() => held.permissions.push('users:write')).toThrow(TypeError);
  });

  it('past the TTL, with the user app unreachable, serves the last view within the tolerance, marked stale', async () => {
    const { cache, load, state } = setup();
    const loaded = await cache.get('u1', load);
    advance(31);
    state.failure = new BusTimeoutError('auth.me', 5000);
    expect(await served(cache, load)).toEqual({ view: loaded, stale: true });
    // Each kind of "cannot answer" counts, up to just before the tolerance (counted from the load).
    advance(263);
    state.failure = new BusUnavailableError('auth.me');
    expect((await served(cache, load)).stale).toBe(true);
    advance(5);
    state.failure = new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down');
    expect((await served(cache, load)).stale).toBe(true);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('after a failed load, serves held views at once (no wait on the bus) until the next try', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    state.failure = new BusTimeoutError('auth.me', 5000);
    expect((await served(cache, load)).stale).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
    const again = cache.get('u1', load);
    expect(isPromise(again)).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
    advance(5);
    state.failure = undefined;
    expect(await served(cache, load)).toEqual({ view: state.current, stale: false });
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('exports its breaker as circuit_breaker_state{upstream="bus:user"}: open after a failure, closed once a probe answers', async () => {
    const state = async () =>
      (await register.getSingleMetric('circuit_breaker_state')?.get())?.values.find(
        (v) => v.labels.upstream === 'bus:user',
      )?.value;
    const { cache, load, state: user } = setup();
    await cache.get('u1', load);
    expect(await state()).toBe(CircuitBreakerStateValue.closed);
    advance(31);
    user.failure = new BusUnavailableError('auth.me');
    await served(cache, load);
    expect(await state()).toBe(CircuitBreakerStateValue.open);
    advance(5);
    expect(await state()).toBe(CircuitBreakerStateValue.halfOpen);
    user.failure = undefined;
    await served(cache, load);
    expect(await state()).toBe(CircuitBreakerStateValue.closed);
  });

  it('marks every request that waited on the shared stale load, not only the one that started it', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    state.failure = new BusTimeoutError('auth.me', 5000);
    const [first, second] = await Promise.all([served(cache, load), served(cache, load)]);
    expect([first.stale, second.stale]).toEqual([true, true]);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("takes a load cut short by its own request's deadline as no sign of an outage: the error, nothing stale", async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    state.failure = new AppError(ErrorCode.BUS_DEADLINE_EXCEEDED, 'deadline');
    await expect(served(cache, load)).rejects.toMatchObject({ code: ErrorCode.BUS_DEADLINE_EXCEEDED });
    // A timeout in a request already past its deadline (a client trickling its body) is the same.
    state.failure = new BusTimeoutError('auth.me', 10);
    const late: RequestContext = { deadline: Date.now() - 1 };
    await expect(runWithRequestContext(late, () => Promise.resolve(cache.get('u1', load)))).rejects.toMatchObject({
      code: ErrorCode.BUS_TIMEOUT,
    });
    // And the next request asks the user app at once, with no window of stale answers opened.
    state.failure = undefined;
    expect(await served(cache, load)).toEqual({ view: state.current, stale: false });
  });

  it('counts a timeout that ends at the deadline when the load began with time to spare (after a slow step)', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    // The request spent 2 of its 5 s waiting out an unreachable token app; the load then took the rest.
    const context: RequestContext = { deadline: Date.now() + 3000 };
    const timeout = new BusTimeoutError('auth.me', 3000);
    state.failure = timeout;
    load.mockImplementationOnce(async () => {
      advance(3);
      throw timeout;
    });
    await expect(runWithRequestContext(context, () => Promise.resolve(cache.get('u1', load)))).rejects.toMatchObject({
      code: ErrorCode.BUS_TIMEOUT,
    });
    // The breaker opened: the next request is served the held view at once, marked stale.
    const calls = load.mock.calls.length;
    expect(await served(cache, load)).toEqual({ view: view(['users:read']), stale: true });
    expect(load.mock.calls.length).toBe(calls);
  });

  it('beyond the tolerance, answers the error', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(300);
    state.failure = new BusTimeoutError('auth.me', 5000);
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
  });

  it('never serves a view stale after a change notice dropped it', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    await cache.get('u2', load);
    await cache.forget('u1');
    advance(31);
    state.failure = new BusTimeoutError('auth.me', 5000);
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
    await cache.forgetAll();
    // The failure opened the breaker: with nothing to serve, the answer is at once a 503.
    await expect(cache.get('u2', load)).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });

  it('does not serve stale a load that a notice overtook while the user app was failing', async () => {
    const { cache, load } = setup();
    await cache.get('u1', load);
    advance(31);
    let fail!: () => void;
    load.mockImplementationOnce(
      () => new Promise<MeReply>((_, reject) => (fail = () => reject(new BusTimeoutError('auth.me', 5000)))),
    );
    const pending = cache.get('u1', load);
    await new Promise((resolve) => setImmediate(resolve)); // past the Redis read, into the load
    expect(load).toHaveBeenCalledTimes(2);
    await cache.forget('u1');
    fail();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
  });

  it('never makes up a view it never loaded', async () => {
    const { cache, load, state } = setup();
    state.failure = new BusTimeoutError('auth.me', 5000);
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
  });

  it('drops the old view when the user app answers no (e.g. the user is gone), so an outage after cannot bring it back', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    state.failure = new AppError(ErrorCode.USER_NOT_FOUND, 'gone');
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
    state.failure = new BusTimeoutError('auth.me', 5000);
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
  });

  it('once the user app answers again, refreshes the view: fresh, unmarked, cached', async () => {
    const { cache, load, state } = setup();
    await cache.get('u1', load);
    advance(31);
    state.failure = new BusTimeoutError('auth.me', 5000);
    expect((await served(cache, load)).stale).toBe(true);
    advance(5);
    state.failure = undefined;
    state.current = view(['users:read', 'users:write']);
    expect(await served(cache, load)).toEqual({ view: state.current, stale: false });
    const hit = cache.get('u1', load);
    expect(isPromise(hit)).toBe(false);
    expect(hit).toEqual(state.current);
    // And the tolerance counts from this load now.
    advance(299);
    state.failure = new BusTimeoutError('auth.me', 5000);
    expect((await served(cache, load)).stale).toBe(true);
  });

  it('counts a view read from Redis as a full TTL old', async () => {
    const shared = {
      raw: JSON.stringify({ view: view(['from-redis']), loadStartedAt: Date.now() }) as string | null,
    };
    const { cache, load, state } = setup({}, shared);
    await expect(cache.get('u1', load)).resolves.toEqual(view(['from-redis']));
    expect(load).not.toHaveBeenCalled();
    shared.raw = null;
    state.failure = new BusTimeoutError('auth.me', 5000);
    advance(269);
    expect((await served(cache, load)).stale).toBe(true);
    advance(1);
    await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });

  it('does not take a shared copy whose load began before this replica dropped the user (one written back late)', async () => {
    // Replica B loaded the old view, A heard of the demotion and dropped it, then B wrote its copy back.
    const before = Date.now();
    const shared = { raw: null as string | null };
    const { cache, load, state } = setup({}, shared);
    advance(2);
    await cache.forget('u1');
    shared.raw = JSON.stringify({ view: view(['admin:everything']), loadStartedAt: before });
    state.current = view(['users:read']);
    await expect(cache.get('u1', load)).resolves.toEqual(view(['users:read']));
    expect(load).toHaveBeenCalledTimes(1);
    // A copy loaded after the drop (and the skew allowance) is taken as before.
    await cache.forget('u1');
    advance(2);
    shared.raw = JSON.stringify({ view: view(['from-redis']), loadStartedAt: Date.now() });
    await expect(cache.get('u1', load)).resolves.toEqual(view(['from-redis']));
    expect(load).toHaveBeenCalledTimes(1);
    // A copy in the shape from before loadStartedAt is a miss.
    await cache.forget('u1');
    advance(2);
    shared.raw = JSON.stringify(view(['old-shape']));
    await expect(cache.get('u1', load)).resolves.toEqual(view(['users:read']));
  });

  it('has no stale fallback without a tolerance, or with the cache off', async () => {
    for (const over of [
      { staleToleranceSeconds: undefined },
      { staleToleranceSeconds: 0 },
      { userViewTtlSeconds: 0 },
    ]) {
      const { cache, load, state } = setup(over);
      await cache.get('u1', load);
      advance(31);
      state.failure = new BusTimeoutError('auth.me', 5000);
      await expect(cache.get('u1', load)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
    }
  });
});
