import { AdminUpdateUserRequest, UserDto, UserPatterns } from '@portcullis/contracts';
import { AppHarness } from '@portcullis/testing';
import { randomBytes } from 'crypto';

export const PASSWORD = 'violet anchor meadow tram';
export const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';

/** Resolves with the error a call failed with (or an Error saying it did not fail). */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

/**
 * The user and token apps on a database of their own (so "exactly one super_admin" sees no other
 * suite's bootstrap admin), through libs/testing's AppHarness, with this suite's small helpers.
 */
export class AdminHarness extends AppHarness {
  readonly run: string;
  readonly adminEmail: string;

  /** `scope` names this file's own database: test files run in parallel, so each needs its own. */
  constructor(scope = 'useradmin') {
    const run = randomBytes(4).toString('hex');
    const adminEmail = `root-${run}@example.com`;
    super({ scope, appEnv: { BCRYPT_COST: '4', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD } });
    this.run = run;
    this.adminEmail = adminEmail;
  }

  email(tag: string): string {
    return `${tag}-${this.run}@example.com`;
  }

  create(tag: string, displayName?: string): Promise<UserDto> {
    return this.call(UserPatterns.create, { email: this.email(tag), password: PASSWORD, displayName });
  }

  /** adminUpdate as `actor`, sending the roles the actor's token would claim. */
  update(actor: UserDto, id: string, change: Partial<AdminUpdateUserRequest>): Promise<UserDto> {
    return this.call(UserPatterns.adminUpdate, { actor: { userId: actor.id, roles: actor.roles }, id, ...change });
  }

  remove(actor: UserDto, id: string): Promise<void> {
    return this.call(UserPatterns.adminDelete, { actor: { userId: actor.id, roles: actor.roles }, id });
  }

  async superAdminEmails(): Promise<string[]> {
    const { rows } = await this.pg.query(
      "SELECT u.email FROM users.users u JOIN users.user_roles r ON r.user_id = u.id WHERE r.role = 'super_admin'",
    );
    return rows.map((r: { email: string }) => r.email);
  }

  /** Waits for a domain event of `type` about `userId` to land on the events stream. */
  eventFor(type: string, userId: string): Promise<Record<string, any>> {
    return this.bus.waitForEvent(type, (event) => event.subject?.id === userId);
  }
}
