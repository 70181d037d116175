import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
import { AdminDeleteUserRequest, AdminUpdateUserRequest, ListUsersRequest, RoleView } from './dto/admin-user.dto';
import {
  ChangePasswordRequest,
  CreateUserRequest,
  FindUserRequest,
  PermissionsForRolesReply,
  PermissionsForRolesRequest,
  UpdateProfileRequest,
  UserDto,
  VerifyCredentialsRequest,
} from './dto/user.dto';

export const UserPatterns = {
  /** AUTH_EMAIL_TAKEN (409), AUTH_WEAK_PASSWORD (400). */
  create: rpc<CreateUserRequest, UserDto>('user.create'),
  /** AUTH_INVALID_CREDENTIALS for unknown email or wrong password, same timing. */
  verifyCredentials: rpc<VerifyCredentialsRequest, UserDto>('user.verifyCredentials'),
  /** USER_NOT_FOUND. */
  findById: rpc<FindUserRequest, UserDto>('user.findById'),
  updateProfile: rpc<UpdateProfileRequest, UserDto>('user.updateProfile'),
  /** AUTH_INVALID_CREDENTIALS if the current password is wrong; AUTH_WEAK_PASSWORD. */
  changePassword: rpc<ChangePasswordRequest, void>('user.changePassword'),
  permissionsForRoles: rpc<PermissionsForRolesRequest, PermissionsForRolesReply>('user.permissionsForRoles'),
  listRoles: rpc<Record<string, never>, RoleView[]>('user.listRoles'),
  list: rpc<ListUsersRequest, Page<UserDto>>('user.list'),
  /** AUTH_FORBIDDEN on escalation; USER_NOT_FOUND. */
  adminUpdate: rpc<AdminUpdateUserRequest, UserDto>('user.adminUpdate'),
  adminDelete: rpc<AdminDeleteUserRequest, void>('user.adminDelete'),
};
