import { randomUUID } from 'crypto';
import { FakeClock } from '@portcullis/testing';
import { userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { jobIdOf } from '../deliveries/delivery-queue';
import { RequeueStrandedDeliveriesUseCase } from './requeue-stranded-deliveries.use-case';
import { SweepLock } from './sweep-lock';

/** The Redis lock's rule in memory: one holder until it lapses on the shared clock. */
class InMemorySweepLock extends SweepLock {
  private heldUntil = 0;
  constructor(private readonly clock: FakeClock) {
    super();
  }
  async tryAcquire(ttlMs: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (now < this.heldUntil) return false;
    this.heldUntil = now + ttlMs;
    return true;
  }
}

const interval = 30_000;
const grace = 60_000;

async function setup() {
  const f = webhookFixture({ reconcileIntervalMs: interval, reconcileGraceMs: grace });
  const owner = userOwner();
  await f.subscribe(owner);
  const lock = new InMemorySweepLock(f.clock);
  const replica = () => new RequeueStrandedDeliveriesUseCase(f.deliveries, f.queue, lock, f.clock, f.settings);
  const publish = async () => {
    const event = {
      id: randomUUID(),
      type: 'user.updated',
      occurredAt: new Date().toISOString(),
      subject: { type: 'user' as const, id: owner.userId },
      data: {},
    };
    await f.fanOut.execute(event);
    return [...f.deliveries.rows.values()].find((d) => d.eventId === event.id)!;
  };
  /** The next round: past the lock, as the next tick of a timer would be. */
  const nextRound = (ms = interval) => f.clock.advance(ms);
  return { ...f, replica, publish, nextRound };
}

describe('RequeueStrandedDeliveriesUseCase (Redis lost the jobs; PostgreSQL still has the deliveries)', () => {
  it('queues a pending delivery again once it is past the grace period and its job is gone, and only then', async () => {
    const s = await setup();
    const delivery = await s.publish();
    expect(s.queue.jobs.has(jobIdOf(delivery))).toBe(true);
    s.queue.loseEverything();

    await expect(s.replica().execute()).resolves.toBe(0);
    s.nextRound(grace + 1000);
    await expect(s.replica().execute()).resolves.toBe(1);
    expect(s.queue.jobs.get(jobIdOf(delivery))).toEqual({
      deliveryId: delivery.id,
      subscriptionId: delivery.subscriptionId,
      generation: 0,
    });
  });

  it('leaves alone deliveries whose job is still queued, and settled ones', async () => {
    const s = await setup();
    const queued = await s.publish();
    const done = await s.publish();
    const dead = await s.publish();
    await s.attempt.execute({ deliveryId: done.id, generation: 0, retry: 0, maxRetries: 3 });
    s.transport.answer({ status: 410 });
    await s.attempt.execute({ deliveryId: dead.id, generation: 0, retry: 0, maxRetries: 3 });
    expect([s.deliveries.rows.get(done.id)!.status, s.deliveries.rows.get(dead.id)!.status]).toEqual([
      'succeeded',
      'dead',
    ]);
    s.queue.jobs.delete(jobIdOf(done));
    s.queue.jobs.delete(jobIdOf(dead));
    const addsBefore = s.queue.adds;

    s.nextRound(grace + 1000);
    await expect(s.replica().execute()).resolves.toBe(0);
    expect(s.queue.adds).toBe(addsBefore);
    expect(s.queue.jobs.has(jobIdOf(queued))).toBe(true);
  });

  it('takes a failed delivery when its next attempt is past due, carrying on the retry schedule where it was', async () => {
    const s = await setup();
    const delivery = await s.publish();
    s.transport.answer({ status: 500 });
    await s.attempt.execute({ deliveryId: delivery.id, generation: 0, retry: 0, maxRetries: 3 });
    await s.attempt.execute({ deliveryId: delivery.id, generation: 0, retry: 1, maxRetries: 3 });
    const row = s.deliveries.rows.get(delivery.id)!;
    expect(row).toMatchObject({ status: 'failed', attemptCount: 2 });
    s.queue.loseEverything();

    // Due at next_attempt_at (300 s ± jitter after the second attempt): not before that plus the grace period.
    s.clock.advance(row.nextAttemptAt!.getTime() - s.clock.now().getTime() + grace - 5000);
    await expect(s.replica().execute()).resolves.toBe(0);
    s.nextRound(interval);
    await expect(s.replica().execute()).resolves.toBe(1);
    expect(s.queue.jobs.get(jobIdOf(delivery))).toMatchObject({ deliveryId: delivery.id, retriesMade: 2 });
  });

  it('lets one replica sweep per round, and finds every stranded delivery however many there are', async () => {
    const s = await setup();
    const deliveries = [];
    for (let i = 0; i < 1203; i++) deliveries.push(await s.publish());
    s.queue.loseEverything();
    s.nextRound(grace + 1000);

    const [a, b] = await Promise.all([s.replica().execute(), s.replica().execute()]);
    expect([a, b].sort((x, y) => x - y)).toEqual([0, 1203]);
    expect(deliveries.every((d) => s.queue.jobs.has(jobIdOf(d)))).toBe(true);
    await expect(s.replica().execute()).resolves.toBe(0);
  });
});
