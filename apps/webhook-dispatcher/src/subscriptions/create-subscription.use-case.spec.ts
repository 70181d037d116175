import { ErrorCode } from '@portcullis/contracts';
import { Webhook } from 'standardwebhooks';
import { adminOwner, userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

describe('CreateSubscriptionUseCase', () => {
  it('stores the subscription with the secret sealed, and shows the secret once in the whsec_ format', async () => {
    const { create, subscriptions, box } = webhookFixture();
    const owner = userOwner();
    const created = await create.execute({
      owner,
      url: ' https://hooks.example.com/in ',
      events: ['auth.*', 'user.registered', 'auth.*'],
      description: ' CI ',
    });

    expect(created).toMatchObject({
      ownerUserId: owner.userId,
      url: 'https://hooks.example.com/in',
      events: ['auth.*', 'user.registered'],
      description: 'CI',
      scope: 'own',
      isActive: true,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(created.secret)).not.toThrow();
    const stored = subscriptions.rows.get(created.id)!;
    expect(stored.secretSealed).not.toContain(created.secret.slice(6, 20));
    expect(box.open(stored.secretSealed)).toBe(created.secret);
  });

  it('answers WEBHOOK_INVALID listing every bad field', async () => {
    const { create, subscriptions } = webhookFixture();
    const error = await errorOf(
      create.execute({
        owner: userOwner(),
        url: 'ftp://example.com/x',
        events: [],
        description: 7 as never,
        scope: 'everyone' as never,
      }),
    );
    expect(error).toMatchObject({ code: ErrorCode.WEBHOOK_INVALID });
    const fields = (error as { details: { errors: Array<{ field: string }> } }).details.errors.map((e) => e.field);
    expect(fields).toEqual(['url', 'events', 'description', 'scope']);
    expect(subscriptions.rows.size).toBe(0);
  });

  it('accepts exact types, families that exist and *, and refuses the rest by name', async () => {
    const { create } = webhookFixture();
    const owner = userOwner();
    await expect(create.execute({ owner, url: 'https://a.example.com/', events: ['*'] })).resolves.toBeDefined();
    await expect(
      create.execute({ owner, url: 'https://a.example.com/', events: ['auth.login.*', 'api_key.*', 'webhook.test'] }),
    ).resolves.toBeDefined();
    for (const events of [['user.exploded'], ['nothing.*'], ['auth*'], ['.*'], [42]]) {
      const error = await errorOf(create.execute({ owner, url: 'https://a.example.com/', events: events as string[] }));
      expect(error).toMatchObject({ code: ErrorCode.WEBHOOK_INVALID, details: { errors: [{ field: 'events' }] } });
    }
  });

  it('refuses credentials in the URL as invalid', async () => {
    const { create } = webhookFixture();
    const error = await errorOf(
      create.execute({ owner: userOwner(), url: 'https://me:pw@example.com/', events: ['*'] }),
    );
    expect(error).toMatchObject({ code: ErrorCode.WEBHOOK_INVALID, details: { errors: [{ field: 'url' }] } });
  });

  it('lets only admins subscribe to everybody’s events', async () => {
    const { create } = webhookFixture();
    await expect(
      errorOf(create.execute({ owner: userOwner(), url: 'https://a.example.com/', events: ['*'], scope: 'all' })),
    ).resolves.toMatchObject({
      code: ErrorCode.WEBHOOK_SCOPE_FORBIDDEN,
    });
    await expect(
      create.execute({ owner: adminOwner(), url: 'https://a.example.com/', events: ['*'], scope: 'all' }),
    ).resolves.toMatchObject({ scope: 'all' });
  });

  it('refuses loopback, private and metadata addresses unless private targets are allowed', async () => {
    const strict = webhookFixture({ allowPrivateTargets: false });
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://169.254.169.254/latest',
      'http://10.0.0.8/',
      'http://[::ffff:192.168.0.1]/',
      'http://localhost/',
    ]) {
      await expect(errorOf(strict.create.execute({ owner: userOwner(), url, events: ['*'] }))).resolves.toMatchObject({
        code: ErrorCode.WEBHOOK_URL_FORBIDDEN,
      });
    }
    expect(strict.subscriptions.rows.size).toBe(0);
    const relaxed = webhookFixture({ allowPrivateTargets: true });
    await expect(
      relaxed.create.execute({ owner: userOwner(), url: 'http://127.0.0.1:8080/', events: ['*'] }),
    ).resolves.toBeDefined();
  });

  it('refuses a request without a proper owner', async () => {
    const { create } = webhookFixture();
    const error = await errorOf(
      create.execute({ owner: { userId: 'not-a-uuid', isAdmin: false }, url: 'https://a.example.com/', events: ['*'] }),
    );
    expect(error).toMatchObject({ code: ErrorCode.WEBHOOK_INVALID, details: { errors: [{ field: 'owner.userId' }] } });
  });
});
