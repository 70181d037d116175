import { createHmac, randomUUID } from 'crypto';
import { Webhook } from 'standardwebhooks';
import { userOwner, webhookFixture, WebhookFixture } from '../../test/fakes/webhook-fixture';
import { newWebhookSecret, secretKeyBytes } from '../subscriptions/webhook-secret';
import { FORBIDDEN_ADDRESS } from './webhook-sender';

/** A subscription on a loopback URL (stored directly, so strict fixtures can hold one too) and one delivery to it. */
async function oneDelivery(f: WebhookFixture) {
  const owner = userOwner();
  const secret = newWebhookSecret();
  const subscription = await f.subscriptions.insert({
    ownerUserId: owner.userId,
    url: 'http://127.0.0.1:9/hook',
    events: ['*'],
    description: null,
    scope: 'own',
    secretSealed: f.box.seal(secret),
  });
  const event = {
    id: randomUUID(),
    type: 'user.updated',
    occurredAt: new Date().toISOString(),
    subject: { type: 'user' as const, id: owner.userId },
    data: {},
  };
  await f.fanOut.execute(event);
  const delivery = [...f.deliveries.rows.values()][0];
  const attempt = (retry: number, maxRetries = f.settings.retryScheduleMs.length) =>
    f.attempt.execute({ deliveryId: delivery.id, generation: delivery.generation, retry, maxRetries });
  return {
    secret,
    subscription,
    delivery,
    attempt,
    event,
    row: () => f.deliveries.rows.get(delivery.id)!,
    sub: () => f.subscriptions.rows.get(subscription.id)!,
  };
}

describe('AttemptDeliveryUseCase', () => {
  it('POSTs the envelope signed for the standardwebhooks library and the plain HMAC, and records success', async () => {
    const f = webhookFixture();
    const { secret, attempt, event, row } = await oneDelivery(f);
    await expect(attempt(0)).resolves.toMatchObject({ kind: 'succeeded' });

    const [sent] = f.transport.sent;
    expect(JSON.parse(sent.body)).toEqual(event);
    expect(sent.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': event.id,
      'user-agent': expect.stringMatching(/^Portcullis-Webhooks\/\d+\.\d+\.\d+/),
    });
    expect(new Webhook(secret).verify(sent.body, sent.headers)).toEqual(event);
    const hmac = createHmac('sha256', secretKeyBytes(secret)).update(sent.body).digest('hex');
    expect(sent.headers['x-portcullis-signature']).toBe(`sha256=${hmac}`);
    expect(row()).toMatchObject({ status: 'succeeded', attemptCount: 1, nextAttemptAt: null });
    expect(f.deliveries.attempts).toEqual([
      expect.objectContaining({ attemptNo: 1, status: 'succeeded', responseStatus: 200, error: null }),
    ]);
  });

  it('retries a 500 after the schedule’s delay (±20 %), then gives up as dead when the schedule is spent', async () => {
    const f = webhookFixture();
    f.transport.answer({ status: 500, body: 'boom' });
    const { attempt, row } = await oneDelivery(f);

    const first = await attempt(0);
    expect(first).toMatchObject({ kind: 'retry', error: 'receiver answered 500' });
    expect((first as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(4_000);
    expect((first as { delayMs: number }).delayMs).toBeLessThanOrEqual(6_000);
    expect(row()).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date(f.clock.now().getTime() + (first as { delayMs: number }).delayMs),
    });
    await attempt(1);
    await attempt(2);
    await expect(attempt(3)).resolves.toMatchObject({ kind: 'dead', error: 'receiver answered 500' });
    expect(row()).toMatchObject({ status: 'dead', attemptCount: 4, nextAttemptAt: null });
    expect(f.deliveries.attempts.map((a) => [a.attemptNo, a.responseStatus, a.responseBody])).toEqual(
      [1, 2, 3, 4].map((n) => [n, 500, 'boom']),
    );
  });

  it('records runs cut off by a dying dispatcher as interrupted attempts, ahead of the new attempt', async () => {
    const f = webhookFixture();
    const { delivery, row } = await oneDelivery(f);
    await f.attempt.execute({
      deliveryId: delivery.id,
      generation: delivery.generation,
      retry: 0,
      maxRetries: 5,
      interrupted: 2,
    });
    expect(f.deliveries.attempts.map((a) => [a.attemptNo, a.status, a.responseStatus])).toEqual([
      [1, 'interrupted', null],
      [2, 'interrupted', null],
      [3, 'succeeded', 200],
    ]);
    expect(row()).toMatchObject({ status: 'succeeded', attemptCount: 3 });
    expect(f.transport.sent).toHaveLength(1);
  });

  it('keeps the webhook-id the same on every attempt', async () => {
    const f = webhookFixture();
    f.transport.answer({ status: 502 }, { status: 503 }, { status: 200 });
    const { attempt, event } = await oneDelivery(f);
    for (let retry = 0; retry < 3; retry++) await attempt(retry);
    expect(f.transport.sent.map((s) => s.headers['webhook-id'])).toEqual([event.id, event.id, event.id]);
  });

  it('waits as long as a 429 or 503 asks in Retry-After', async () => {
    const f = webhookFixture();
    f.transport.answer({ status: 429, retryAfter: '600' });
    const { attempt } = await oneDelivery(f);
    await expect(attempt(0)).resolves.toMatchObject({ kind: 'retry', delayMs: 600_000 });
  });

  it('stops at once on 410 Gone: dead, subscription disabled as gone, admins told once', async () => {
    const f = webhookFixture();
    f.transport.answer({ status: 410 });
    const { attempt, row, sub, subscription } = await oneDelivery(f);
    await expect(attempt(0)).resolves.toMatchObject({ kind: 'dead' });
    expect(row().status).toBe('dead');
    expect(sub()).toMatchObject({ isActive: false, disabledReason: 'gone' });
    expect(f.published).toEqual([
      {
        type: 'webhook.endpoint.disabled',
        data: expect.objectContaining({
          subject: { type: 'webhook', id: subscription.id },
          data: expect.objectContaining({ reason: 'gone' }),
        }),
      },
    ]);
  });

  it('disables an endpoint that has failed without a success for the whole window, and says so once', async () => {
    const f = webhookFixture({ disableAfterMs: 3_600_000, retryScheduleMs: [1, 1, 1, 1, 1, 1] });
    f.transport.answer({ status: 500 });
    const { attempt, sub } = await oneDelivery(f);
    await attempt(0);
    expect(sub().failingSince).toEqual(f.clock.now());
    f.clock.advance(3_599_000);
    await expect(attempt(1)).resolves.toMatchObject({ kind: 'retry' });
    f.clock.advance(1_000);
    await expect(attempt(2)).resolves.toMatchObject({ kind: 'dead' });
    expect(sub()).toMatchObject({ isActive: false, disabledReason: 'failing' });
    expect(f.published.map((p) => p.data.data.reason)).toEqual(['failing']);
  });

  it('ends a failing run on the first success', async () => {
    const f = webhookFixture();
    f.transport.answer({ status: 500 }, { status: 204 });
    const { attempt, sub } = await oneDelivery(f);
    await attempt(0);
    expect(sub().failingSince).not.toBeNull();
    await attempt(1);
    expect(sub().failingSince).toBeNull();
  });

  it('sends nothing when the URL now resolves to a forbidden address, records why, and retries', async () => {
    const f = webhookFixture({ allowPrivateTargets: false });
    const { attempt, row } = await oneDelivery(f);
    await expect(attempt(0)).resolves.toMatchObject({ kind: 'retry', error: FORBIDDEN_ADDRESS, sent: false });
    expect(f.transport.sent).toHaveLength(0);
    expect(f.deliveries.attempts).toEqual([
      expect.objectContaining({ status: 'failed', responseStatus: null, error: FORBIDDEN_ADDRESS }),
    ]);
    expect(row().status).toBe('failed');
  });

  it('sends nothing for a stale generation or a finished delivery', async () => {
    const f = webhookFixture();
    const { attempt, delivery } = await oneDelivery(f);
    await expect(
      f.attempt.execute({ deliveryId: delivery.id, generation: 7, retry: 0, maxRetries: 3 }),
    ).resolves.toEqual({ kind: 'skipped' });
    await attempt(0);
    await expect(attempt(0)).resolves.toEqual({ kind: 'skipped' });
    expect(f.transport.sent).toHaveLength(1);
  });

  it('sends nothing to a disabled subscription: the delivery is dead, with the reason recorded', async () => {
    const f = webhookFixture();
    const { attempt, subscription, row } = await oneDelivery(f);
    await f.subscriptions.disable(subscription.id, 'failing');
    await expect(attempt(0)).resolves.toMatchObject({ kind: 'dead', error: 'webhook is disabled', sent: false });
    expect(f.transport.sent).toHaveLength(0);
    expect(row().status).toBe('dead');
  });
});
