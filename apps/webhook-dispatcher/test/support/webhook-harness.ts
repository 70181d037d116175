import { domainEvent } from '@portcullis/common';
import { DomainEvent, EventDefinition, Events, WebhookOwner } from '@portcullis/contracts';
import { AppHarness } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { UserDirectoryStub } from './user-directory-stub';

export const newUser = (): WebhookOwner => ({ userId: randomUUID(), isAdmin: false });
export const newAdmin = (): WebhookOwner => ({ userId: randomUUID(), isAdmin: true });

/**
 * The webhook dispatcher as a real process on its own database (so other suites' dispatchers and
 * subscriptions cannot see its events), through libs/testing's AppHarness. A stub user app answers
 * the dispatcher's questions about subscription owners (`users`).
 */
export class WebhookHarness extends AppHarness {
  readonly users: UserDirectoryStub;

  constructor(scope: string, extraEnv: Record<string, string> = {}) {
    super({ scope, appEnv: { LOG_LEVEL: 'warn', ...extraEnv } });
    this.users = new UserDirectoryStub(this.env.REDIS_URL, this.env.REDIS_PREFIX);
  }

  async start(): Promise<void> {
    await this.users.start();
    await super.start(['webhook-dispatcher']);
  }

  async stop(): Promise<void> {
    await super.stop();
    await this.users.stop();
  }

  publish<T>(definition: EventDefinition<DomainEvent<T>>, event: DomainEvent<T>): Promise<string> {
    return this.bus.publish(definition, event);
  }

  /** A user.updated event about `userId` (its subject), as the user app would publish it. */
  async userUpdated(userId: string, actorId = userId): Promise<DomainEvent> {
    const event = domainEvent(Events.userUpdated, {
      subject: { type: 'user', id: userId },
      actor: { type: 'user', id: actorId },
      data: { fields: ['displayName'] },
    });
    await this.publish(Events.userUpdated, event);
    return event;
  }

  async deliveryRows(
    subscriptionId: string,
  ): Promise<Array<{ id: string; event_id: string; event_type: string; status: string; attempt_count: number }>> {
    const { rows } = await this.pg.query(
      'SELECT * FROM webhooks.deliveries WHERE subscription_id = $1 ORDER BY created_at',
      [subscriptionId],
    );
    return rows;
  }

  /** True once the dispatcher has fanned out every event published here (see BusTestClient.groupSettled). */
  eventsSettled(): Promise<boolean> {
    return this.bus.groupSettled('webhook-dispatcher');
  }
}
