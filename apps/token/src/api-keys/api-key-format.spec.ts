import {
  API_KEY_ENVIRONMENTS,
  displayPrefix,
  generateApiKey,
  LOOKUP_ID_LENGTH,
  parseApiKey,
  randomBase62,
  SECRET_LENGTH,
} from './api-key-format';

describe('API key format', () => {
  it('is pk_<env>_ followed by base62: a public lookup id, then at least 192 bits of secret', () => {
    for (const environment of API_KEY_ENVIRONMENTS) {
      const { key, lookupId } = generateApiKey(environment);
      expect(key).toMatch(new RegExp(`^pk_${environment}_[0-9A-Za-z]{${LOOKUP_ID_LENGTH + SECRET_LENGTH}}$`));
      expect(key.startsWith(displayPrefix(environment, lookupId))).toBe(true);
    }
    expect(SECRET_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(192);
  });

  it('never repeats a key or a lookup id', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey('live'));
    expect(new Set(keys.map((k) => k.key)).size).toBe(2000);
    expect(new Set(keys.map((k) => k.lookupId)).size).toBe(2000);
  });

  it('draws every base62 character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62 * 2000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 2000 each; a modulo-folded draw would give the first 8 characters ~2060 vs ~1940.
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(250);
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - 2000) ** 2 / 2000, 0);
    expect(chiSquare).toBeLessThan(110); // p < 0.001 at 61 degrees of freedom
  });

  it('parses what it generates and nothing else', () => {
    const { key, lookupId } = generateApiKey('test');
    expect(parseApiKey(key)).toEqual({ environment: 'test', lookupId });
    for (const bad of [
      undefined,
      42,
      '',
      'pk_live_short',
      key.replace('pk_test_', 'pk_prod_'),
      `${key}x`,
      key.slice(0, -1),
      `${key.slice(0, -1)}-`,
      ` ${key}`,
      'x'.repeat(10_000),
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});
