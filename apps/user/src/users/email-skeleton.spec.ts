import { emailSkeleton } from './email-skeleton';
import { emailAddress, normaliseEmail } from '@portcullis/contracts';

describe('email look-alikes', () => {
  it('gives an address spelt with Cyrillic or Greek look-alikes the skeleton of the Latin one', () => {
    expect(emailSkeleton('\u0430dmin@example.test')).toBe('admin@example.test'); // Cyrillic а
    expect(emailSkeleton('p\u0430yp\u0430l@ex\u0430mple.test')).toBe('paypal@example.test');
    expect(emailSkeleton('b\u03bfb@example.test')).toBe('bob@example.test'); // Greek ο
  });

  it('leaves distinct Latin addresses distinct', () => {
    expect(emailSkeleton('admin@example.test')).not.toBe(emailSkeleton('admln@example.test'));
    expect(emailSkeleton('jose@example.test')).not.toBe(emailSkeleton('josé@example.test'));
  });

  it('normalises to NFKC, so a fullwidth address is the plain one', () => {
    expect(normaliseEmail(' \uff41dmin@Example.test ')).toBe('admin@example.test');
  });

  it.each([
    ['a zero-width space', 'admin\u200b@example.test'],
    ['a zero-width joiner', 'ad\u200dmin@example.test'],
    ['a right-to-left override', 'admin\u202e@example.test'],
    ['a soft hyphen', 'ad\u00admin@example.test'],
  ])('refuses %s in an address', (_label, email) => {
    const result = emailAddress().safeParse(email);
    expect(result.error?.issues.map((i) => i.message)).toEqual([expect.stringContaining('invisible')]);
  });
});
