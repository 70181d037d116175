import { ConfigError } from '@portcullis/config';
import { mkdtemp, readFile, rm, stat } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { STRONG_PASSWORD, userFixture } from '../../test/fakes/user-fixture';
import { BootstrapPasswordFile } from './bootstrap-password-file';
import { BootstrapAdminSettings, EnsureSuperAdminUseCase } from './ensure-super-admin.use-case';

describe('EnsureSuperAdminUseCase', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'pc-ensure-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function setup(settings: Partial<BootstrapAdminSettings> = {}, f = userFixture()) {
    const all: BootstrapAdminSettings = { NODE_ENV: 'test', ...settings };
    const ensure = () =>
      new EnsureSuperAdminUseCase(f.users, f.hasher, f.rules, new BootstrapPasswordFile(dir), all).execute();
    const superAdmins = () => [...f.users.rows.values()].filter((u) => u.roles.includes('super_admin'));
    return { ...f, ensure, superAdmins };
  }
  const given = { ADMIN_EMAIL: 'Root@Example.com', ADMIN_PASSWORD: STRONG_PASSWORD };

  it('creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD when nobody holds super_admin', async () => {
    const { ensure, superAdmins, hasher } = setup(given);
    await expect(ensure()).resolves.toEqual({ kind: 'created', email: 'root@example.com' });
    const [admin] = superAdmins();
    expect(admin).toMatchObject({ email: 'root@example.com', roles: ['super_admin'], isActive: true });
    expect(await hasher.verify(STRONG_PASSWORD, admin.passwordHash)).toBe(true);
  });

  it('creates exactly one, however many replicas start together, and none on a restart', async () => {
    const f = userFixture();
    const replicas = [setup(given, f), setup(given, f), setup(given, f)];
    const outcomes = await Promise.all(replicas.map((r) => r.ensure()));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'exists', 'exists']);
    expect(replicas[0].superAdmins()).toHaveLength(1);
    const transactions = f.users.transactions;
    await expect(setup({ ...given, ADMIN_EMAIL: 'someone-else@example.com' }, f).ensure()).resolves.toEqual({
      kind: 'exists',
    });
    expect(f.users.rows.size).toBe(1);
    // A restart only looks: one read, no lock.
    expect(f.users.transactions - transactions).toBe(1);
  });

  it('grants super_admin to an existing account with ADMIN_EMAIL whose password is ADMIN_PASSWORD', async () => {
    const { ensure, users, superAdmins, hasher } = setup(given);
    const passwordHash = await hasher.hash(STRONG_PASSWORD);
    const existing = (await users.insert({
      email: 'root@example.com',
      displayName: 'Root',
      passwordHash,
      role: 'user',
    }))!;
    await expect(ensure()).resolves.toEqual({ kind: 'granted', email: 'root@example.com', isActive: true });
    expect(superAdmins()).toEqual([
      expect.objectContaining({ id: existing.id, roles: ['user', 'super_admin'], passwordHash }),
    ]);
  });

  it("never promotes an account that holds ADMIN_EMAIL with another password: whoever registered it first isn't the operator", async () => {
    for (const settings of [given, { ADMIN_EMAIL: 'root@example.com' }]) {
      const { ensure, users, superAdmins, hasher } = setup(settings);
      await users.insert({
        email: 'root@example.com',
        displayName: 'Squatter',
        passwordHash: await hasher.hash('Someone-Elses-Passphrase-42'),
        role: 'user',
      });
      await expect(ensure()).resolves.toEqual({ kind: 'refused', email: 'root@example.com' });
      expect(superAdmins()).toEqual([]);
    }
  });

  describe('in production', () => {
    it.each([
      [{}, ['ADMIN_EMAIL', 'ADMIN_PASSWORD']],
      [{ ADMIN_EMAIL: 'root@example.com' }, ['ADMIN_PASSWORD']],
      [{ ADMIN_PASSWORD: STRONG_PASSWORD }, ['ADMIN_EMAIL']],
    ])('refuses to start without both variables (%p), naming the missing ones', async (vars, missing) => {
      const { ensure, users } = setup({ NODE_ENV: 'production', ...vars });
      const error = await ensure().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(missing);
      expect(users.rows.size).toBe(0);
    });

    it('needs nothing once a super_admin exists', async () => {
      const f = userFixture();
      await setup(given, f).ensure();
      await expect(setup({ NODE_ENV: 'production' }, f).ensure()).resolves.toEqual({ kind: 'exists' });
    });
  });

  it('refuses a weak ADMIN_PASSWORD with the policy reasons, never echoing it', async () => {
    const { ensure, users } = setup({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'password123' });
    const error = (await ensure().catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/ADMIN_PASSWORD: does not meet the password policy: .*too easy to guess/);
    expect(error.message).not.toContain('password123');
    expect(users.rows.size).toBe(0);
  });

  it('refuses an ADMIN_EMAIL that is not an email', async () => {
    await expect(setup({ ADMIN_EMAIL: 'root', ADMIN_PASSWORD: STRONG_PASSWORD }).ensure()).rejects.toThrow(
      /ADMIN_EMAIL: must be a valid email/,
    );
  });

  describe('outside production, without ADMIN_PASSWORD', () => {
    it('generates a strong password and writes it, 0600, to .portcullis/bootstrap-admin.txt', async () => {
      const { ensure, superAdmins, hasher } = setup();
      const outcome = await ensure();
      const file = join(dir, '.portcullis', 'bootstrap-admin.txt');
      expect(outcome).toEqual({ kind: 'created', email: 'admin@portcullis.local', passwordFile: file });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const password = /^password=(.+)$/m.exec(await readFile(file, 'utf8'))![1];
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(await hasher.verify(password, superAdmins()[0].passwordHash)).toBe(true);
      expect(JSON.stringify(outcome)).not.toContain(password);
    });

    it('uses ADMIN_EMAIL when only that is set', async () => {
      await expect(setup({ ADMIN_EMAIL: 'ops@example.com' }).ensure()).resolves.toMatchObject({
        kind: 'created',
        email: 'ops@example.com',
      });
    });

    it('writes no file when the admin already exists', async () => {
      const f = userFixture();
      await setup(given, f).ensure();
      await setup({}, f).ensure();
      await expect(stat(join(dir, '.portcullis'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
