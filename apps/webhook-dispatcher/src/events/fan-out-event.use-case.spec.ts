import { DomainEvent, WebhookPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { adminOwner, userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { jobIdOf } from '../deliveries/delivery-queue';

function event(type: string, userId: string, extra: Partial<DomainEvent> = {}): WebhookPayload {
  return {
    id: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    subject: { type: 'user', id: userId },
    data: { fields: ['displayName'] },
    ...extra,
  };
}

describe('FanOutEventUseCase', () => {
  it('makes one delivery per interested subscription and queues each under its delivery id', async () => {
    const { subscribe, fanOut, deliveries, queue } = webhookFixture();
    const alice = userOwner();
    const a1 = await subscribe(alice, ['user.*']);
    const a2 = await subscribe(alice, ['user.updated']);
    await subscribe(alice, ['auth.*']);
    const e = event('user.updated', alice.userId);

    expect(await fanOut.execute(e)).toBe(2);
    const made = [...deliveries.rows.values()];
    expect(made.map((d) => d.subscriptionId).sort()).toEqual([a1.id, a2.id].sort());
    expect(made.every((d) => d.eventId === e.id && d.status === 'pending' && d.payload === e)).toBe(true);
    expect([...queue.jobs.keys()].sort()).toEqual(made.map((d) => d.id).sort());
  });

  it('never makes a second delivery or job when the same event arrives again', async () => {
    const { subscribe, fanOut, deliveries, queue } = webhookFixture();
    const alice = userOwner();
    await subscribe(alice);
    const e = event('user.updated', alice.userId);
    await fanOut.execute(e);
    await fanOut.execute({ ...e });
    await fanOut.execute({ ...e });
    expect(deliveries.rows.size).toBe(1);
    expect(queue.jobs.size).toBe(1);
  });

  it('queues again, under the same job id, a delivery stored before a crash stopped it being queued', async () => {
    const { subscribe, fanOut, deliveries, queue } = webhookFixture();
    const alice = userOwner();
    const sub = await subscribe(alice);
    const e = event('user.updated', alice.userId);
    const [stored] = await deliveries.createForEvents([{ payload: e, subscriptionIds: [sub.id] }]);
    await fanOut.execute(e);
    expect([...queue.jobs.keys()]).toEqual([jobIdOf(stored)]);
  });

  it("gives a scope-all subscription nothing of other users' once its owner no longer holds webhooks:scope-all, asking once per batch", async () => {
    const { subscribe, fanOut, deliveries, authority } = webhookFixture();
    const admin = adminOwner();
    const alice = userOwner();
    const all = await subscribe(admin, ['*'], 'all');
    authority.standings.set(admin.userId, 'own');
    authority.lookups = 0;

    expect(
      await fanOut.executeBatch([
        event('user.registered', alice.userId),
        event('user.updated', alice.userId),
        event('auth.logout', alice.userId),
      ]),
    ).toEqual([0, 0, 0]);
    expect([...deliveries.rows.values()].filter((d) => d.subscriptionId === all.id)).toEqual([]);
    expect(authority.lookups).toBe(1);

    authority.standings.set(admin.userId, 'gone');
    expect(await fanOut.execute(event('user.registered', admin.userId))).toBe(0);
    authority.standings.set(admin.userId, 'all');
    expect(await fanOut.execute(event('user.registered', alice.userId))).toBe(1);
  });

  it("keeps users' events apart, while an admin's scope-all subscription gets everyone's", async () => {
    const { subscribe, fanOut, deliveries } = webhookFixture();
    const alice = userOwner();
    const bob = userOwner();
    const admin = adminOwner();
    const bobs = await subscribe(bob);
    const all = await subscribe(admin, ['*'], 'all');
    const ownAdmin = await subscribe(admin, ['*'], 'own');

    await fanOut.execute(event('user.updated', alice.userId));
    await fanOut.execute(event('auth.logout', bob.userId));
    const bySubscription = (id: string) =>
      [...deliveries.rows.values()].filter((d) => d.subscriptionId === id).map((d) => d.eventType);
    expect(bySubscription(bobs.id)).toEqual(['auth.logout']);
    expect(bySubscription(all.id)).toEqual(['user.updated', 'auth.logout']);
    expect(bySubscription(ownAdmin.id)).toEqual([]);
  });

  it('lets a user see events they caused about someone else, via the actor', async () => {
    const { subscribe, fanOut, deliveries } = webhookFixture();
    const alice = userOwner();
    await subscribe(alice);
    await fanOut.execute(event('user.roles.changed', randomUUID(), { actor: { type: 'user', id: alice.userId } }));
    expect(deliveries.rows.size).toBe(1);
  });

  it('skips disabled subscriptions and never fans out test events', async () => {
    const { subscribe, fanOut, deliveries, subscriptions } = webhookFixture();
    const alice = userOwner();
    const admin = adminOwner();
    const sub = await subscribe(alice);
    await subscribe(admin, ['*'], 'all');
    await subscriptions.disable(sub.id, 'gone');
    await fanOut.execute(event('webhook.test', alice.userId));
    expect(deliveries.rows.size).toBe(0);
    await fanOut.execute(event('user.updated', alice.userId));
    expect([...deliveries.rows.values()].map((d) => d.subscriptionId)).not.toContain(sub.id);
  });

  it('fans out a batch in one go, answering per event, with a repeat and a test event among them', async () => {
    const { subscribe, fanOut, deliveries, queue } = webhookFixture();
    const alice = userOwner();
    const bob = userOwner();
    await subscribe(alice);
    await subscribe(bob);
    const a = event('user.updated', alice.userId);
    const b = event('user.updated', bob.userId);
    const nobody = event('user.updated', randomUUID());
    expect(await fanOut.executeBatch([a, b, { ...a }, nobody, event('webhook.test', alice.userId)])).toEqual([
      1, 1, 1, 0, 0,
    ]);
    expect(deliveries.rows.size).toBe(2);
    expect(queue.jobs.size).toBe(2);
  });
});
