import { Queue, Worker } from 'bullmq';
import { Browser } from 'playwright-core';
import { bullConnection, bullPrefix, QueueName } from '@portcullis/queue';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';
import { launchChromium } from './support/browser';

jest.setTimeout(120_000);

const ADMIN_EMAIL = uniqueEmail('queues-admin');
const ADMIN_PASSWORD = 'Harbor-Quill-Saffron-58!';

describe('the queue dashboard at /admin/queues, in a real browser', () => {
  const env = testEnv('e2e-dashboard');
  const database = new OwnDatabase(env.DATABASE_URL, 'dashboard');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    { BCRYPT_COST: '4', IP_FAILURE_LIMIT: '10000', ADMIN_EMAIL, ADMIN_PASSWORD },
  );
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await database.create();
    await platform.start(['gateway', 'auth', 'user', 'token', 'security']);
    base = platform.gatewayUrl;
    await failOneDelivery(env.REDIS_URL, env.REDIS_PREFIX);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await platform.stop();
    await database.drop();
  });

  it('lets an admin sign in and see the webhook-delivery queue with its failed job', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/admin/queues`);
    expect(page.url()).toBe(`${base}/admin/queues/login`);
    await page.fill('#email', ADMIN_EMAIL);
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin/queues`);
    await page.getByText(QueueName.WebhookDelivery).first().waitFor({ timeout: 20_000 });
    await page.goto(`${base}/admin/queues/queue/${QueueName.WebhookDelivery}?status=failed`);
    await page.getByText('receiver answered 500').first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('gives a non-admin nothing but the sign-in form, and anonymous callers a 401', async () => {
    const api = new Api(`${base}/api/v1`);
    const email = uniqueEmail('plain');
    expect((await api.post('/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);

    const page = await browser.newPage();
    await page.goto(`${base}/admin/queues/login`);
    await page.fill('#email', email);
    await page.fill('#password', STRONG_PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('alert').waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'portcullis_queues')).toBeUndefined();
    await page.close();

    const anonymous = await fetch(`${base}/admin/queues/api/queues`);
    expect(anonymous.status).toBe(401);
    const userToken = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body.accessToken;
    const asUser = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    expect(asUser.status).toBe(401);
    const forged = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { cookie: 'portcullis_queues=not-a-token' },
    });
    expect(forged.status).toBe(401);
  });
});

/** Puts one failed job in webhook-delivery the way a failing delivery would leave it. */
async function failOneDelivery(redisUrl: string, prefix: string): Promise<void> {
  const options = { connection: bullConnection({ url: redisUrl }), prefix: bullPrefix(prefix) };
  const queue = new Queue(QueueName.WebhookDelivery, options);
  await queue.add('deliver', { deliveryId: 'dashboard-test' }, { attempts: 1 });
  const worker = new Worker(
    QueueName.WebhookDelivery,
    async () => {
      throw new Error('receiver answered 500');
    },
    options,
  );
  await waitFor(async () => (await queue.getFailedCount()) > 0, { what: 'the failed job' });
  await worker.close();
  await queue.close();
}
