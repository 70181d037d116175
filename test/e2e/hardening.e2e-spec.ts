import { Platform, testEnv } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(120_000);

/** Issue #10: parallel guesses, per-IP limits, change-password as an oracle, lockout as a weapon. */
describe('security hardening through the gateway', () => {
  const platform = new Platform(testEnv('e2e-hardening'), {
    BCRYPT_COST: '4',
    IP_FAILURE_LIMIT: '10000',
    // Low on purpose, and on a route no other test here uses, to watch it refuse.
    RATE_LIMIT_REFRESH: '3/60',
  });
  let api: Api;

  beforeAll(async () => {
    await platform.start(['gateway', 'auth', 'user', 'token', 'security']);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
  });

  afterAll(async () => {
    await platform.stop();
  });

  async function account(tag: string): Promise<string> {
    const email = uniqueEmail(tag);
    expect((await api.post('/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
    return email;
  }

  const login = (email: string, password: string, cookie?: string) =>
    api.request('POST', '/auth/login', { body: { email, password }, headers: cookie ? { cookie } : {} });

  it('checks at most 5 of 40 simultaneous guesses for one account, and refuses the rest — the right one too — without a check', async () => {
    const email = await account('race');
    const passwords = [...Array.from({ length: 39 }, (_, i) => `Wrong-Guess-${i}-xyz!`), STRONG_PASSWORD];
    const statuses = (await Promise.all(passwords.map((p) => login(email, p)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 423 || s === 429)).toBe(true);
    expect((await login(email, STRONG_PASSWORD)).status).toBe(423);
  });

  it('limits refreshes per IP with the IETF RateLimit headers, then 429 RATE_LIMITED with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.post('/auth/refresh', { refreshToken: `not-a-token-${i}` }));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(answers[0].headers.get('ratelimit-policy')).toBe('"auth-refresh";q=3;w=60');
    expect(answers[0].headers.get('ratelimit')).toMatch(/^"auth-refresh";r=2;t=\d+$/);
    expect(answers[0].headers.get('ratelimit-limit')).toBe('3');
    expect(answers[0].headers.get('ratelimit-remaining')).toBe('2');
    const refused = answers[3];
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^"auth-refresh";r=0;t=\d+$/);
  });

  it('counts wrong current passwords on change-password against the account, so guessing there locks it too', async () => {
    const email = await account('oracle');
    const { accessToken } = (await login(email, STRONG_PASSWORD)).body;
    const tries = [];
    for (let i = 0; i < 6; i++)
      tries.push(
        (
          await api.post(
            '/auth/change-password',
            { currentPassword: `Wrong-Guess-${i}-xyz!`, newPassword: 'Another-Strong-Pass-77!' },
            accessToken,
          )
        ).status,
      );
    expect(tries).toEqual([401, 401, 401, 401, 401, 423]);
    expect((await login(email, STRONG_PASSWORD)).status).toBe(423);
  });

  it('lets a device that logged in before past a lock strangers caused, and counts its own failures apart', async () => {
    const email = await account('device');
    const first = await login(email, STRONG_PASSWORD);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pc_device=[^;]+;/);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/v1/auth'])
      expect(setCookie).toContain(attribute);
    const cookie = setCookie.split(';')[0];

    for (let i = 0; i < 5; i++) expect((await login(email, `Wrong-Guess-${i}-xyz!`)).status).toBe(401);
    expect((await login(email, STRONG_PASSWORD)).status).toBe(423);

    // The owner's device: a typo is its own failure (not a lock answer), then the right password gets in.
    expect((await login(email, 'Owner-Typo-1-xyz!', cookie)).status).toBe(401);
    const owner = await login(email, STRONG_PASSWORD, cookie);
    expect(owner.status).toBe(200);
    expect(owner.headers.get('set-cookie')).toMatch(/^pc_device=/);
    // A forged or foreign device token is nobody's.
    expect((await login(email, STRONG_PASSWORD, `${cookie}x`)).status).toBe(423);
    const other = await account('other');
    const foreign = (await login(other, STRONG_PASSWORD)).headers.get('set-cookie')!.split(';')[0];
    expect((await login(email, STRONG_PASSWORD, foreign)).status).toBe(423);
  });
});
