import { Events, WebhookPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { adminOwner, userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { ApplyOwnerChangeUseCase } from './apply-owner-change.use-case';

const about = (type: string, userId: string): Pick<WebhookPayload, 'type' | 'subject'> => ({
  type,
  subject: { type: 'user', id: userId },
});

function setup() {
  const f = webhookFixture();
  return { ...f, apply: new ApplyOwnerChangeUseCase(f.subscriptions, f.authority) };
}

describe('ApplyOwnerChangeUseCase', () => {
  it('pauses every scope-all subscription of an admin demoted or disabled, leaving own-scope ones alone', async () => {
    for (const type of [Events.userRolesChanged.type, Events.userDisabled.type]) {
      const { subscribe, subscriptions, authority, apply } = setup();
      const admin = adminOwner();
      const all = await subscribe(admin, ['*'], 'all');
      const own = await subscribe(admin, ['*'], 'own');
      authority.standings.set(admin.userId, 'own');

      await apply.execute(about(type, admin.userId));
      expect(await subscriptions.findById(all.id)).toMatchObject({
        isActive: false,
        disabledReason: 'owner_unauthorized',
        scope: 'all',
      });
      expect(await subscriptions.findById(own.id)).toMatchObject({ isActive: true, disabledReason: null });
      expect(authority.forgotten).toEqual([admin.userId]);
    }
  });

  it("removes a deleted user's subscriptions, whatever the cache still says", async () => {
    const { subscribe, subscriptions, apply } = setup();
    const admin = adminOwner();
    const other = userOwner();
    await subscribe(admin, ['*'], 'all');
    await subscribe(admin, ['user.*'], 'own');
    const kept = await subscribe(other);

    await apply.execute(about(Events.userDeleted.type, admin.userId));
    expect([...subscriptions.rows.keys()]).toEqual([kept.id]);
  });

  it('trusts the current standing, not the event: a late demotion event leaves a re-promoted admin alone', async () => {
    const { subscribe, subscriptions, authority, apply } = setup();
    const admin = adminOwner();
    const all = await subscribe(admin, ['*'], 'all');
    authority.standings.set(admin.userId, 'all');
    await apply.execute(about(Events.userRolesChanged.type, admin.userId));
    expect(await subscriptions.findById(all.id)).toMatchObject({ isActive: true });

    authority.standings.set(admin.userId, 'gone');
    await apply.execute(about(Events.userDisabled.type, admin.userId));
    expect(subscriptions.rows.size).toBe(0);
  });

  it('ignores every other event', async () => {
    const { subscribe, subscriptions, authority, apply } = setup();
    const admin = adminOwner();
    await subscribe(admin, ['*'], 'all');
    authority.standings.set(admin.userId, 'own');
    await apply.execute(about(Events.userUpdated.type, admin.userId));
    await apply.execute({ type: Events.userDeleted.type, subject: { type: 'api_key', id: randomUUID() } });
    expect([...subscriptions.rows.values()].every((s) => s.isActive)).toBe(true);
    expect(authority.lookups).toBe(0);
  });
});
