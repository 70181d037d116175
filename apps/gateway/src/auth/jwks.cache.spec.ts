import { BusClient } from '@portcullis/bus';
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
