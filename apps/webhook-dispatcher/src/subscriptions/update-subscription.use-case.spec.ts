import { ErrorCode, WebhookPatterns } from '@portcullis/contracts';
import { adminOwner, userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { viaBus } from '@portcullis/testing';
import { DeleteSubscriptionUseCase } from './delete-subscription.use-case';
import { QuerySubscriptionsUseCase } from './query-subscriptions.use-case';
import { UpdateSubscriptionUseCase } from './update-subscription.use-case';
import { UrlGuard } from './url-guard';

function setup(allowPrivateTargets = true) {
  const f = webhookFixture({ allowPrivateTargets });
  return {
    ...f,
    update: viaBus(
      WebhookPatterns.update,
      new UpdateSubscriptionUseCase(f.subscriptions, new UrlGuard({ allowPrivateTargets })),
    ),
    query: new QuerySubscriptionsUseCase(f.subscriptions),
    remove: new DeleteSubscriptionUseCase(f.subscriptions),
  };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

describe('subscription ownership', () => {
  it("answers WEBHOOK_NOT_FOUND for another user's subscription on every operation, exactly as for a missing one", async () => {
    const { subscribe, update, query, remove, subscriptions } = setup();
    const alice = userOwner();
    const mallory = userOwner();
    const { id } = await subscribe(alice);
    for (const attempt of [
      query.get({ owner: mallory, id }),
      update.execute({ owner: mallory, id, description: 'mine now' }),
      remove.execute({ owner: mallory, id }),
      query.get({ owner: mallory, id: '00000000-0000-4000-8000-000000000000' }),
      query.get({ owner: mallory, id: "' OR 1=1 --" }),
    ]) {
      await expect(errorOf(attempt)).resolves.toMatchObject({
        code: ErrorCode.WEBHOOK_NOT_FOUND,
        message: 'Webhook not found',
      });
    }
    expect(subscriptions.rows.get(id)?.description).toBeNull();
  });

  it('lists only the caller’s own subscriptions, and everyone’s for an admin', async () => {
    const { subscribe, query } = setup();
    const alice = userOwner();
    const bob = userOwner();
    await subscribe(alice);
    await subscribe(alice);
    await subscribe(bob);
    expect(await query.list({ owner: alice })).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect((await query.list({ owner: bob })).items.map((w) => w.ownerUserId)).toEqual([bob.userId]);
    expect((await query.list({ owner: adminOwner(), limit: 2 })).items).toHaveLength(2);
    expect((await query.list({ owner: adminOwner() })).total).toBe(3);
  });

  it('lets an admin read, change and delete anybody’s subscription', async () => {
    const { subscribe, update, query, remove } = setup();
    const { id } = await subscribe(userOwner());
    const admin = adminOwner();
    await expect(update.execute({ owner: admin, id, description: 'checked' })).resolves.toMatchObject({
      description: 'checked',
    });
    await remove.execute({ owner: admin, id });
    await expect(errorOf(query.get({ owner: admin, id }))).resolves.toMatchObject({
      code: ErrorCode.WEBHOOK_NOT_FOUND,
    });
  });
});

describe('UpdateSubscriptionUseCase', () => {
  it('changes only the fields given and never returns the secret', async () => {
    const { subscribe, update } = setup();
    const owner = userOwner();
    const created = await subscribe(owner, ['user.*']);
    const updated = await update.execute({ owner, id: created.id, events: ['auth.*'] });
    expect(updated).toMatchObject({ events: ['auth.*'], url: created.url, description: null });
    expect(updated).not.toHaveProperty('secret');
  });

  it('validates like create: bad events, scope all for a non-admin, a private URL when not allowed', async () => {
    const { subscribe, subscriptions } = setup();
    const owner = userOwner();
    const created = await subscribe(owner);
    const strict = viaBus(
      WebhookPatterns.update,
      new UpdateSubscriptionUseCase(subscriptions, new UrlGuard({ allowPrivateTargets: false })),
    );
    await expect(errorOf(strict.execute({ owner, id: created.id, events: ['nope'] }))).resolves.toMatchObject({
      code: ErrorCode.WEBHOOK_INVALID,
    });
    await expect(errorOf(strict.execute({ owner, id: created.id, scope: 'all' }))).resolves.toMatchObject({
      code: ErrorCode.WEBHOOK_SCOPE_FORBIDDEN,
    });
    await expect(
      errorOf(strict.execute({ owner, id: created.id, url: 'http://192.168.1.10/' })),
    ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_URL_FORBIDDEN });
    expect(subscriptions.rows.get(created.id)).toMatchObject({ events: ['*'], scope: 'own', url: created.url });
  });

  it('re-enabling a disabled subscription clears why it was disabled and its failing run', async () => {
    const { subscribe, update, subscriptions } = setup();
    const owner = userOwner();
    const { id } = await subscribe(owner);
    await subscriptions.markFailing(id, new Date());
    await subscriptions.disable(id, 'failing');
    const enabled = await update.execute({ owner, id, isActive: true });
    expect(enabled).toMatchObject({ isActive: true, disabledReason: null, failingSince: null });
  });
});
