import { getRounds } from 'bcrypt';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';

describe('BcryptPasswordHasher', () => {
  const hasher = new BcryptPasswordHasher(5);

  it('hashes with the configured cost and verifies only the right password', async () => {
    const hash = await hasher.hash('violet anchor meadow tram');
    expect(hash).toMatch(/^\$2[aby]\$05\$/);
    await expect(hasher.verify('violet anchor meadow tram', hash)).resolves.toBe(true);
    await expect(hasher.verify('violet anchor meadow tra', hash)).resolves.toBe(false);
  });

  it('with no hash, compares against a dummy of the same cost and says no', async () => {
    await expect(hasher.verify('anything', null)).resolves.toBe(false);
    expect(getRounds(await hasher.dummyHash())).toBe(5);
    // Made once: every unknown-email login compares against the same dummy.
    expect(await hasher.dummyHash()).toBe(await hasher.dummyHash());
  });
});
