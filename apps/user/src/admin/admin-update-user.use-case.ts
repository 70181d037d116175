import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { AdminUpdateUserRequest, ErrorCode, UserDto } from '@portcullis/contracts';
import { RoleCatalogStore } from '../roles/role-catalog.store';
import { userNotFound } from '../users/find-user.use-case';
import { toUserDto } from '../users/user-dto';
import { AdminAction, UserEvents } from '../users/user-events';
import { UserViews } from '../users/user-views';
import { AdminChanges, UserRecord, UserRepository, UserTransaction } from '../users/user.repository';
import { RoleCatalog } from '../roles/role-catalog';
import { RankPolicy } from './rank-policy';
import { SessionRevoker } from './session-revoker';

/**
 * `PATCH /admin/users/:id`: roles (replacing the set) and the active flag, under the rank rules of
 * RankPolicy. Actor and target are row-locked in one transaction, so two administrators acting on
 * each other at once are serialised and the second is judged by what the first left behind.
 */
@Injectable()
export class AdminUpdateUserUseCase {
  private readonly logger = new Logger(AdminUpdateUserUseCase.name);

  constructor(
    private readonly users: UserRepository,
    private readonly catalogs: RoleCatalogStore,
    private readonly sessions: SessionRevoker,
    private readonly views: UserViews,
  ) {}

  async execute(request: AdminUpdateUserRequest): Promise<UserDto> {
    const catalog = await this.catalogs.get();
    const input = toAdminUpdate(request, catalog);
    const policy = new RankPolicy(catalog);
    const { after, changes } = await this.users.transaction(async (tx) => {
      const locked = await tx.lockUsers([input.actorId, input.id]);
      const actor = policy.requireActor(locked.get(input.actorId), 'users:write');
      const target = locked.get(input.id);
      if (!target) throw userNotFound();
      policy.assertMayUpdate(actor, target, input.changes);
      const effective = onlyDifferences(target, input.changes);
      const updated = Object.keys(effective).length ? await tx.applyAdminChanges(target.id, effective) : target;
      await this.announce(tx, input, target, updated, effective);
      return { after: updated, changes: effective };
    });
    if (Object.keys(changes).length) await this.views.invalidate(after.id);
    if (input.changes.isActive === false) await this.revokeAfterCommit(after.id);
    return toUserDto(after);
  }

  /**
   * Inside the transaction, so each event commits with the change it reports or not at all.
   * Disabling revokes the sessions here too, like a delete: if the token app cannot be reached the
   * disable rolls back and can simply be retried, and the count goes into the event.
   */
  private async announce(
    tx: UserTransaction,
    input: AdminUpdateInput,
    before: UserRecord,
    after: UserRecord,
    changes: AdminChanges,
  ): Promise<void> {
    const action: AdminAction = { userId: after.id, actorId: input.actorId };
    if (changes.roles) await tx.announce(UserEvents.rolesChanged(action, before.roles, after.roles));
    if (changes.isActive === true) await tx.announce(UserEvents.enabled(action));
    if (changes.isActive === false) {
      const revoked = await this.sessions.revokeAll(after.id, 'user_disabled');
      await tx.announce(UserEvents.disabled(action, revoked));
    }
  }

  /**
   * Once more after the commit: a login that read the user as still active just before it could
   * have opened a session after the revocation above; from the commit on, login refuses the user.
   * Every request to disable revokes, even for a user already disabled, so re-sending it is how a
   * failed revocation is retried.
   */
  private async revokeAfterCommit(userId: string): Promise<void> {
    try {
      await this.sessions.revokeAll(userId, 'user_disabled');
    } catch (err) {
      this.logger.error(`Disabled user ${userId} but could not revoke their sessions: ${(err as Error).message}`);
      throw new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The user is disabled, but their sessions could not be revoked yet; send the request again',
      );
    }
  }
}

interface AdminUpdateInput {
  actorId: string;
  id: string;
  changes: AdminChanges;
}

/** The contract has checked the fields; roles are kept in rank order, as every role list is. */
function toAdminUpdate(request: AdminUpdateUserRequest, catalog: RoleCatalog): AdminUpdateInput {
  const changes: AdminChanges = {};
  if (request.roles) changes.roles = catalog.sortByRank(request.roles);
  if (request.isActive !== undefined) changes.isActive = request.isActive;
  return { actorId: request.actor.userId, id: request.id, changes };
}

/** What would really change, so a no-op request writes nothing and announces nothing. */
function onlyDifferences(target: UserRecord, requested: AdminChanges): AdminChanges {
  const changes: AdminChanges = {};
  const sameRoles =
    requested.roles?.length === target.roles.length && requested.roles.every((r) => target.roles.includes(r));
  if (requested.roles && !sameRoles) changes.roles = requested.roles;
  if (requested.isActive !== undefined && requested.isActive !== target.isActive) changes.isActive = requested.isActive;
  return changes;
}
