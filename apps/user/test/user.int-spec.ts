import { ErrorCode, ROLE_NAMES, UserDto, UserPatterns } from '@portcullis/contracts';
import { BusTestClient, Platform, testEnv } from '@portcullis/testing';
import { randomBytes } from 'crypto';
import { Pool } from 'pg';

jest.setTimeout(90_000);

const PASSWORD = 'violet anchor meadow tram';
const NEW_PASSWORD = 'copper lantern orbit fjord';

describe('user app (a real process on PostgreSQL and Redis)', () => {
  const env = testEnv('user-int');
  const platform = new Platform(env, { BCRYPT_COST: '4' });
  // The database is shared with other test files of this run, so every email is unique to this one.
  const run = randomBytes(4).toString('hex');
  const email = (tag: string) => `${tag}-${run}@example.com`;
  const bus = new BusTestClient(env);
  let pool: Pool;

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => new Error('expected a failure'),
      (err: unknown) => err,
    );
  const create = (tag: string, extra: Partial<{ email: string; password: string; displayName: string }> = {}) =>
    bus.call(UserPatterns.create, { email: email(tag), password: PASSWORD, ...extra });

  beforeAll(async () => {
    await platform.start(['user', 'token']);
    await bus.connect();
    pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  });

  afterAll(async () => {
    await bus.close();
    await pool?.end();
    await platform.stop();
  });

  it('creates a user with the user role, a normalised email and a bcrypt hash (never the password)', async () => {
    const user = await create('Create', { email: `  Create-${run}@Example.COM `, displayName: 'Ada' });
    expect(user).toMatchObject({ email: email('create'), displayName: 'Ada', roles: ['user'], isActive: true });
    expect(Date.parse(user.createdAt)).not.toBeNaN();

    const { rows } = await pool.query('SELECT email, password_hash FROM users.users WHERE id = $1', [user.id]);
    expect(rows[0].email).toBe(email('create'));
    expect(rows[0].password_hash).toMatch(/^\$2b\$04\$.{53}$/);
    const roles = await pool.query('SELECT role FROM users.user_roles WHERE user_id = $1', [user.id]);
    expect(roles.rows).toEqual([{ role: 'user' }]);
  });

  it('refuses a second account whose email differs only in case', async () => {
    await create('dup');
    const error = await failure(create('dup', { email: email('dup').toUpperCase() }));
    expect(error).toMatchObject({ code: ErrorCode.AUTH_EMAIL_TAKEN });
  });

  it('refuses look-alikes of an existing account: other scripts, fullwidth forms, invisible characters', async () => {
    await create('lookalike');
    const cyrillic = email('lookalike').replace(/a/g, '\u0430').replace(/o/g, '\u043e'); // Cyrillic а, о
    expect(await failure(create('x', { email: cyrillic }))).toMatchObject({ code: ErrorCode.AUTH_EMAIL_TAKEN });
    const fullwidth = email('lookalike').replace('l', '\uff4c');
    expect(await failure(create('x', { email: fullwidth }))).toMatchObject({ code: ErrorCode.AUTH_EMAIL_TAKEN });
    const invisible = email('lookalike').replace('@', '\u200b@');
    expect(await failure(create('x', { email: invisible }))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM users.users WHERE email_skeleton = $1', [
      email('lookalike'),
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('lets exactly one of 20 concurrent creates of the same email succeed', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => create('race')));
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === ErrorCode.AUTH_EMAIL_TAKEN)).toHaveLength(19);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM users.users WHERE email = $1', [email('race')]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a weak password with the reasons, and does not echo it', async () => {
    const error = (await failure(create('weak', { password: 'password123' }))) as { code: string; details: any };
    expect(error.code).toBe(ErrorCode.AUTH_WEAK_PASSWORD);
    expect(error.details.errors[0].field).toBe('password');
    expect(error.details.errors[0].messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(error.details)).not.toContain('password123');
  });

  it('verifies credentials: right password, wrong password, unknown email', async () => {
    const user = await create('login');
    await expect(
      bus.call(UserPatterns.verifyCredentials, { email: ` LOGIN-${run}@example.com`, password: PASSWORD }),
    ).resolves.toMatchObject({ id: user.id });
    const wrong = await failure(
      bus.call(UserPatterns.verifyCredentials, { email: email('login'), password: 'not the password' }),
    );
    const unknown = await failure(
      bus.call(UserPatterns.verifyCredentials, { email: email('nobody'), password: PASSWORD }),
    );
    expect(wrong).toMatchObject({ code: ErrorCode.AUTH_INVALID_CREDENTIALS, message: 'Invalid email or password' });
    expect(unknown).toMatchObject({ code: ErrorCode.AUTH_INVALID_CREDENTIALS, message: 'Invalid email or password' });
  });

  it('answers USER_NOT_FOUND for an unknown id and for one that is not a UUID', async () => {
    const user = await create('find');
    await expect(bus.call(UserPatterns.findById, { id: user.id })).resolves.toEqual(user);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      await expect(failure(bus.call(UserPatterns.findById, { id }))).resolves.toMatchObject({
        code: ErrorCode.USER_NOT_FOUND,
      });
    }
  });

  it('updates the display name only, and announces which fields changed', async () => {
    const user = await create('profile');
    const payload = { id: user.id, displayName: 'Grace Hopper', roles: ['super_admin'] };
    const updated = await bus.call(UserPatterns.updateProfile, payload);
    expect(updated).toMatchObject({ displayName: 'Grace Hopper', roles: ['user'] });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(user.updatedAt));
    const event = await bus.waitForEvent('user.updated', (e) => e.subject.id === user.id);
    expect(event.data).toEqual({ fields: ['displayName'] });
  });

  it('changes the password only for someone who knows the current one', async () => {
    const user = await create('change');
    const wrong = await failure(
      bus.call(UserPatterns.changePassword, {
        id: user.id,
        currentPassword: 'nope nope nope',
        newPassword: NEW_PASSWORD,
      }),
    );
    expect(wrong).toMatchObject({ code: ErrorCode.AUTH_INVALID_CREDENTIALS });
    const weak = await failure(
      bus.call(UserPatterns.changePassword, { id: user.id, currentPassword: PASSWORD, newPassword: 'password1' }),
    );
    expect(weak).toMatchObject({ code: ErrorCode.AUTH_WEAK_PASSWORD });

    await bus.call(UserPatterns.changePassword, { id: user.id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await expect(
      bus.call(UserPatterns.verifyCredentials, { email: email('change'), password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ id: user.id });
    await expect(
      failure(bus.call(UserPatterns.verifyCredentials, { email: email('change'), password: PASSWORD })),
    ).resolves.toMatchObject({
      code: ErrorCode.AUTH_INVALID_CREDENTIALS,
    });
  });

  it('computes inherited permissions from the seeded tables', async () => {
    const byRole = new Map<string, string[]>();
    for (const role of ROLE_NAMES)
      byRole.set(role, (await bus.call(UserPatterns.permissionsForRoles, { roles: [role] })).permissions);
    expect(byRole.get('user')).toEqual(expect.arrayContaining(byRole.get('guest')!));
    expect(byRole.get('admin')).toEqual(expect.arrayContaining(byRole.get('user')!));
    expect(byRole.get('admin')!.length).toBeGreaterThan(byRole.get('user')!.length);
    expect(byRole.get('super_admin')!.length).toBeGreaterThanOrEqual(25);
    expect(byRole.get('super_admin')).toEqual(
      expect.arrayContaining(['roles:write', 'keys:rotate', 'users:read', 'api-keys:write']),
    );
    expect(byRole.get('user')).not.toContain('users:read');
  });

  it('puts user.registered on the events stream with no password or hash in it', async () => {
    const user: UserDto = await create('event', { displayName: 'Lin' });
    const event = await bus.waitForEvent('user.registered', (e) => e.subject.id === user.id);
    expect(event).toMatchObject({
      type: 'user.registered',
      subject: { type: 'user', id: user.id },
      data: { email: email('event'), displayName: 'Lin' },
    });
    const { rows } = await pool.query('SELECT password_hash FROM users.users WHERE id = $1', [user.id]);
    expect(event.raw).not.toContain(PASSWORD);
    expect(event.raw).not.toContain(rows[0].password_hash);
    expect(event.raw).not.toMatch(/\$2[aby]\$/);
  });

  it('never writes a password to its logs', () => {
    expect(platform.logs()).not.toContain(PASSWORD);
    expect(platform.logs()).not.toContain(NEW_PASSWORD);
  });
});
