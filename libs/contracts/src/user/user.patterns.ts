import { rpc } from '../common/rpc-definition';
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
};
