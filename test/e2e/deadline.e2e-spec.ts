import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { pingPattern, UserPatterns } from '@portcullis/contracts';
import { Platform, testEnv } from '@portcullis/testing';
import { Pool } from 'pg';
import { STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(180_000);

/**
 * Issue #11 item 3 as a client meets it: the gateway answers 504 when its deadline passes, and no
 * app finishes the work afterwards — no session behind a timed-out login, no account behind a
 * timed-out registration (whose retry would then get 409). bcrypt is made slower than the request
 * budget, so the deadline passes while the password is hashed or checked. auth and user handle one
 * message at a time, so a ping answered after the request proves its handler has finished.
 */
describe('a request the gateway gave up on is not completed downstream', () => {
  const env = testEnv('e2e-deadline');
  const platform = new Platform(env, { BCRYPT_COST: '15', IP_FAILURE_LIMIT: '10000' });
  const pg = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  let proxy: RedisStreamsClient;
  let bus: BusClient;

  beforeAll(async () => {
    await Promise.all([
      // Only the gateway's budget is short: the apps behind it keep their own 5 s call timeouts,
      // so only the deadline it hands down can stop them in time.
      platform.startOne('gateway', { BUS_RPC_TIMEOUT_MS: '1000' }),
      platform.startOne('token'),
      platform.startOne('security'),
      platform.startOne('auth', { BUS_CONCURRENCY: '1' }),
      platform.startOne('user', { BUS_CONCURRENCY: '1' }),
    ]);
    proxy = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 60_000 });
    await proxy.connect();
    bus = new BusClient(proxy);
  });

  afterAll(async () => {
    await proxy?.close();
    await platform.stop();
    await pg.end();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('opens no session for a login that timed out while the password was checked', async () => {
    const email = uniqueEmail('late-login');
    const user = await bus.call(UserPatterns.create, { email, password: STRONG_PASSWORD });

    const res = await post('/auth/login', { email, password: STRONG_PASSWORD });
    expect(res.status).toBe(504);
    await bus.call(pingPattern('auth'), {});

    const { rows } = await pg.query('SELECT count(*)::int AS n FROM tokens.refresh_families WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('stores no account for a registration that timed out while the password was hashed', async () => {
    const email = uniqueEmail('late-register');
    const res = await post('/auth/register', { email, password: STRONG_PASSWORD });
    expect(res.status).toBe(504);
    await bus.call(pingPattern('user'), {});

    const { rows } = await pg.query('SELECT count(*)::int AS n FROM users.users WHERE email = $1', [email]);
    expect(rows[0].n).toBe(0);
  });
});
