import { domainEvent } from '@portcullis/common';
import {
  DeliveryDto,
  DeliveryStatus,
  Events,
  WebhookOwner,
  WebhookPatterns,
  WebhookScope,
} from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { newAdmin, newUser, WebhookHarness } from './support/webhook-harness';
import { Responder, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

describe('webhook deliveries (real dispatcher, real receiver, BullMQ retries)', () => {
  const harness = new WebhookHarness('webhooks-deliveries', {
    ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '0.1,0.2,0.3',
  });
  const receiver = new WebhookReceiver();

  /** A subscription whose URL is its own receiver route, answering with `respond`. */
  async function subscribe(
    route: string,
    owner: WebhookOwner,
    events = ['*'],
    scope: WebhookScope = 'own',
    respond?: Responder,
  ) {
    const created = await harness.call(WebhookPatterns.create, { owner, url: receiver.url(route), events, scope });
    receiver.route(route, [created.secret], respond);
    return created;
  }

  const deliveries = (owner: WebhookOwner, id: string, status?: DeliveryStatus) =>
    harness.call(WebhookPatterns.listDeliveries, { owner, id, status });
  const deliveryWith = (owner: WebhookOwner, id: string, status: DeliveryStatus, count = 1) =>
    waitFor(
      async () => {
        const page = await deliveries(owner, id, status);
        return page.items.length >= count && page.items;
      },
      { timeoutMs: 15_000, what: `${count} ${status} deliveries` },
    );

  beforeAll(async () => {
    await Promise.all([harness.start(), receiver.start()]);
  });

  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  it('succeeds on the third attempt after two 500s, with every attempt recorded and one webhook-id', async () => {
    const owner = newUser();
    const hook = await subscribe('flaky', owner, ['user.*'], 'own', (_req, nth) =>
      nth < 2 ? { status: 500, body: 'try later' } : { status: 204 },
    );
    const event = await harness.userUpdated(owner.userId);

    const [delivery] = await deliveryWith(owner, hook.id, 'succeeded');
    expect(delivery).toMatchObject({
      eventId: event.id,
      eventType: 'user.updated',
      attemptCount: 3,
      nextAttemptAt: null,
    });
    expect(delivery.attempts.map((a) => [a.attemptNo, a.status, a.responseStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'succeeded', 204],
    ]);
    expect(delivery.attempts[0]).toMatchObject({
      error: 'receiver answered 500',
      responseBody: 'try later',
      durationMs: expect.any(Number),
    });
    const { meta: _meta, ...envelope } = event;
    expect(delivery.payload).toEqual(envelope);
    const received = receiver.received('flaky');
    expect(received.map((r) => r.webhookId)).toEqual([event.id, event.id, event.id]);
    expect(received.every((r) => r.verifiedBy.length === 1 && r.hmacOk && JSON.parse(r.body).id === event.id)).toBe(
      true,
    );
    const metrics = await (await fetch(`${harness.platform.opsUrl('webhook-dispatcher')}/metrics`)).text();
    expect(metrics).toMatch(/webhook_deliveries_total\{outcome="succeeded"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/webhook_delivery_duration_seconds_count\S* [1-9]/);
  });

  it('stops at once on 410 Gone: delivery dead, subscription disabled, admins told, nothing sent after', async () => {
    const owner = newUser();
    const gone = await subscribe('gone', owner, ['user.*'], 'own', () => ({ status: 410 }));
    const admin = newAdmin();
    await subscribe('disabled-watcher', admin, ['webhook.endpoint.disabled'], 'all');
    await harness.userUpdated(owner.userId);

    const [dead] = await deliveryWith(owner, gone.id, 'dead');
    expect(dead.attempts.map((a) => a.responseStatus)).toEqual([410]);
    // The delivery is marked dead first and the subscription disabled right after, so wait for the second.
    const disabled = await waitFor(
      async () => {
        const subscription = await harness.call(WebhookPatterns.get, { owner, id: gone.id });
        return !subscription.isActive && subscription;
      },
      { what: 'the subscription to be disabled' },
    );
    expect(disabled).toMatchObject({ isActive: false, disabledReason: 'gone' });
    const [notice] = await receiver.requests('disabled-watcher');
    expect(JSON.parse(notice.body)).toMatchObject({
      type: 'webhook.endpoint.disabled',
      subject: { type: 'webhook', id: gone.id },
      data: { reason: 'gone', ownerUserId: owner.userId },
    });

    await harness.userUpdated(owner.userId);
    await waitFor(() => harness.eventsSettled(), { what: 'the dispatcher to take the later event' });
    expect(await harness.deliveryRows(gone.id)).toHaveLength(1);
    expect(receiver.received('gone')).toHaveLength(1);
  });

  it("keeps users' events apart and filters by type, while an admin's scope:all subscription gets both users'", async () => {
    const alice = newUser();
    const bob = newUser();
    const aliceHook = await subscribe('alice', alice, ['user.*']);
    const aliceAuthOnly = await subscribe('alice-auth', alice, ['auth.*']);
    const bobHook = await subscribe('bob', bob, ['*']);
    const adminHook = await subscribe('admin-all', newAdmin(), ['user.updated'], 'all');

    const fromAlice = await harness.userUpdated(alice.userId);
    const fromBob = await harness.userUpdated(bob.userId);
    await waitFor(() => harness.eventsSettled(), { what: 'both events fanned out' });
    const adminGot = await receiver.requests('admin-all', 2);
    expect(adminGot.map((r) => r.webhookId).sort()).toEqual([fromAlice.id, fromBob.id].sort());
    expect((await harness.deliveryRows(adminHook.id)).map((d) => d.event_id).sort()).toEqual(
      [fromAlice.id, fromBob.id].sort(),
    );
    expect((await harness.deliveryRows(aliceHook.id)).map((d) => d.event_id)).toEqual([fromAlice.id]);
    expect((await harness.deliveryRows(bobHook.id)).map((d) => d.event_id)).toEqual([fromBob.id]);
    expect(await harness.deliveryRows(aliceAuthOnly.id)).toEqual([]);
    expect((await receiver.requests('bob')).map((r) => r.webhookId)).toEqual([fromBob.id]);
    expect((await receiver.requests('alice')).map((r) => r.webhookId)).toEqual([fromAlice.id]);
  });

  it('makes one delivery of an event the bus hands over twice (same DomainEvent id)', async () => {
    const owner = newUser();
    const hook = await subscribe('redelivered', owner);
    const event = domainEvent(Events.loginSucceeded, {
      subject: { type: 'user', id: owner.userId },
      data: { sessionId: 's1', deviceName: null },
    });
    await harness.publish(Events.loginSucceeded, event);
    await harness.publish(Events.loginSucceeded, { ...event });
    await waitFor(() => harness.eventsSettled(), { what: 'both copies handled' });
    await deliveryWith(owner, hook.id, 'succeeded');
    expect((await harness.deliveryRows(hook.id)).map((d) => d.event_id)).toEqual([event.id]);
    expect(receiver.received('redelivered').map((r) => r.webhookId)).toEqual([event.id]);
  });

  it('re-sends with the same webhook-id on retryDelivery and on recover, after the schedule gave up', async () => {
    const owner = newUser();
    let healthy = false;
    const hook = await subscribe('outage', owner, ['user.*'], 'own', () => ({ status: healthy ? 200 : 503 }));
    const since = new Date(Date.now() - 1000).toISOString();
    const first = await harness.userUpdated(owner.userId);
    const second = await harness.userUpdated(owner.userId);
    const dead = await deliveryWith(owner, hook.id, 'dead', 2);
    expect(dead.every((d: DeliveryDto) => d.attemptCount === 4)).toBe(true);
    healthy = true;

    const retried = dead.find((d) => d.eventId === first.id)!;
    await expect(
      harness.call(WebhookPatterns.retryDelivery, { owner, id: hook.id, deliveryId: retried.id }),
    ).resolves.toMatchObject({ status: 'pending', eventId: first.id });
    await deliveryWith(owner, hook.id, 'succeeded');
    await expect(harness.call(WebhookPatterns.recover, { owner, id: hook.id, since })).resolves.toEqual({
      requeued: 1,
    });
    await deliveryWith(owner, hook.id, 'succeeded', 2);

    const ids = receiver.received('outage').map((r) => r.webhookId);
    expect(ids.filter((id) => id === first.id)).toHaveLength(5);
    expect(ids.filter((id) => id === second.id)).toHaveLength(5);
    const last = await deliveries(owner, hook.id, 'succeeded');
    expect(last.items.map((d) => d.attempts.map((a) => a.responseStatus))).toEqual([
      [503, 503, 503, 503, 200],
      [503, 503, 503, 503, 200],
    ]);
  });

  it('caps requests in flight to one slow receiver without holding up another', async () => {
    const owner = newUser();
    await subscribe(
      'slow',
      owner,
      ['user.*'],
      'own',
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 250)),
    );
    await subscribe('fast', owner, ['auth.*']);
    for (let i = 0; i < 12; i++) await harness.userUpdated(owner.userId);
    const logout = domainEvent(Events.logout, {
      subject: { type: 'user', id: owner.userId },
      data: { sessionId: 's2' },
    });
    await harness.publish(Events.logout, logout);

    await receiver.requests('fast');
    expect(receiver.received('slow').length).toBeLessThan(12);
    await receiver.requests('slow', 12);
    expect(receiver.maxInFlight('slow')).toBeGreaterThan(1);
    expect(receiver.maxInFlight('slow')).toBeLessThanOrEqual(4);
  });
});
