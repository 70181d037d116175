import { soundForwardedFor } from './forwarded-for';

describe('soundForwardedFor', () => {
  it('keeps a chain of addresses as it is', () => {
    expect(soundForwardedFor('203.0.113.9, 10.0.0.2')).toBe('203.0.113.9, 10.0.0.2');
    expect(soundForwardedFor('2001:db8::7')).toBe('2001:db8::7');
  });

  it('cuts the chain at the nearest entry that is not an IP', () => {
    expect(soundForwardedFor('"><svg onload=alert(1)>')).toBeUndefined();
    expect(soundForwardedFor('198.51.100.1, "><svg onload=alert(1)>, 203.0.113.9')).toBe('203.0.113.9');
    expect(soundForwardedFor(['203.0.113.9:443', '10.0.0.2'])).toBe('10.0.0.2');
    expect(soundForwardedFor('unknown')).toBeUndefined();
  });
});
