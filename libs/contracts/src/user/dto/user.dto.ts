import { RoleName } from '../roles';

/** A user as other services see it: never the password hash. */
export interface UserDto {
  id: string;
  email: string;
  displayName: string | null;
  roles: RoleName[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateUserRequest {
  email: string;
  password: string;
  displayName?: string | null;
}

/** Unknown email and wrong password fail alike (AUTH_INVALID_CREDENTIALS) and take the same time. */
export interface VerifyCredentialsRequest {
  email: string;
  password: string;
}

export interface FindUserRequest {
  id: string;
}

export interface UpdateProfileRequest {
  id: string;
  displayName?: string | null;
}

export interface ChangePasswordRequest {
  id: string;
  currentPassword: string;
  newPassword: string;
  /** The session that asked: it stays signed in while every other one of the user's is revoked. */
  keepSessionId?: string;
}

export interface PermissionsForRolesRequest {
  roles: RoleName[];
}

export interface PermissionsForRolesReply {
  /** Effective permissions: the roles' own and everything inherited from lower roles. */
  permissions: string[];
}
