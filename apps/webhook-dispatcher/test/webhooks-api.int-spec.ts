import { ErrorCode, WebhookPatterns } from '@portcullis/contracts';
import { Webhook } from 'standardwebhooks';
import { newAdmin, newUser, WebhookHarness } from './support/webhook-harness';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

describe('webhook subscriptions over the bus (real dispatcher, PostgreSQL, Redis)', () => {
  const harness = new WebhookHarness('webhooks-api', {
    ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '0.1,0.2,0.3',
  });
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await Promise.all([harness.start(), receiver.start()]);
  });

  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  it('creates, reads, lists, updates and deletes a subscription; the secret is shown on create only and stored sealed', async () => {
    const owner = newUser();
    const created = await harness.call(WebhookPatterns.create, {
      owner,
      url: receiver.url('crud'),
      events: ['auth.*', 'user.registered'],
      description: 'CI',
    });
    expect(created).toMatchObject({
      ownerUserId: owner.userId,
      events: ['auth.*', 'user.registered'],
      scope: 'own',
      isActive: true,
      disabledReason: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const read = await harness.call(WebhookPatterns.get, { owner, id: created.id });
    const { secret, ...withoutSecret } = created;
    expect(read).toEqual(withoutSecret);
    expect((await harness.call(WebhookPatterns.list, { owner })).items).toEqual([read]);
    const { rows } = await harness.pg.query('SELECT secret_sealed FROM webhooks.subscriptions WHERE id = $1', [
      created.id,
    ]);
    expect(rows[0].secret_sealed).toMatch(/^v1\./);
    expect(rows[0].secret_sealed).not.toContain(secret.slice(6));

    const updated = await harness.call(WebhookPatterns.update, {
      owner,
      id: created.id,
      events: ['*'],
      description: null,
    });
    expect(updated).toMatchObject({ events: ['*'], description: null, url: created.url });
    expect(updated).not.toHaveProperty('secret');
    await harness.call(WebhookPatterns.delete, { owner, id: created.id });
    expect(await harness.failure(WebhookPatterns.get, { owner, id: created.id })).toMatchObject({
      code: ErrorCode.WEBHOOK_NOT_FOUND,
    });
  });

  it("answers WEBHOOK_NOT_FOUND for another user's subscription, never 403, while admins see every one", async () => {
    const alice = newUser();
    const mallory = newUser();
    const { id } = await harness.call(WebhookPatterns.create, {
      owner: alice,
      url: receiver.url('alice'),
      events: ['*'],
    });
    for (const call of [
      harness.failure(WebhookPatterns.get, { owner: mallory, id }),
      harness.failure(WebhookPatterns.update, { owner: mallory, id, url: receiver.url('mallory') }),
      harness.failure(WebhookPatterns.delete, { owner: mallory, id }),
      harness.failure(WebhookPatterns.rotateSecret, { owner: mallory, id }),
      harness.failure(WebhookPatterns.test, { owner: mallory, id }),
      harness.failure(WebhookPatterns.listDeliveries, { owner: mallory, id }),
      harness.failure(WebhookPatterns.get, { owner: mallory, id: 'not-a-uuid' }),
    ]) {
      await expect(call).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_NOT_FOUND });
    }
    expect((await harness.call(WebhookPatterns.list, { owner: mallory })).total).toBe(0);
    await expect(harness.call(WebhookPatterns.get, { owner: newAdmin(), id })).resolves.toMatchObject({
      id,
      url: receiver.url('alice'),
    });
  });

  it('validates subscriptions: unknown event types, non-http URLs, and scope all for non-admins', async () => {
    const owner = newUser();
    const invalid = await harness.failure(WebhookPatterns.create, {
      owner,
      url: 'ftp://files.example.com/',
      events: ['user.exploded', 'auth.*'],
    });
    expect(invalid).toMatchObject({
      code: ErrorCode.WEBHOOK_INVALID,
      details: { errors: [{ field: 'url' }, { field: 'events' }] },
    });
    expect(JSON.stringify(invalid.details)).toContain('user.exploded');
    const empty = await harness.failure(WebhookPatterns.create, { owner, url: receiver.url('x'), events: [] });
    expect(empty).toMatchObject({ code: ErrorCode.WEBHOOK_INVALID });
    const scope = await harness.failure(WebhookPatterns.create, {
      owner,
      url: receiver.url('x'),
      events: ['*'],
      scope: 'all',
    });
    expect(scope).toMatchObject({ code: ErrorCode.WEBHOOK_SCOPE_FORBIDDEN });
  });

  it('serves the event catalog with a description and an example envelope per type', async () => {
    const catalog = await harness.call(WebhookPatterns.eventTypes, {});
    const types = catalog.map((e) => e.type);
    for (const type of [
      'user.registered',
      'auth.login.failed',
      'auth.refresh.reused',
      'agent.capability.denied',
      'api_key.created',
      'security.alert',
      'webhook.test',
    ]) {
      expect(types).toContain(type);
    }
    for (const entry of catalog) {
      expect(entry.description.length).toBeGreaterThan(5);
      expect(entry.example).toMatchObject({
        type: entry.type,
        id: expect.any(String),
        occurredAt: expect.any(String),
        subject: expect.any(Object),
        data: expect.any(Object),
      });
      expect(entry.example).not.toHaveProperty('meta');
    }
  });

  it('sends webhook.test now, signed, to that subscription only', async () => {
    const owner = newUser();
    const created = await harness.call(WebhookPatterns.create, {
      owner,
      url: receiver.url('test-me'),
      events: ['user.registered'],
    });
    const bystander = await harness.call(WebhookPatterns.create, {
      owner: newAdmin(),
      url: receiver.url('bystander'),
      events: ['*'],
      scope: 'all',
    });
    receiver.route('test-me', [created.secret]);
    receiver.route('bystander', [bystander.secret]);

    const { eventId } = await harness.call(WebhookPatterns.test, { owner, id: created.id });
    const [request] = await receiver.requests('test-me');
    expect(request).toMatchObject({ webhookId: eventId, verifiedBy: [0], hmacOk: true });
    expect(JSON.parse(request.body)).toMatchObject({
      id: eventId,
      type: 'webhook.test',
      subject: { type: 'webhook', id: created.id },
      data: { webhookId: created.id },
    });
    expect((await harness.deliveryRows(bystander.id)).filter((d) => d.event_type === 'webhook.test')).toEqual([]);
  });

  it('signs with both secrets during a rotation overlap, each signature valid for its own secret', async () => {
    const owner = newUser();
    const created = await harness.call(WebhookPatterns.create, {
      owner,
      url: receiver.url('rotating'),
      events: ['user.updated'],
    });
    const rotated = await harness.call(WebhookPatterns.rotateSecret, { owner, id: created.id });
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    receiver.route('rotating', [rotated.secret, created.secret]);

    await harness.userUpdated(owner.userId);
    const [request] = await receiver.requests('rotating');
    const signatures = request.headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    const alone = (signature: string) => ({ ...request.headers, 'webhook-signature': signature });
    expect(() => new Webhook(rotated.secret).verify(request.body, alone(signatures[0]))).not.toThrow();
    expect(() => new Webhook(created.secret).verify(request.body, alone(signatures[1]))).not.toThrow();
    expect(() => new Webhook(created.secret).verify(request.body, alone(signatures[0]))).toThrow();
    expect(request).toMatchObject({ verifiedBy: [0, 1], hmacOk: true });
  });
});
