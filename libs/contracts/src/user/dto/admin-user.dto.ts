import { PageRequest } from '../../common/page';
import { RoleName } from '../roles';

/** Who is acting, with their *current* roles, so the user app can refuse escalation itself. */
export interface AdminActor {
  userId: string;
  roles: RoleName[];
}

export interface ListUsersRequest extends PageRequest {
  /** Case-insensitive match on email or display name. */
  search?: string;
}

/**
 * Roles and the active flag. Granting a role ranked above the actor's own highest role, or touching
 * a user who outranks the actor, is AUTH_FORBIDDEN; only super_admin grants admin or super_admin.
 * Disabling a user revokes all their sessions and tokens at once.
 */
export interface AdminUpdateUserRequest {
  actor: AdminActor;
  id: string;
  roles?: RoleName[];
  isActive?: boolean;
}

export interface AdminDeleteUserRequest {
  actor: AdminActor;
  id: string;
}

export interface RoleView {
  name: RoleName;
  rank: number;
  description: string;
  /** Effective: own grants plus everything inherited from lower roles. */
  permissions: string[];
}
