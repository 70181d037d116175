import { rpc } from '../common/rpc-definition';
import { TokenPair } from '../token/dto/token.dto';
import { UserDto } from '../user/dto/user.dto';
import {
  ChangePasswordCommand,
  LoginReply,
  LoginRequest,
  LogoutRequest,
  MeReply,
  PrincipalRequest,
  ProfileDto,
  RefreshRequest,
  RegisterRequest,
  RevokeSessionCommand,
  SessionView,
  UpdateProfileCommand,
} from './dto/auth.dto';

/** What the gateway asks of auth; auth orchestrates user, token and security for each. */
export const AuthPatterns = {
  register: rpc<RegisterRequest, UserDto>('auth.register'),
  login: rpc<LoginRequest, LoginReply>('auth.login'),
  refresh: rpc<RefreshRequest, TokenPair>('auth.refresh'),
  logout: rpc<LogoutRequest, void>('auth.logout'),
  me: rpc<PrincipalRequest, MeReply>('auth.me'),
  getProfile: rpc<PrincipalRequest, ProfileDto>('auth.getProfile'),
  updateProfile: rpc<UpdateProfileCommand, ProfileDto>('auth.updateProfile'),
  changePassword: rpc<ChangePasswordCommand, void>('auth.changePassword'),
  listSessions: rpc<PrincipalRequest, SessionView[]>('auth.listSessions'),
  revokeSession: rpc<RevokeSessionCommand, void>('auth.revokeSession'),
};
