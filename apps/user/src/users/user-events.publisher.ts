import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { DomainEvent, EventDefinition, Events, RequestMeta, USER_CHANGED_TOPIC, UserChanged } from '@portcullis/contracts';
import { UserRecord } from './user.repository';

/** Who did something to whom, for the admin events (the actor is never the subject's own claim). */
export interface AdminAction {
  userId: string;
  actorId: string;
  meta?: RequestMeta;
}

/**
 * Announces user changes after they are committed. Event data is chosen field by field, never the
 * whole record, so a hash cannot slip into an event, a webhook or the audit log.
 */
@Injectable()
export class UserEventPublisher {
  private readonly logger = new Logger(UserEventPublisher.name);

  constructor(private readonly bus: BusClient) {}

  registered(user: UserRecord, meta?: RequestMeta): Promise<void> {
    return this.publish(
      Events.userRegistered,
      domainEvent(Events.userRegistered, {
        subject: { type: 'user', id: user.id },
        actor: { type: 'user', id: user.id },
        data: { email: user.email, displayName: user.displayName },
        meta,
      }),
    );
  }

  async updated(user: UserRecord, fields: string[], meta?: RequestMeta): Promise<void> {
    await this.invalidateViews(user.id);
    return this.publish(
      Events.userUpdated,
      domainEvent(Events.userUpdated, {
        subject: { type: 'user', id: user.id },
        actor: { type: 'user', id: user.id },
        data: { fields },
        meta,
      }),
    );
  }

  rolesChanged(action: AdminAction, from: string[], to: string[]): Promise<void> {
    return this.publishAdmin(Events.userRolesChanged, action, { from, to });
  }

  disabled(action: AdminAction, sessionsRevoked: number): Promise<void> {
    return this.publishAdmin(Events.userDisabled, action, { sessionsRevoked });
  }

  enabled(action: AdminAction): Promise<void> {
    return this.publishAdmin(Events.userEnabled, action, {});
  }

  deleted(action: AdminAction): Promise<void> {
    return this.publishAdmin(Events.userDeleted, action, {});
  }

  /**
   * Gateways cache each user's view; this tells every replica to drop this user's at once. Never
   * fails: a lost notice only lets a cached view live out its (short) TTL.
   */
  async invalidateViews(userId: string): Promise<void> {
    const message: UserChanged = { userId };
    await this.bus
      .broadcast(USER_CHANGED_TOPIC, message)
      .catch((err: Error) => this.logger.error(`Could not broadcast user-changed for ${userId}: ${err.message}`));
  }

  private publishAdmin<T>(definition: EventDefinition<DomainEvent<T>>, action: AdminAction, data: T): Promise<void> {
    return this.publish(
      definition,
      domainEvent(definition, {
        subject: { type: 'user', id: action.userId },
        actor: { type: 'user', id: action.actorId },
        data,
        meta: action.meta,
      }),
    );
  }

  /**
   * The change is already committed, so failing the request now would only make the caller retry
   * something that succeeded. The lost event is logged with its id; an outbox would close the gap.
   */
  private async publish<T>(definition: EventDefinition<DomainEvent<T>>, event: DomainEvent<T>): Promise<void> {
    try {
      await this.bus.publish(definition, event);
    } catch (err) {
      this.logger.error(`Could not publish ${event.type} ${event.id} for user ${event.subject.id}: ${(err as Error).message}`);
    }
  }
}
