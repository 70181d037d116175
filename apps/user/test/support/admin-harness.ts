import { BusClient, RedisStreamsClient, streamKeys } from '@portcullis/bus';
import { AdminUpdateUserRequest, UserDto, UserPatterns } from '@portcullis/contracts';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { randomBytes } from 'crypto';
import { Pool } from 'pg';

export const PASSWORD = 'violet anchor meadow tram';
export const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';

/** Resolves with the error a call failed with (or an Error saying it did not fail). */
export const failure = (promise: Promise<unknown>) => promise.then(() => new Error('expected a failure'), (err: unknown) => err);

/**
 * The user and token apps on a database of their own (so "exactly one super_admin" sees no other
 * suite's bootstrap admin), a bus client, a pool for looking at the tables, and small helpers.
 */
export class AdminHarness {
  readonly env = testEnv('user-admin');
  readonly database: OwnDatabase;
  readonly run = randomBytes(4).toString('hex');
  readonly adminEmail = this.email('root');
  readonly platform: Platform;
  proxy: RedisStreamsClient;
  bus: BusClient;
  pool: Pool;

  /** `database` names this file's own database: test files run in parallel, so each needs its own. */
  constructor(database = 'useradmin') {
    this.database = new OwnDatabase(this.env.DATABASE_URL, database);
    this.platform = new Platform({ ...this.env, DATABASE_URL: this.database.url }, { BCRYPT_COST: '4', ADMIN_EMAIL: this.adminEmail, ADMIN_PASSWORD });
  }

  email(tag: string): string {
    return `${tag}-${this.run}@example.com`;
  }

  async start(apps: string[]): Promise<void> {
    await this.database.create();
    await this.platform.start(apps);
    this.proxy = new RedisStreamsClient({ redisUrl: this.env.REDIS_URL, prefix: this.env.REDIS_PREFIX, timeoutMs: 15_000 });
    await this.proxy.connect();
    this.bus = new BusClient(this.proxy);
    this.pool = new Pool({ connectionString: this.database.url, max: 2 });
  }

  async stop(): Promise<void> {
    await this.proxy?.close();
    await this.pool?.end();
    await this.platform.stop();
    await this.database.drop();
  }

  create(tag: string, displayName?: string): Promise<UserDto> {
    return this.bus.call(UserPatterns.create, { email: this.email(tag), password: PASSWORD, displayName });
  }

  /** adminUpdate as `actor`, sending the roles the actor's token would claim. */
  update(actor: UserDto, id: string, change: Partial<AdminUpdateUserRequest>): Promise<UserDto> {
    return this.bus.call(UserPatterns.adminUpdate, { actor: { userId: actor.id, roles: actor.roles }, id, ...change });
  }

  remove(actor: UserDto, id: string): Promise<void> {
    return this.bus.call(UserPatterns.adminDelete, { actor: { userId: actor.id, roles: actor.roles }, id });
  }

  async superAdminEmails(): Promise<string[]> {
    const { rows } = await this.pool.query("SELECT u.email FROM users.users u JOIN users.user_roles r ON r.user_id = u.id WHERE r.role = 'super_admin'");
    return rows.map((r: { email: string }) => r.email);
  }

  /** Waits for a domain event of `type` about `userId` to land on the events stream. */
  eventFor(type: string, userId: string): Promise<Record<string, any>> {
    return waitFor(
      async () => {
        const entries = await this.proxy.redis!.xrange(streamKeys.events(this.env.REDIS_PREFIX), '-', '+');
        return entries
          .filter(([, fields]) => fields[fields.indexOf('p') + 1] === type)
          .map(([, fields]) => JSON.parse(fields[fields.indexOf('d') + 1]))
          .find((event) => event.subject.id === userId);
      },
      { what: `${type} for ${userId}` },
    );
  }
}
