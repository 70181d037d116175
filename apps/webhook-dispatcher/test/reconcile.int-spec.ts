import { WebhookPatterns } from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { newUser, WebhookHarness } from './support/webhook-harness';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

/**
 * After Redis loses its data (restarted without persistence, flushed), PostgreSQL still holds every
 * open delivery but no BullMQ job exists for it. The rows here are written straight into the
 * dispatcher's database with no job, exactly that state, on the run's shared Redis (never flushed).
 */
describe('reconciler: due deliveries with no job are queued again', () => {
  const harness = new WebhookHarness('webhooks-reconcile', {
    ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2',
    WEBHOOK_RECONCILE_INTERVAL_SECONDS: '1',
    WEBHOOK_RECONCILE_GRACE_SECONDS: '1',
  });
  const receiver = new WebhookReceiver();

  beforeAll(() => Promise.all([harness.start(), receiver.start()]));
  afterAll(async () => {
    await receiver.stop();
    await harness.stop();
  });

  async function subscribe(route: string, status: number) {
    const owner = newUser();
    const created = await harness.call(WebhookPatterns.create, { owner, url: receiver.url(route), events: ['user.*'] });
    receiver.route(route, [created.secret], () => ({ status }));
    return { owner, subscriptionId: created.id };
  }

  /** An open delivery as PostgreSQL has it after Redis lost its job: due 10 s ago, nothing queued. */
  async function strandedDelivery(
    subscriptionId: string,
    userId: string,
    row: { status: 'pending' | 'failed'; attemptCount: number },
  ) {
    const eventId = randomUUID();
    const payload = {
      id: eventId,
      type: 'user.updated',
      occurredAt: new Date().toISOString(),
      subject: { type: 'user', id: userId },
      data: { fields: ['displayName'] },
    };
    const { rows } = await harness.pg.query(
      `INSERT INTO webhooks.deliveries (id, event_id, event_type, subscription_id, payload, status, attempt_count, next_attempt_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'user.updated', $2, $3, $4, $5, CASE WHEN $4 = 'failed' THEN now() - interval '10 seconds' END, now() - interval '10 seconds')
       RETURNING id`,
      [eventId, subscriptionId, JSON.stringify(payload), row.status, row.attemptCount],
    );
    return { deliveryId: rows[0].id as string, eventId };
  }

  const deliveryRow = async (id: string) =>
    (await harness.pg.query('SELECT status, attempt_count FROM webhooks.deliveries WHERE id = $1', [id])).rows[0];

  it('sends a pending delivery that has no job, signed, with its event id, once', async () => {
    const { owner, subscriptionId } = await subscribe('stranded', 200);
    const { deliveryId, eventId } = await strandedDelivery(subscriptionId, owner.userId, {
      status: 'pending',
      attemptCount: 0,
    });

    const [request] = await receiver.requests('stranded', 1, 20_000);
    expect(request).toMatchObject({ webhookId: eventId, hmacOk: true, verifiedBy: [0] });
    await waitFor(async () => (await deliveryRow(deliveryId)).status === 'succeeded', {
      what: 'the delivery to be recorded as succeeded',
    });
    expect(await deliveryRow(deliveryId)).toEqual({ status: 'succeeded', attempt_count: 1 });
    expect(receiver.received('stranded')).toHaveLength(1);
  });

  it('takes up a failed delivery where its retry schedule was: with every retry spent but one attempt, one more try and it is dead', async () => {
    const { owner, subscriptionId } = await subscribe('failing', 500);
    const { deliveryId } = await strandedDelivery(subscriptionId, owner.userId, { status: 'failed', attemptCount: 3 });

    await waitFor(async () => (await deliveryRow(deliveryId)).status === 'dead', {
      timeoutMs: 20_000,
      what: 'the delivery to die after its last attempt',
    });
    expect(await deliveryRow(deliveryId)).toEqual({ status: 'dead', attempt_count: 4 });
    expect(receiver.received('failing')).toHaveLength(1);
  });
});
