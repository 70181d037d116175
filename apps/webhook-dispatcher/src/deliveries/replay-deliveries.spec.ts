import { ErrorCode } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { jobIdOf } from './delivery-queue';
import { ListDeliveriesUseCase } from './list-deliveries.use-case';
import { RecoverDeliveriesUseCase } from './recover-deliveries.use-case';
import { RetryDeliveryUseCase } from './retry-delivery.use-case';
import { SendTestEventUseCase } from './send-test-event.use-case';

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

async function setup() {
  const f = webhookFixture();
  const owner = userOwner();
  const subscription = await f.subscribe(owner);
  const publish = async (type = 'user.updated') => {
    const event = {
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      subject: { type: 'user' as const, id: owner.userId },
      data: {},
    };
    await f.fanOut.execute(event);
    return [...f.deliveries.rows.values()].find((d) => d.eventId === event.id)!;
  };
  return {
    ...f,
    owner,
    subscription,
    publish,
    retry: new RetryDeliveryUseCase(f.subscriptions, f.deliveries, f.queue),
    recover: new RecoverDeliveriesUseCase(f.subscriptions, f.deliveries, f.queue, f.clock),
    test: new SendTestEventUseCase(f.subscriptions, f.deliveries, f.queue),
    list: new ListDeliveriesUseCase(f.subscriptions, f.deliveries),
  };
}

describe('replaying deliveries', () => {
  it('retries a delivery of any status in a new generation, keeping its event id, and the old job stands down', async () => {
    const s = await setup();
    const delivery = await s.publish();
    await s.attempt.execute({ deliveryId: delivery.id, generation: 0, retry: 0, maxRetries: 3 });
    expect(s.deliveries.rows.get(delivery.id)!.status).toBe('succeeded');

    const replay = await s.retry.execute({ owner: s.owner, id: s.subscription.id, deliveryId: delivery.id });
    expect(replay).toMatchObject({
      id: delivery.id,
      eventId: delivery.eventId,
      status: 'pending',
      attemptCount: 1,
      attempts: [expect.objectContaining({ status: 'succeeded' })],
    });
    expect(s.queue.jobs.get(jobIdOf({ id: delivery.id, generation: 1 }))).toEqual({
      deliveryId: delivery.id,
      subscriptionId: s.subscription.id,
      generation: 1,
    });
    await expect(
      s.attempt.execute({ deliveryId: delivery.id, generation: 0, retry: 0, maxRetries: 3 }),
    ).resolves.toEqual({ kind: 'skipped' });
    await s.attempt.execute({ deliveryId: delivery.id, generation: 1, retry: 0, maxRetries: 3 });
    expect(s.transport.sent.map((r) => r.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);
  });

  it("answers WEBHOOK_DELIVERY_NOT_FOUND for another subscription's delivery, and WEBHOOK_DISABLED when switched off", async () => {
    const s = await setup();
    const other = await s.subscribe(s.owner);
    const delivery = await s.publish();
    const foreign = [...s.deliveries.rows.values()].find((d) => d.subscriptionId === other.id)!;
    await expect(
      errorOf(s.retry.execute({ owner: s.owner, id: s.subscription.id, deliveryId: foreign.id })),
    ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND });
    await expect(
      errorOf(s.retry.execute({ owner: userOwner(), id: s.subscription.id, deliveryId: delivery.id })),
    ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_NOT_FOUND });
    await s.subscriptions.disable(s.subscription.id, 'gone');
    await expect(
      errorOf(s.retry.execute({ owner: s.owner, id: s.subscription.id, deliveryId: delivery.id })),
    ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_DISABLED });
  });

  it('recovers every failed or dead delivery created in the range, and nothing else', async () => {
    const s = await setup();
    s.transport.answer({ status: 500 });
    const early = await s.publish();
    const dead = await s.publish();
    const failed = await s.publish();
    const ok = await s.publish();
    await s.attempt.execute({ deliveryId: dead.id, generation: 0, retry: 3, maxRetries: 3 });
    await s.attempt.execute({ deliveryId: failed.id, generation: 0, retry: 0, maxRetries: 3 });
    await s.attempt.execute({ deliveryId: early.id, generation: 0, retry: 3, maxRetries: 3 });
    s.deliveries.rows.get(early.id)!.createdAt = new Date(Date.now() - 3_600_000);
    s.transport.answer({ status: 200 });
    await s.attempt.execute({ deliveryId: ok.id, generation: 0, retry: 0, maxRetries: 3 });

    const since = new Date(Date.now() - 60_000).toISOString();
    s.clock.advance(1_000); // `until` defaults to now, which is after every delivery above
    await expect(s.recover.execute({ owner: s.owner, id: s.subscription.id, since })).resolves.toEqual({ requeued: 2 });
    expect([dead, failed].map((d) => s.deliveries.rows.get(d.id)!)).toEqual([
      expect.objectContaining({ status: 'pending', generation: 1 }),
      expect.objectContaining({ status: 'pending', generation: 1 }),
    ]);
    expect(s.deliveries.rows.get(early.id)!.status).toBe('dead');
    expect(s.deliveries.rows.get(ok.id)!.status).toBe('succeeded');
    expect(s.queue.jobs.has(`${dead.id}-g1`) && s.queue.jobs.has(`${failed.id}-g1`)).toBe(true);
  });

  it('refuses a range that is not one', async () => {
    const s = await setup();
    for (const range of [
      { since: 'yesterday' },
      { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' },
      { since: undefined as never },
    ]) {
      await expect(
        errorOf(s.recover.execute({ owner: s.owner, id: s.subscription.id, ...range })),
      ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_INVALID });
    }
  });

  it('sends a webhook.test event to this subscription only, through the delivery path', async () => {
    const s = await setup();
    const bystander = await s.subscribe(userOwner(), ['*'], 'own');
    const reply = await s.test.execute({ owner: s.owner, id: s.subscription.id });
    const delivery = s.deliveries.rows.get(reply.deliveryId)!;
    expect(delivery).toMatchObject({
      eventId: reply.eventId,
      eventType: 'webhook.test',
      subscriptionId: s.subscription.id,
    });
    expect(delivery.payload).toMatchObject({
      subject: { type: 'webhook', id: s.subscription.id },
      data: { webhookId: s.subscription.id },
    });
    expect(delivery.payload).not.toHaveProperty('meta');
    expect(s.queue.jobs.has(delivery.id)).toBe(true);
    expect([...s.deliveries.rows.values()].filter((d) => d.subscriptionId === bystander.id)).toEqual([]);
  });

  it('lists deliveries newest first with their attempts, filtered by status', async () => {
    const s = await setup();
    const first = await s.publish();
    const second = await s.publish();
    await s.attempt.execute({ deliveryId: first.id, generation: 0, retry: 0, maxRetries: 3 });
    const page = await s.list.execute({ owner: s.owner, id: s.subscription.id });
    expect(page).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(page.items.map((d) => d.id)).toEqual([second.id, first.id]);
    expect(page.items[1].attempts).toEqual([
      expect.objectContaining({ attemptNo: 1, status: 'succeeded', responseStatus: 200 }),
    ]);
    expect(
      (await s.list.execute({ owner: s.owner, id: s.subscription.id, status: 'pending' })).items.map((d) => d.id),
    ).toEqual([second.id]);
    await expect(
      errorOf(s.list.execute({ owner: s.owner, id: s.subscription.id, status: 'lost' as never })),
    ).resolves.toMatchObject({ code: ErrorCode.WEBHOOK_INVALID });
  });
});
