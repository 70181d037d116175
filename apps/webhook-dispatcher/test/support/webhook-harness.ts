import { BusClient, RedisStreamsClient, RemoteError, streamKeys } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { DomainEvent, EventDefinition, Events, RpcDefinition, WebhookOwner } from '@portcullis/contracts';
import { OwnDatabase, Platform, testEnv, TestEnv } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { UserDirectoryStub } from './user-directory-stub';

export const newUser = (): WebhookOwner => ({ userId: randomUUID(), isAdmin: false });
export const newAdmin = (): WebhookOwner => ({ userId: randomUUID(), isAdmin: true });

/**
 * The webhook dispatcher as a real process on its own database (so other suites' dispatchers and
 * subscriptions cannot see its events), with a bus client to call it and publish events, and
 * direct PostgreSQL access to check what it stored. A stub user app answers the dispatcher's
 * questions about subscription owners (`users`).
 */
export class WebhookHarness {
  readonly env: TestEnv;
  readonly platform: Platform;
  readonly pg: Pool;
  readonly redis: Redis;
  readonly users: UserDirectoryStub;
  private readonly database: OwnDatabase;
  private proxy?: RedisStreamsClient;
  private bus?: BusClient;
  /** Stream id of the latest event this harness published. */
  private lastPublished = '0-0';

  constructor(scope: string, extraEnv: Record<string, string> = {}) {
    const shared = testEnv(scope);
    this.database = new OwnDatabase(shared.DATABASE_URL, scope.replace(/-/g, '_'));
    this.env = { ...shared, DATABASE_URL: this.database.url };
    this.platform = new Platform(this.env, { LOG_LEVEL: 'warn', ...extraEnv });
    this.pg = new Pool({ connectionString: this.env.DATABASE_URL, max: 2 });
    this.redis = new Redis(this.env.REDIS_URL, { lazyConnect: true });
    this.users = new UserDirectoryStub(this.env.REDIS_URL, this.env.REDIS_PREFIX);
  }

  async start(): Promise<void> {
    await this.database.create();
    await this.users.start();
    await this.platform.start(['webhook-dispatcher']);
    this.proxy = new RedisStreamsClient({ redisUrl: this.env.REDIS_URL, prefix: this.env.REDIS_PREFIX, timeoutMs: 15_000 });
    await this.proxy.connect();
    this.bus = new BusClient(this.proxy);
    await this.redis.connect();
  }

  async stop(): Promise<void> {
    await this.proxy?.close();
    await this.platform.stop();
    await this.users.stop();
    this.redis.disconnect();
    await this.pg.end();
    await this.database.drop();
  }

  call<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<R> {
    return this.bus!.call(definition, payload);
  }

  /** The error a call fails with; fails the test if the call succeeds. */
  async failure<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<RemoteError> {
    const outcome = await this.call(definition, payload).then((reply) => ({ reply }), (error: RemoteError) => ({ error }));
    if ('reply' in outcome) throw new Error(`${definition.pattern} succeeded, expected a failure: ${JSON.stringify(outcome.reply)}`);
    return outcome.error;
  }

  async publish<T>(definition: EventDefinition<DomainEvent<T>>, event: DomainEvent<T>): Promise<string> {
    this.lastPublished = await this.bus!.publish(definition, event);
    return this.lastPublished;
  }

  /** A user.updated event about `userId` (its subject), as the user app would publish it. */
  async userUpdated(userId: string, actorId = userId): Promise<DomainEvent> {
    const event = domainEvent(Events.userUpdated, { subject: { type: 'user', id: userId }, actor: { type: 'user', id: actorId }, data: { fields: ['displayName'] } });
    await this.publish(Events.userUpdated, event);
    return event;
  }

  async deliveryRows(subscriptionId: string): Promise<Array<{ id: string; event_id: string; event_type: string; status: string; attempt_count: number }>> {
    const { rows } = await this.pg.query('SELECT * FROM webhooks.deliveries WHERE subscription_id = $1 ORDER BY created_at', [subscriptionId]);
    return rows;
  }

  /** Domain events of `type` on this run's durable events stream, decoded. */
  async busEvents(type: string): Promise<DomainEvent[]> {
    const entries = await this.redis.xrange(streamKeys.events(this.env.REDIS_PREFIX), '-', '+');
    return entries
      .map(([, fields]) => Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : []))))
      .filter((f) => f.p === type)
      .map((f) => JSON.parse(f.d) as DomainEvent);
  }

  /**
   * True once the dispatcher's consumer group has read every event up to `streamId` (by default the
   * last one published here) and acked them
   * all: from then on the fan-out of those events is complete, so their deliveries are all stored.
   */
  async eventsSettled(streamId = this.lastPublished): Promise<boolean> {
    const groups = (await this.redis.xinfo('GROUPS', streamKeys.events(this.env.REDIS_PREFIX))) as unknown[][];
    const group = groups.map((g) => Object.fromEntries(g.flatMap((v, i) => (i % 2 === 0 ? [[String(v), g[i + 1]]] : [])))).find((g) => g.name === 'webhook-dispatcher');
    return !!group && compareStreamIds(String(group['last-delivered-id']), streamId) >= 0 && Number(group.pending) === 0;
  }
}

function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
