import { domainEvent } from '@portcullis/common';
import { DomainEvent, EventDefinition, Events } from '@portcullis/contracts';
import { UserRecord } from './user.repository';

/** Who did something to whom, for the admin events (the actor is never the subject's own claim). */
export interface AdminAction {
  userId: string;
  actorId: string;
}

/**
 * The user app's domain events, built here and written by the use cases into the outbox inside the
 * transaction that makes the change (UserTransaction.announce). Event data is chosen field by
 * field, never the whole record, so a hash cannot slip into an event, a webhook or the audit log.
 * Where the request came from (`meta`) is not passed in: domainEvent takes it from the context.
 */
export const UserEvents = {
  registered(user: UserRecord): DomainEvent {
    const self = { type: 'user' as const, id: user.id };
    return domainEvent(Events.userRegistered, {
      subject: self,
      actor: self,
      data: { email: user.email, displayName: user.displayName },
    });
  },

  updated(user: UserRecord, fields: string[]): DomainEvent {
    const self = { type: 'user' as const, id: user.id };
    return domainEvent(Events.userUpdated, { subject: self, actor: self, data: { fields } });
  },

  passwordChanged(userId: string, sessionsRevoked: number): DomainEvent {
    const self = { type: 'user' as const, id: userId };
    return domainEvent(Events.passwordChanged, { subject: self, actor: self, data: { sessionsRevoked } });
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
  });
}
