import { normaliseIp, throttledClientOf } from './client-ip';

describe('the client an IP counts as', () => {
  it('writes one client address one way', () => {
    expect(normaliseIp(' ::FFFF:198.51.100.7 ')).toBe('198.51.100.7');
    expect(normaliseIp('198.51.100.7')).toBe('198.51.100.7');
    expect(throttledClientOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(throttledClientOf('198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts an IPv6 client as its /64, so rotating addresses inside it gains nothing', () => {
    for (const count of [normaliseIp, throttledClientOf]) {
      expect(count('2001:DB8:0:1::1')).toBe('2001:db8:0:1::/64');
      expect(count('2001:db8:0:1:ffff:ffff:ffff:fffe')).toBe('2001:db8:0:1::/64');
      expect(count('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    }
  });

  it('refuses text that is not an IP; a server-read one that is not is kept as it came', () => {
    expect(normaliseIp('"><svg onload=alert(1)>')).toBeUndefined();
    expect(throttledClientOf('fe80::1%eth0:x')).toBe('fe80::1%eth0:x');
  });
});
