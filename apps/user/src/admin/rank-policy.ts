import { AppError } from '@portcullis/common';
import { ErrorCode, RoleName } from '@portcullis/contracts';
import { RoleCatalog } from '../roles/role-catalog';
import { AdminChanges, UserRecord } from '../users/user.repository';

/** Roles that administer other users: only a super_admin hands them out (DESIGN §3). */
const ADMIN_ROLES: readonly RoleName[] = ['admin', 'super_admin'];

/** `reason` lets a client (and a test) tell the refusals apart; it names a rule, never data. */
export function forbidden(reason: string, message: string): AppError {
  return new AppError(ErrorCode.AUTH_FORBIDDEN, message, { reason });
}

/**
 * Who may change whom. Ranks are each user's highest role as the database holds it *now* (the
 * caller's claims are never trusted), compared through the role table's own ranks:
 * - the actor must be active and hold the permission (users:write / users:delete);
 * - nobody touches a user who outranks them (equal rank is allowed: admins manage admins);
 * - nobody grants a role ranked above their own, and only a super_admin grants admin or super_admin
 *   ("granted" = roles the target does not already hold, so re-sending a held role is no grant);
 * - nobody locks themselves out: an actor may not disable or delete themselves, nor lower their own
 *   highest rank. Another administrator must do it, which also means the last super_admin can never
 *   remove themselves.
 */
export class RankPolicy {
  constructor(private readonly catalog: RoleCatalog) {}

  /** The actor as the database holds them now, if they are active and hold `permission`. */
  requireActor(actor: UserRecord | undefined, permission: string): UserRecord {
    if (!actor?.isActive || !this.catalog.permissionsFor(actor.roles).includes(permission)) {
      throw forbidden('actor_not_permitted', `You need the ${permission} permission for this`);
    }
    return actor;
  }

  assertMayUpdate(actor: UserRecord, target: UserRecord, changes: AdminChanges): void {
    this.assertNotOutranked(actor, target);
    const actorRank = this.catalog.highestRank(actor.roles);
    for (const role of (changes.roles ?? []).filter((r) => !target.roles.includes(r))) {
      if (this.catalog.rank(role) > actorRank)
        throw forbidden('role_above_own', `You cannot grant ${role}: it ranks above your own role`);
      if (ADMIN_ROLES.includes(role) && !actor.roles.includes('super_admin')) {
        throw forbidden('admin_grant_requires_super_admin', `Only a super_admin can grant ${role}`);
      }
    }
    if (actor.id !== target.id) return;
    if (changes.isActive === false) throw forbidden('self_disable', 'You cannot disable your own account');
    if (changes.roles && this.catalog.highestRank(changes.roles) < actorRank) {
      throw forbidden('self_demote', 'You cannot lower your own role; another administrator must do it');
    }
  }

  assertMayDelete(actor: UserRecord, target: UserRecord): void {
    if (actor.id === target.id) throw forbidden('self_delete', 'You cannot delete your own account');
    this.assertNotOutranked(actor, target);
  }

  private assertNotOutranked(actor: UserRecord, target: UserRecord): void {
    if (this.catalog.highestRank(target.roles) > this.catalog.highestRank(actor.roles)) {
      throw forbidden('target_outranks_actor', 'You cannot change a user whose role ranks above your own');
    }
  }
}
