import { DomainEvent, matchesEventType, WebhookScope } from '@portcullis/contracts';

/** The filter rule lives in the contract, where subscriptions' filters are validated. */
export { matchesEventType };

type EventParties = Pick<DomainEvent, 'subject' | 'actor'>;

/** The users an event is about or was caused by: whose `own` subscriptions may see it. */
export function usersConcerned(event: EventParties): string[] {
  const users = new Set<string>();
  if (event.subject?.type === 'user') users.add(event.subject.id);
  if (event.actor?.type === 'user') users.add(event.actor.id);
  return [...users];
}

/** `all` (admins) sees every event; `own` only those whose subject or actor is the owner. */
export function isVisibleTo(subscription: { scope: WebhookScope; ownerUserId: string }, event: EventParties): boolean {
  return subscription.scope === 'all' || usersConcerned(event).includes(subscription.ownerUserId);
}

export interface Subscriber {
  isActive: boolean;
  scope: WebhookScope;
  ownerUserId: string;
  events: readonly string[];
}

/** Whether a subscription gets a delivery for this event. */
export function wantsEvent(subscription: Subscriber, event: EventParties & { type: string }): boolean {
  return subscription.isActive && matchesEventType(subscription.events, event.type) && isVisibleTo(subscription, event);
}
