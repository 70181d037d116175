import { WebhookOwner } from '@portcullis/contracts';
import { isUuid } from '../common/uuid';
import { SubscriptionRecord, SubscriptionRepository } from './subscription.repository';
import { webhookInvalid, webhookNotFound } from './webhook-errors';

/** The gateway always names the caller; a request without one is a bug upstream, refused plainly. */
export function requireOwner(owner: WebhookOwner | undefined): WebhookOwner {
  if (!owner || !isUuid(owner.userId) || typeof owner.isAdmin !== 'boolean') {
    throw webhookInvalid([{ field: 'owner', messages: ['owner must be {userId: uuid, isAdmin: boolean}'] }]);
  }
  return owner;
}

/**
 * Loads a subscription the caller may see: their own, or any for an admin. Someone else's answers
 * exactly like a missing one (WEBHOOK_NOT_FOUND), so ids cannot be probed.
 */
export async function requireOwned(subscriptions: SubscriptionRepository, owner: WebhookOwner | undefined, id: unknown): Promise<SubscriptionRecord> {
  const caller = requireOwner(owner);
  const found = typeof id === 'string' ? await subscriptions.findById(id) : null;
  if (!found || (!caller.isAdmin && found.ownerUserId !== caller.userId)) throw webhookNotFound();
  return found;
}
