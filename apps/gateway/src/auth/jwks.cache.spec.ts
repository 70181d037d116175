import { BusClient } from '@portcullis/bus';
import { JwkSet } from '@portcullis/contracts';
import { JwksCache } from './jwks.cache';

function fakeBus(sets: Array<Array<{ kid: string }>>) {
  let calls = 0;
  const bus = {
    call: async () => ({ keys: (sets[Math.min(calls++, sets.length - 1)] ?? []).map((k) => ({ ...k, kty: 'RSA' })) }),
  } as unknown as BusClient;
  return { bus, calls: () => calls };
}

describe('JwksCache', () => {
  it('picks up a key rotated moments after the last fetch instead of refusing it', async () => {
    const { bus, calls } = fakeBus([[{ kid: 'old' }], [{ kid: 'old' }, { kid: 'new' }]]);
    const cache = new JwksCache(bus);
    await cache.ensure('old');
    await cache.ensure('new');
    expect(cache.hasKid('new')).toBe(true);
    expect(calls()).toBe(2);
  });

  it('shares one refetch among many requests naming unknown kids', async () => {
    const { bus, calls } = fakeBus([[{ kid: 'a' }], [{ kid: 'a' }]]);
    const cache = new JwksCache(bus);
    await cache.ensure('a');
    await Promise.all(Array.from({ length: 50 }, (_, i) => cache.ensure(`forged-${i}`)));
    expect(calls()).toBe(2);
  });
});

const key = (kid: string) => ({ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: 'AQAB', e: 'AQAB' }) as JwkSet['keys'][0];

/** A token app whose published set the test changes, counting the fetches. */
function tokenApp(initial: string[]) {
  const state = { kids: initial, fetches: 0 };
  const bus = {
    call: async () => {
      state.fetches++;
      return { keys: state.kids.map(key) };
    },
  } as unknown as BusClient;
  return { state, cache: new JwksCache(bus) };
}

describe('JwksCache reloads (rotation notices, the schedule)', () => {
  afterEach(() => jest.useRealTimers());

  it('takes a rotated set on reload: the new key in, the retired one out', async () => {
    jest.useFakeTimers({ now: 1_800_000_000_000 });
    const { state, cache } = tokenApp(['old']);
    await cache.ensure();
    expect(cache.current.keys.map((k) => k.kid)).toEqual(['old']);

    state.kids = ['new', 'old'];
    await jest.advanceTimersByTimeAsync(1000);
    await cache.reload();
    expect(cache.current.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(cache.hasKid('new')).toBe(true);

    state.kids = ['new'];
    await jest.advanceTimersByTimeAsync(1000);
    await cache.reload();
    expect(cache.hasKid('old')).toBe(false);
    expect(state.fetches).toBe(3);
  });

  it('spaces reloads a second apart, and lets reloads asked for meanwhile share one fetch', async () => {
    jest.useFakeTimers({ now: 1_800_000_000_000 });
    const { state, cache } = tokenApp(['a']);
    await cache.ensure();
    const reloads = [cache.reload(), cache.reload(), cache.ensure('unknown-kid')];
    await jest.advanceTimersByTimeAsync(999);
    expect(state.fetches).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(reloads);
    expect(state.fetches).toBe(2);
  });

  it('keeps the keys it has when the token app cannot answer', async () => {
    jest.useFakeTimers({ now: 1_800_000_000_000 });
    const { state, cache } = tokenApp(['a']);
    await cache.ensure();
    (cache as unknown as { bus: { call: () => Promise<never> } }).bus.call = () => Promise.reject(new Error('down'));
    await jest.advanceTimersByTimeAsync(1000);
    await expect(cache.reload()).resolves.toBeUndefined();
    expect(cache.hasKid('a')).toBe(true);
    expect(state.fetches).toBe(1);
  });
});
