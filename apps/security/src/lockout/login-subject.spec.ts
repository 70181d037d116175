import { sha256Hex } from '@portcullis/security';
import { accountKeyOf, loginSubjectOf } from './login-subject';
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

  it('counts an IPv6 client as its /64 (normaliseIp in libs/security)', () => {
    expect(loginSubjectOf({ email: 'eve@example.com', ip: '2001:db8:0:1::1' }).ip).toBe('2001:db8:0:1::/64');
  });

  it('refuses text that is not an IP', () => {
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
