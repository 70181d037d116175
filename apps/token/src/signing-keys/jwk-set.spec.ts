import { toJwkSet } from './jwk-set';
import { SigningKeyRecord } from './signing-key.repository';

const now = new Date('2026-01-01T12:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

function key(
  kid: string,
  createdAt: Date,
  expiresAt: Date | null,
  extra: Record<string, unknown> = {},
): SigningKeyRecord {
  return {
    kid,
    alg: 'RS256',
    publicJwk: { kty: 'RSA', n: `n-${kid}`, e: 'AQAB', ...extra },
    privateKeySealed: 'v1.sealed',
    createdAt,
    retiredAt: expiresAt ? at(-10) : null,
    expiresAt,
  };
}

describe('the published JWK Set', () => {
  it('holds the active key and retired keys whose tokens may still be valid, newest first', () => {
    const set = toJwkSet(
      [key('old', at(-7200), at(-1)), key('retired', at(-3600), at(300)), key('active', at(-10), null)],
      now,
    );
    expect(set.keys.map((k) => k.kid)).toEqual(['active', 'retired']);
    expect(set.keys[0]).toEqual({ kty: 'RSA', n: 'n-active', e: 'AQAB', kid: 'active', alg: 'RS256', use: 'sig' });
  });

  it('drops a key at the exact moment it expires', () => {
    expect(toJwkSet([key('edge', at(-100), now)], now).keys).toEqual([]);
  });

  it('never publishes private or unexpected members, even if a row held them', () => {
    const leaky = key('k', at(-1), null, { d: 'PRIVATE', p: 'P', q: 'Q', dp: 'x', dq: 'y', qi: 'z', k: 'oct-secret' });
    const [published] = toJwkSet([leaky], now).keys;
    expect(Object.keys(published).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(JSON.stringify(published)).not.toContain('sealed');
  });
});
