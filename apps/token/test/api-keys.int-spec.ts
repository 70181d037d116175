import { BroadcastChannel } from '@portcullis/bus';
import {
  API_KEY_REVOCATION_TOPIC,
  ApiKeyPatterns,
  ApiKeyRevocation,
  apiKeyRevocationKeys,
  ErrorCode,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { createHmac, randomBytes } from 'crypto';
import { TokenHarness } from './support/token-harness';

jest.setTimeout(120_000);

const PEPPER = `int-test-pepper-${randomBytes(8).toString('hex')}`;
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';
const PASSWORD = 'violet anchor meadow tram';

/**
 * API keys end to end on the bus: the token app and the real user app (owners, roles, the
 * user-changed broadcast) as processes, over this run's PostgreSQL database and Redis prefix.
 */
describe('API keys (token and user apps as real processes)', () => {
  const run = randomBytes(4).toString('hex');
  const adminEmail = `root-${run}@example.com`;
  const t = new TokenHarness(
    {
      API_KEY_PEPPER: PEPPER,
      API_KEY_LAST_USED_FLUSH_MS: '200',
      BCRYPT_COST: '4',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD,
    },
    'apikeys',
  );
  const hashes: string[] = [];
  let root: UserDto;
  let userPermissions: string[];
  let developerOnly: string;

  const caller = (user: UserDto) => ({ userId: user.id, isAdmin: false });
  const newUser = (tag: string) =>
    t.call(UserPatterns.create, { email: `${tag}-${run}@example.com`, password: PASSWORD });
  const setRoles = (user: UserDto, roles: UserDto['roles']) =>
    t.call(UserPatterns.adminUpdate, { actor: { userId: root.id, roles: root.roles }, id: user.id, roles });
  const keep = (key: string) => {
    t.issued.push(key);
    hashes.push(createHmac('sha256', PEPPER).update(key).digest('hex'));
    return key;
  };
  const verify = (key: string) => t.call(ApiKeyPatterns.verify, { key });
  const verifyError = (key: string) => t.failure(ApiKeyPatterns.verify, { key });

  beforeAll(async () => {
    await t.start(['token', 'user']);
    root = await t.call(UserPatterns.verifyCredentials, { email: adminEmail, password: ADMIN_PASSWORD });
    const roles = await t.call(UserPatterns.listRoles, {});
    userPermissions = roles.find((r) => r.name === 'user')!.permissions;
    developerOnly = roles.find((r) => r.name === 'developer')!.permissions.find((p) => !userPermissions.includes(p))!;
  });
  afterAll(() => t.stop());

  it('creates, verifies, rolls with a grace period, and revokes a key, on every gateway within 1 s', async () => {
    const owner = await newUser('owner');
    const scopes = userPermissions.slice(0, 2);
    const created = await t.call(ApiKeyPatterns.create, {
      caller: caller(owner),
      name: 'ci',
      environment: 'live',
      scopes,
      rateLimit: { limit: 100, windowSeconds: 60 },
      quota: { limit: 10_000, refill: 'monthly' },
    });
    keep(created.key);
    expect(created).toMatchObject({
      ownerUserId: owner.id,
      environment: 'live',
      scopes: [...scopes].sort(),
      key: expect.stringMatching(/^pk_live_[0-9A-Za-z]{55}$/),
    });

    const { rows } = await t.pg.query('SELECT lookup_id, hash FROM tokens.api_keys WHERE id = $1', [created.id]);
    expect(rows[0].hash).toBe(hashes[hashes.length - 1]);
    expect(created.key).toContain(rows[0].lookup_id);

    await expect(verify(created.key)).resolves.toMatchObject({
      keyId: created.id,
      ownerId: owner.id,
      scopes: [...scopes].sort(),
      rateLimit: { limit: 100, windowSeconds: 60 },
      quota: { limit: 10_000, refill: 'monthly' },
      expiresAt: null,
    });
    const used = await waitFor(
      async () => (await t.call(ApiKeyPatterns.get, { caller: caller(owner), id: created.id })).lastUsedAt,
      { timeoutMs: 5000, what: 'the batched lastUsedAt' },
    );
    expect(Date.parse(used)).toBeGreaterThan(Date.now() - 60_000);

    const exchanged = await t.call(ApiKeyPatterns.exchange, { key: created.key });
    t.issued.push(exchanged.accessToken);
    const { payload } = await t.verify(exchanged.accessToken);
    expect(payload).toMatchObject({
      sub: owner.id,
      sid: created.id,
      roles: ['user'],
      scope: [...scopes].sort().join(' '),
    });
    expect(exchanged).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, scope: [...scopes].sort().join(' ') });

    const rolled = await t.call(ApiKeyPatterns.roll, { caller: caller(owner), id: created.id, graceSeconds: 2 });
    keep(rolled.key);
    await expect(verify(rolled.key)).resolves.toMatchObject({ keyId: created.id });
    await expect(verify(created.key)).resolves.toMatchObject({ keyId: created.id, expiresAt: expect.any(Number) });
    const afterGrace = await waitFor(
      () =>
        verify(created.key).then(
          () => null,
          (e: { code: string }) => e,
        ),
      { timeoutMs: 8000, intervalMs: 200, what: 'the roll grace period to end' },
    );
    expect(afterGrace.code).toBe(ErrorCode.AUTH_INVALID_API_KEY);
    await expect(verify(rolled.key)).resolves.toMatchObject({ keyId: created.id });

    const notices: ApiKeyRevocation[] = [];
    const channel = new BroadcastChannel(t.redis, t.env.REDIS_PREFIX);
    await channel.subscribe(API_KEY_REVOCATION_TOPIC, (m) => notices.push(m as ApiKeyRevocation));
    try {
      await t.call(ApiKeyPatterns.revoke, { caller: caller(owner), id: created.id });
      await t.call(ApiKeyPatterns.revoke, { caller: caller(owner), id: created.id });
      await waitFor(() => notices.find((n) => n.keyId === created.id && n.rolledAt === undefined), {
        timeoutMs: 1000,
        what: 'the revocation broadcast',
      });
    } finally {
      await channel.close();
    }
    expect(
      await t.redis.exists(
        apiKeyRevocationKeys.of(t.env.REDIS_PREFIX, { kind: 'api-key', keyId: created.id, until: 0 }),
      ),
    ).toBe(1);
    expect((await verifyError(rolled.key)).code).toBe(ErrorCode.AUTH_INVALID_API_KEY);
    expect((await t.failure(ApiKeyPatterns.exchange, { key: rolled.key })).code).toBe(ErrorCode.AUTH_INVALID_API_KEY);

    for (const type of ['api_key.created', 'api_key.rolled', 'api_key.revoked']) {
      const events = await waitFor(
        async () => {
          const mine = (await t.bus.readEvents(type)).filter((e) => e.data.apiKeyId === created.id);
          return mine.length > 0 && mine;
        },
        { what: `${type} on the bus` },
      );
      expect(events).toEqual([
        expect.objectContaining({ subject: { type: 'user', id: owner.id }, actor: { type: 'user', id: owner.id } }),
      ]);
    }
    const stream = JSON.stringify(await t.bus.readEvents());
    for (const secret of [...t.issued, ...hashes, PEPPER]) expect(stream).not.toContain(secret);
  });

  it('gives racing rolls a second each, so each cuts off the tokens of the secret before it', async () => {
    const owner = await newUser('racing-rolls');
    const created = await t.call(ApiKeyPatterns.create, { caller: caller(owner), name: 'race', environment: 'test' });
    keep(created.key);
    const notices: ApiKeyRevocation[] = [];
    const channel = new BroadcastChannel(t.redis, t.env.REDIS_PREFIX);
    await channel.subscribe(API_KEY_REVOCATION_TOPIC, (m) => notices.push(m as ApiKeyRevocation));
    let rolls: Array<{ key: string }>;
    try {
      // Both wait out the same second, so both would store the same roll time.
      rolls = await Promise.all(
        [1, 2].map(() => t.call(ApiKeyPatterns.roll, { caller: caller(owner), id: created.id })),
      );
      await waitFor(() => notices.filter((n) => n.keyId === created.id).length === 2, {
        timeoutMs: 2000,
        what: 'both roll notices',
      });
    } finally {
      await channel.close();
    }
    rolls.forEach((r) => keep(r.key));
    const times = notices.filter((n) => n.keyId === created.id).map((n) => n.rolledAt!);
    expect(new Set(times).size).toBe(2);
    const verdicts = await Promise.all(
      rolls.map((r) =>
        verify(r.key).then(
          () => 'good',
          () => 'dead',
        ),
      ),
    );
    expect([...verdicts].sort()).toEqual(['dead', 'good']);

    const exchanged = await t.call(ApiKeyPatterns.exchange, { key: rolls[verdicts.indexOf('good')].key });
    t.issued.push(exchanged.accessToken);
    const { payload } = await t.verify(exchanged.accessToken);
    // The current secret started with the later roll, after the cut-off of the earlier one's tokens.
    expect(payload.key_gen).toBe(Math.max(...times));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1);
  });

  it('answers malformed, unknown and expired keys with the same AUTH_INVALID_API_KEY', async () => {
    const owner = await newUser('shapes');
    const created = await t.call(ApiKeyPatterns.create, {
      caller: caller(owner),
      name: 'short',
      environment: 'test',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    keep(created.key);
    await expect(verify(created.key)).resolves.toMatchObject({ keyId: created.id });
    const answers = [];
    for (const key of ['', 'pk_test_nope', `pk_test_${'A'.repeat(55)}`, created.key.replace('pk_test_', 'pk_live_')])
      answers.push(await verifyError(key));
    answers.push(
      await waitFor(
        () =>
          verify(created.key).then(
            () => null,
            (e) => e,
          ),
        { timeoutMs: 5000, intervalMs: 200, what: 'the key to expire' },
      ),
    );
    expect(answers.map((e) => ({ code: e.code, message: e.message }))).toEqual(
      answers.map(() => ({ code: ErrorCode.AUTH_INVALID_API_KEY, message: 'Invalid API key' })),
    );
  });

  it('refuses scopes above the owner’s permissions, naming them', async () => {
    const owner = await newUser('greedy');
    const error = await t.failure(ApiKeyPatterns.create, {
      caller: caller(owner),
      name: 'x',
      environment: 'live',
      scopes: [userPermissions[0], developerOnly],
    });
    expect(error).toMatchObject({ code: ErrorCode.API_KEY_SCOPE_FORBIDDEN, details: { scopes: [developerOnly] } });
    expect(await t.call(ApiKeyPatterns.list, { caller: caller(owner) })).toEqual([]);
  });

  it('cuts a key down within about a second when its owner is demoted, and ends it when the owner is disabled', async () => {
    const owner = await newUser('demoted');
    const developer = await setRoles(owner, ['user', 'developer']);
    const created = await t.call(ApiKeyPatterns.create, {
      caller: caller(developer),
      name: 'dev',
      environment: 'live',
      scopes: [developerOnly, userPermissions[0]],
    });
    keep(created.key);
    expect((await verify(created.key)).scopes).toContain(developerOnly);

    await setRoles(owner, ['user']);
    const started = Date.now();
    await waitFor(async () => !(await verify(created.key)).scopes.includes(developerOnly), {
      timeoutMs: 3000,
      intervalMs: 50,
      what: 'the demotion to reach the key',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await verify(created.key)).scopes).toEqual([userPermissions[0]]);

    await t.call(UserPatterns.adminUpdate, {
      actor: { userId: root.id, roles: root.roles },
      id: owner.id,
      isActive: false,
    });
    await waitFor(
      () =>
        verify(created.key).then(
          () => false,
          (e: { code: string }) => e.code === ErrorCode.AUTH_INVALID_API_KEY,
        ),
      { timeoutMs: 3000, intervalMs: 50, what: 'the disabled owner to end the key' },
    );
  });

  it('never writes a key, a key hash or the pepper to its logs', () => {
    const logs = t.platform.logs();
    expect(hashes.length).toBeGreaterThanOrEqual(4);
    expect([...t.issued, ...hashes, PEPPER].filter((secret) => logs.includes(secret))).toEqual([]);
  });
});
