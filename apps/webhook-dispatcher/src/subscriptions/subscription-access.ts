import { WebhookOwner } from '@portcullis/contracts';
import { SubscriptionRecord, SubscriptionRepository } from './subscription.repository';
import { scopeForbidden, webhookNotFound } from './webhook-errors';

/**
 * Loads a subscription the caller may see: their own, or any for an admin. Someone else's answers
 * exactly like a missing one (WEBHOOK_NOT_FOUND), so ids cannot be probed.
 */
export async function requireOwned(
  subscriptions: SubscriptionRepository,
  owner: WebhookOwner,
  id: string,
): Promise<SubscriptionRecord> {
  const found = await subscriptions.findById(id);
  if (!found || (!owner.isAdmin && found.ownerUserId !== owner.userId)) throw webhookNotFound();
  return found;
}

/**
 * Loads a subscription the caller may act on or read deliveries of. A scope-all subscription has
 * received everyone's events, so its deliveries, replays, tests and settings stay with callers
 * who hold webhooks:scope-all now: an owner demoted since may still see it and delete it, nothing
 * more (WEBHOOK_SCOPE_FORBIDDEN), or narrowing it to `own` would reopen what it received before.
 */
export async function requireManageable(
  subscriptions: SubscriptionRepository,
  owner: WebhookOwner,
  id: string,
): Promise<SubscriptionRecord> {
  const found = await requireOwned(subscriptions, owner, id);
  if (found.scope === 'all' && !owner.isAdmin) throw scopeForbidden();
  return found;
}
