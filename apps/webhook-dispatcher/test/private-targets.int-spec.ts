import { ErrorCode, WebhookPatterns } from '@portcullis/contracts';
import { newUser, WebhookHarness } from './support/webhook-harness';

jest.setTimeout(60_000);

describe('webhook URLs with private targets refused (ALLOW_PRIVATE_TARGETS=false, as in production)', () => {
  const harness = new WebhookHarness('webhooks-ssrf', { ALLOW_PRIVATE_TARGETS: 'false' });

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('refuses loopback, private, link-local (metadata) and mapped addresses with WEBHOOK_URL_FORBIDDEN, storing nothing', async () => {
    const owner = newUser();
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.0.10/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0x7f000001/hook',
      'http://0.0.0.0/hook',
    ]) {
      const error = await harness.failure(WebhookPatterns.create, { owner, url, events: ['*'] });
      expect({ url, code: error.code }).toEqual({ url, code: ErrorCode.WEBHOOK_URL_FORBIDDEN });
    }
    expect((await harness.call(WebhookPatterns.list, { owner })).total).toBe(0);
  });

  it('refuses other schemes as invalid, and a private URL on update too', async () => {
    const owner = newUser();
    for (const url of ['file:///etc/passwd', 'gopher://example.com/', 'ftp://example.com/']) {
      expect(await harness.failure(WebhookPatterns.create, { owner, url, events: ['*'] })).toMatchObject({
        code: ErrorCode.WEBHOOK_INVALID,
      });
    }
    const { rows } = await harness.pg.query(
      `INSERT INTO webhooks.subscriptions (id, owner_user_id, url, events, secret_sealed) VALUES (gen_random_uuid(), $1, 'https://hooks.example.com/', '{*}', 'v1.x.y.z') RETURNING id`,
      [owner.userId],
    );
    const update = await harness.failure(WebhookPatterns.update, {
      owner,
      id: rows[0].id,
      url: 'http://169.254.169.254/',
    });
    expect(update).toMatchObject({ code: ErrorCode.WEBHOOK_URL_FORBIDDEN });
    await expect(harness.call(WebhookPatterns.get, { owner, id: rows[0].id })).resolves.toMatchObject({
      url: 'https://hooks.example.com/',
    });
  });
});
