import { sha256Hex } from '@portcullis/security';
import { accountKeyOf, loginSubjectOf, normaliseIp } from './login-subject';
import { retryAfterSeconds } from './retry-after';

describe('login subject', () => {
  it('keys an account by the hash of its trimmed, lower-cased email', () => {
    expect(accountKeyOf('  Eve@Example.COM\t')).toBe(sha256Hex('eve@example.com'));
    expect(accountKeyOf('\uff45ve@example.com')).toBe(sha256Hex('eve@example.com'));
    expect(loginSubjectOf({ email: 'eve@example.com', ip: '' })).toEqual({
      account: sha256Hex('eve@example.com'),
      trustedDevice: false,
    });
  });

  it('writes one client address one way', () => {
    expect(normaliseIp(' ::FFFF:198.51.100.7 ')).toBe('198.51.100.7');
    expect(normaliseIp('198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts an IPv6 client as its /64, so rotating addresses inside it gains nothing', () => {
    expect(normaliseIp('2001:DB8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(normaliseIp('2001:db8:0:1:ffff:ffff:ffff:fffe')).toBe('2001:db8:0:1::/64');
    expect(normaliseIp('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
  });

  it('refuses text that is not an IP', () => {
    expect(normaliseIp('"><svg onload=alert(1)>')).toBeUndefined();
    expect(() => loginSubjectOf({ email: 'eve@example.com', ip: '"><svg onload=alert(1)>' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up and never says 0', () => {
    expect([1, 999, 1000, 1001, 0].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 1]);
  });
});
