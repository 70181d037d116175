import { checkPasswordPolicy, MAX_PASSWORD_BYTES } from './password-policy';

const policy = { minLength: 8, email: 'Jane.Doe@example.com' };

function reasonsFor(password: string, options = policy): string[] {
  const result = checkPasswordPolicy(password, options);
  return result.ok ? [] : result.reasons;
}

describe('checkPasswordPolicy', () => {
  it('accepts a long passphrase of unrelated words', () => {
    expect(checkPasswordPolicy('violet anchor meadow tram', policy)).toEqual({ ok: true });
  });

  it('rejects a common password as too easy to guess, with advice', () => {
    const reasons = reasonsFor('password123');
    expect(reasons[0]).toMatch(/too easy to guess/);
    expect(reasons.length).toBeGreaterThan(1);
  });

  it('rejects a short password naming the minimum', () => {
    expect(reasonsFor('Xk9#mQ2')).toContain('Password must be at least 8 characters long');
    expect(reasonsFor('Xk9#mQ2$vL', { ...policy, minLength: 12 })).toContain(
      'Password must be at least 12 characters long',
    );
  });

  it('rejects a password containing the email local part, whatever its case', () => {
    expect(reasonsFor('violet-JANE.DOE-meadow-tram')).toContain(
      'Password must not contain the part of your email address before the @',
    );
  });

  it('ignores a local part shorter than 3 characters', () => {
    const reasons = reasonsFor('violet-jo-meadow-tram', { minLength: 8, email: 'jo@example.com' });
    expect(reasons).toEqual([]);
  });

  it('rejects more than 72 bytes of UTF-8 even when under 128 characters, saying why', () => {
    const password = 'ümlaut-ödland-äther-'.repeat(4); // 80 characters, 92 bytes
    expect(Buffer.byteLength(password)).toBeGreaterThan(MAX_PASSWORD_BYTES);
    const reasons = reasonsFor(password);
    expect(reasons.some((r) => r.includes('72 bytes'))).toBe(true);
  });

  it('rejects more than 128 characters', () => {
    expect(reasonsFor('a1B!'.repeat(40))).toContain('Password must be at most 128 characters long');
  });

  it('never echoes the password in a reason', () => {
    for (const password of ['password123', 'hunter2', 'jane.doe-secret-x', 'é'.repeat(50)]) {
      expect(reasonsFor(password).join(' ')).not.toContain(password);
    }
  });
});
