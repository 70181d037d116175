import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('correct horse battery staple');

  it('round-trips a secret and never produces the same ciphertext twice', () => {
    const a = box.seal('-----BEGIN PRIVATE KEY-----');
    expect(box.open(a)).toBe('-----BEGIN PRIVATE KEY-----');
    expect(box.seal('-----BEGIN PRIVATE KEY-----')).not.toBe(a);
    expect(a).not.toContain('PRIVATE');
  });

  it('refuses a tampered value or the wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other!').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('another key').open(sealed)).toThrow();
  });
});
