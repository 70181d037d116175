import { WebhookPatterns } from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { newUser, WebhookHarness } from './support/webhook-harness';
import { Responder, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(180_000);

/** How many times each id occurs. */
const tally = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe('webhook delivery durability (receiver outage, dispatcher crash)', () => {
  const harness = new WebhookHarness('webhooks-durability', {
    ALLOW_PRIVATE_TARGETS: 'true',
    // About 20 s in all: outlasts the receiver outage below (~5 s here), yet retries soon after it ends.
    WEBHOOK_RETRY_SCHEDULE: '0.5,1,1,2,2,3,3,3,3,3',
    WEBHOOK_TIMEOUT_MS: '3000',
    WEBHOOK_JOB_LOCK_MS: '2000',
    BUS_CLAIM_IDLE_MS: '1000',
    LOG_LEVEL: 'info',
  });
  const receiver = new WebhookReceiver();

  async function subscribe(route: string, respond?: Responder) {
    const owner = newUser();
    const created = await harness.call(WebhookPatterns.create, { owner, url: receiver.url(route), events: ['user.*'] });
    receiver.route(route, [created.secret], respond);
    return { owner, created };
  }

  const attempted = async (subscriptionId: string) => {
    const { rows } = await harness.pg.query(
      'SELECT count(*)::int AS n FROM webhooks.deliveries WHERE subscription_id = $1 AND attempt_count > 0',
      [subscriptionId],
    );
    return rows[0].n as number;
  };

  const succeeded = async (subscriptionId: string) => {
    const { rows } = await harness.pg.query(
      "SELECT count(*)::int AS n FROM webhooks.deliveries WHERE subscription_id = $1 AND status = 'succeeded'",
      [subscriptionId],
    );
    return rows[0].n as number;
  };

  beforeAll(async () => {
    await Promise.all([harness.start(), receiver.start()]);
  });

  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  it('delivers all 200 events exactly once after the receiver comes back from an outage', async () => {
    const { owner, created } = await subscribe('outage');
    await receiver.stop();
    const sent: string[] = [];
    for (let i = 0; i < 200; i++) sent.push((await harness.userUpdated(owner.userId)).id);
    await waitFor(async () => (await attempted(created.id)) === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every delivery to fail against the dead receiver',
    });

    await receiver.start();
    await receiver.requests('outage', 200, 60_000);
    const received = receiver.received('outage');
    expect(received.every((r) => r.verifiedBy.length === 1 && r.hmacOk)).toBe(true);
    const counts = tally(received.map((r) => r.webhookId));
    expect([...counts.keys()].sort()).toEqual([...sent].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The receiver answers before the attempt is recorded, so the last few may still be on their way.
    await waitFor(async () => (await succeeded(created.id)) === 200, {
      what: 'all 200 deliveries recorded as succeeded',
    });
  });

  it('loses nothing when the dispatcher is SIGKILLed mid-burst and events keep coming while it is down', async () => {
    const { owner, created } = await subscribe('crash');
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) sent.push((await harness.userUpdated(owner.userId)).id);
    await receiver.requests('crash', 30, 30_000);

    await harness.platform.process('webhook-dispatcher').stop('SIGKILL');
    expect(receiver.received('crash').length).toBeLessThan(300);
    for (let i = 0; i < 50; i++) sent.push((await harness.userUpdated(owner.userId)).id);
    await harness.platform.startOne('webhook-dispatcher');

    const everyId = () => new Set(receiver.received('crash').map((r) => r.webhookId)).size === sent.length;
    await waitFor(everyId, { timeoutMs: 90_000, intervalMs: 200, what: `all ${sent.length} events at the receiver` });
    const counts = tally(receiver.received('crash').map((r) => r.webhookId));
    expect([...counts.keys()].sort()).toEqual([...sent].sort());
    // At-least-once: only requests in flight at the moment of the kill may arrive twice.
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(20);
    const { rows } = await harness.pg.query(
      'SELECT count(*)::int AS n FROM webhooks.deliveries WHERE subscription_id = $1',
      [created.id],
    );
    expect(rows[0].n).toBe(sent.length);
  });

  it('shows a send cut off by a dispatcher crash as an interrupted attempt, then delivers it', async () => {
    const { owner, created } = await subscribe('interrupted', (_request, nth) =>
      nth === 0 ? new Promise<never>(() => undefined) : { status: 200 },
    );
    const event = await harness.userUpdated(owner.userId);
    await receiver.requests('interrupted');

    await harness.platform.process('webhook-dispatcher').stop('SIGKILL'); // the receiver is still holding the request
    await harness.platform.startOne('webhook-dispatcher');
    await receiver.requests('interrupted', 2, 30_000);

    const delivery = await waitFor(
      async () => {
        const page = await harness.call(WebhookPatterns.listDeliveries, { owner, id: created.id });
        return page.items.find((d) => d.eventId === event.id && d.status === 'succeeded');
      },
      { what: 'the delivery to be recorded as succeeded' },
    );
    expect(delivery.attempts.map((a) => [a.attemptNo, a.status])).toEqual([
      [1, 'interrupted'],
      [2, 'succeeded'],
    ]);
    expect(delivery.attempts[0]).toMatchObject({
      responseStatus: null,
      error: expect.stringContaining('dispatcher stopped'),
    });
    expect(delivery.attemptCount).toBe(2);
    expect(receiver.received('interrupted').map((r) => r.webhookId)).toEqual([event.id, event.id]);
  });

  it('finishes the delivery in flight on SIGTERM before exiting, and records it', async () => {
    let answer: (() => void) | undefined;
    const { owner, created } = await subscribe(
      'graceful',
      () => new Promise((resolve) => (answer = () => resolve({ status: 200 }))),
    );
    await harness.userUpdated(owner.userId);
    await receiver.requests('graceful');

    const dispatcher = harness.platform.process('webhook-dispatcher');
    const exit = dispatcher.stop('SIGTERM');
    // Answer only once shutdown is waiting on the worker: a worker that did not wait would be gone by then.
    await waitFor(() => dispatcher.logs().includes('waiting for the attempts in flight (1)'), {
      what: 'shutdown to wait for the delivery',
    });
    answer!();
    expect(await exit).toBe(0);
    const [delivery] = await harness.deliveryRows(created.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 1 });
    expect(receiver.received('graceful')).toHaveLength(1);
  });
});
