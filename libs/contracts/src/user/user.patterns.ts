import { z } from 'zod';
import { pageOf } from '../common/common.schemas';
import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
import { empty } from '../common/schema-helpers';
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
import * as s from './user.schemas';

export const UserPatterns = {
  /** AUTH_EMAIL_TAKEN (409), AUTH_WEAK_PASSWORD (400). */
  create: rpc<CreateUserRequest, UserDto>('user.create', {
    payload: s.createUserRequestSchema,
    reply: s.userDtoSchema,
  }),
  /** AUTH_INVALID_CREDENTIALS for unknown email or wrong password, same timing. */
  verifyCredentials: rpc<VerifyCredentialsRequest, UserDto>('user.verifyCredentials', {
    payload: s.verifyCredentialsRequestSchema,
    reply: s.userDtoSchema,
  }),
  /** USER_NOT_FOUND. */
  findById: rpc<FindUserRequest, UserDto>('user.findById', {
    payload: s.findUserRequestSchema,
    reply: s.userDtoSchema,
  }),
  updateProfile: rpc<UpdateProfileRequest, UserDto>('user.updateProfile', {
    payload: s.updateProfileRequestSchema,
    reply: s.userDtoSchema,
  }),
  /** AUTH_INVALID_CREDENTIALS if the current password is wrong; AUTH_WEAK_PASSWORD. */
  changePassword: rpc<ChangePasswordRequest, void>('user.changePassword', {
    payload: s.changePasswordRequestSchema,
    reply: z.void(),
  }),
  permissionsForRoles: rpc<PermissionsForRolesRequest, PermissionsForRolesReply>('user.permissionsForRoles', {
    payload: s.permissionsForRolesRequestSchema,
    reply: s.permissionsForRolesReplySchema,
  }),
  listRoles: rpc<Record<string, never>, RoleView[]>('user.listRoles', {
    payload: empty(),
    reply: z.array(s.roleViewSchema),
  }),
  list: rpc<ListUsersRequest, Page<UserDto>>('user.list', {
    payload: s.listUsersRequestSchema,
    reply: pageOf(s.userDtoSchema),
  }),
  /** AUTH_FORBIDDEN on escalation; USER_NOT_FOUND. */
  adminUpdate: rpc<AdminUpdateUserRequest, UserDto>('user.adminUpdate', {
    payload: s.adminUpdateUserRequestSchema,
    reply: s.userDtoSchema,
  }),
  adminDelete: rpc<AdminDeleteUserRequest, void>('user.adminDelete', {
    payload: s.adminDeleteUserRequestSchema,
    reply: z.void(),
  }),
};
