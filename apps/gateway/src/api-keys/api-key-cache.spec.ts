import { VerifyApiKeyReply } from '@portcullis/contracts';
import { ApiKeyCache } from './api-key-cache';

const reply = (over: Partial<VerifyApiKeyReply> = {}): VerifyApiKeyReply => ({
  keyId: 'k1',
  ownerId: 'u1',
  environment: 'live',
  scopes: ['apis:read'],
  roles: ['user'],
  rateLimit: null,
  quota: null,
  expiresAt: null,
  ...over,
});

function setup() {
  let now = 1_800_000_000_000;
  const cache = new ApiKeyCache({ freshSeconds: 30, staleToleranceSeconds: 300, cacheSize: 100 }, () => now);
  return { cache, advance: (ms: number) => (now += ms), until: (s: number) => now / 1000 + s };
}

describe('ApiKeyCache', () => {
  it('is fresh for API_KEY_CACHE_SECONDS, then stale until STALE_TOLERANCE_SECONDS, then gone', () => {
    const { cache, advance } = setup();
    cache.store('h', reply(), cache.generation);
    expect(cache.lookup('h').state).toBe('fresh');
    advance(30_000);
    expect(cache.lookup('h').state).toBe('stale');
    advance(269_999);
    expect(cache.lookup('h').state).toBe('stale');
    advance(1);
    expect(cache.lookup('h').state).toBe('none');
  });

  it('never serves a revoked key, however recently verified, and does not cache it again while the notice lasts', () => {
    const { cache, until } = setup();
    cache.store('h', reply(), cache.generation);
    cache.store('h2', reply(), cache.generation);
    cache.apply({ kind: 'api-key', keyId: 'k1', until: until(86_400) });
    expect(cache.lookup('h').state).toBe('none');
    expect(cache.lookup('h2').state).toBe('none');
    cache.store('h', reply(), cache.generation);
    expect(cache.lookup('h').state).toBe('none');
  });

  it('drops a rolled key so its next use is verified again, but keeps caching it afterwards', () => {
    const { cache, until } = setup();
    cache.store('h', reply(), cache.generation);
    cache.apply({ kind: 'api-key', keyId: 'k1', until: until(86_400), rolledAt: 1 });
    expect(cache.lookup('h').state).toBe('none');
    cache.store('h', reply(), cache.generation);
    expect(cache.lookup('h').state).toBe('fresh');
  });

  it('does not cache a verification that a notice overtook', () => {
    const { cache, until } = setup();
    const asked = cache.generation;
    cache.apply({ kind: 'api-key', keyId: 'other', until: until(60), rolledAt: 1 });
    cache.store('h', reply(), asked);
    expect(cache.lookup('h').state).toBe('none');
  });

  it("forgets an owner's keys when the owner changes (their scopes may have shrunk)", () => {
    const { cache } = setup();
    cache.store('h', reply(), cache.generation);
    cache.store('h3', reply({ keyId: 'k3', ownerId: 'u2' }), cache.generation);
    cache.forgetOwner('u1');
    expect(cache.lookup('h').state).toBe('none');
    expect(cache.lookup('h3').state).toBe('fresh');
  });

  it('never serves a key string past its own expiry (key expiry or the end of a roll grace)', () => {
    const { cache, advance, until } = setup();
    cache.store('h', reply({ expiresAt: until(10) }), cache.generation);
    advance(9_999);
    expect(cache.lookup('h').state).toBe('fresh');
    advance(1);
    expect(cache.lookup('h').state).toBe('none');
  });
});
