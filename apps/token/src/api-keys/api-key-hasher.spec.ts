import { createHash, createHmac } from 'crypto';
import { generateApiKey } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';

describe('ApiKeyHasher', () => {
  const pepper = 'unit-test-api-key-pepper';
  const hasher = new ApiKeyHasher(pepper);
  const { key } = generateApiKey('live');

  it('stores HMAC-SHA256 keyed with the pepper: neither the key nor its plain SHA-256', () => {
    const stored = hasher.hash(key);
    expect(stored).toBe(createHmac('sha256', pepper).update(key).digest('hex'));
    expect(stored).not.toContain(key);
    expect(stored).not.toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('gives the same key a different hash under a different pepper', () => {
    expect(new ApiKeyHasher('another-pepper-entirely').hash(key)).not.toBe(hasher.hash(key));
  });

  it('finds which stored hash a key matches, comparing every slot', () => {
    const other = generateApiKey('live').key;
    expect(hasher.match(key, [hasher.hash(key), null])).toBe(0);
    expect(hasher.match(key, [hasher.hash(other), hasher.hash(key)])).toBe(1);
    expect(hasher.match(key, [hasher.hash(other), null])).toBe(-1);
  });

  it('treats a missing or damaged stored hash as no match, without throwing', () => {
    expect(hasher.match(key, [null, null])).toBe(-1);
    expect(hasher.match(key, ['abc', 'zz'.repeat(32)])).toBe(-1);
  });
});
