import { freePort, OwnDatabase, Platform, REPO_ROOT, testEnv } from '@portcullis/testing';
import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { stat } from 'fs/promises';
import { join } from 'path';
import { Pool } from 'pg';

jest.setTimeout(120_000);

/** The user app starting on a database where nobody holds super_admin yet, without usable credentials. */
describe('bootstrap super_admin on a fresh database', () => {
  const env = testEnv('user-bootstrap');
  const database = new OwnDatabase(env.DATABASE_URL, 'userbootstrap');
  const platform = new Platform({ ...env, DATABASE_URL: database.url }, { BCRYPT_COST: '4' });
  const adminEmail = `ops-${randomBytes(4).toString('hex')}@example.com`;
  let pool: Pool;

  /**
   * Runs the built user app and resolves when it exits. (Platform.startOne would only notice the
   * exit at its 30 s ready deadline.) A start that wrongly succeeds is killed, and fails the test.
   */
  async function startFailure(extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const entry = join(REPO_ROOT, 'dist', 'apps', 'user', 'apps', 'user', 'src', 'main.js');
    const childEnv = {
      ...process.env,
      ...env,
      DATABASE_URL: database.url,
      BCRYPT_COST: '4',
      LOG_FORMAT: 'json',
      OPS_PORT: String(await freePort()),
      ...extra,
    };
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    return { code, output };
  }

  beforeAll(async () => {
    await database.create();
    pool = new Pool({ connectionString: database.url, max: 1 });
  });

  afterAll(async () => {
    await pool?.end();
    await platform.stop();
    await database.drop();
  });

  it('refuses to start in production without ADMIN_EMAIL and ADMIN_PASSWORD, naming both', async () => {
    const { code, output } = await startFailure({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(output).toMatch(/ADMIN_EMAIL: required when NODE_ENV=production/);
    expect(output).toMatch(/ADMIN_PASSWORD: required when NODE_ENV=production/);
  });

  it('refuses a password that fails the policy, without repeating it', async () => {
    const { code, output } = await startFailure({
      NODE_ENV: 'production',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'password123',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/ADMIN_PASSWORD: does not meet the password policy/);
    expect(output).not.toContain('password123');
    expect((await pool.query('SELECT count(*)::int AS n FROM users.users')).rows[0].n).toBe(0);
  });

  it('outside production generates the password into a 0600 file and logs only where it is', async () => {
    await platform.startOne('user', { ADMIN_EMAIL: adminEmail });
    const { rows } = await pool.query(
      "SELECT u.email FROM users.users u JOIN users.user_roles r ON r.user_id = u.id WHERE r.role = 'super_admin'",
    );
    expect(rows).toEqual([{ email: adminEmail }]);
    const file = join(REPO_ROOT, '.portcullis', 'bootstrap-admin.txt');
    const lines = platform
      .logs()
      .split('\n')
      .filter((line) => line.includes('bootstrap-admin.txt'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    // The content is checked by the unit tests: other suites' first start may rewrite this shared file.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
