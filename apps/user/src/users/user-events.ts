import { domainEvent } from '@portcullis/common';
import { DomainEvent, EventDefinition, Events, RequestMeta } from '@portcullis/contracts';
import { UserRecord } from './user.repository';

/** Who did something to whom, for the admin events (the actor is never the subject's own claim). */
export interface AdminAction {
  userId: string;
  actorId: string;
  meta?: RequestMeta;
}

/**
 * The user app's domain events, built here and written by the use cases into the outbox inside the
 * transaction that makes the change (UserTransaction.announce). Event data is chosen field by
 * field, never the whole record, so a hash cannot slip into an event, a webhook or the audit log.
 */
export const UserEvents = {
  registered(user: UserRecord, meta?: RequestMeta): DomainEvent {
    const self = { type: 'user' as const, id: user.id };
    return domainEvent(Events.userRegistered, {
      subject: self,
      actor: self,
      data: { email: user.email, displayName: user.displayName },
      meta,
    });
  },

  updated(user: UserRecord, fields: string[], meta?: RequestMeta): DomainEvent {
    const self = { type: 'user' as const, id: user.id };
    return domainEvent(Events.userUpdated, { subject: self, actor: self, data: { fields }, meta });
  },

  passwordChanged(userId: string, sessionsRevoked: number, meta?: RequestMeta): DomainEvent {
    const self = { type: 'user' as const, id: userId };
    return domainEvent(Events.passwordChanged, { subject: self, actor: self, data: { sessionsRevoked }, meta });
  },

  rolesChanged(action: AdminAction, from: string[], to: string[]): DomainEvent {
    return adminEvent(Events.userRolesChanged, action, { from, to });
  },

  disabled(action: AdminAction, sessionsRevoked: number): DomainEvent {
    return adminEvent(Events.userDisabled, action, { sessionsRevoked });
  },

  enabled(action: AdminAction): DomainEvent {
    return adminEvent(Events.userEnabled, action, {});
  },

  deleted(action: AdminAction): DomainEvent {
    return adminEvent(Events.userDeleted, action, {});
  },
};

function adminEvent<T extends Record<string, unknown>>(
  definition: EventDefinition<DomainEvent<T>>,
  action: AdminAction,
  data: T,
): DomainEvent {
  return domainEvent(definition, {
    subject: { type: 'user', id: action.userId },
    actor: { type: 'user', id: action.actorId },
    data,
    meta: action.meta,
  });
}
