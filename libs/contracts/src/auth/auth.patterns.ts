import { z } from 'zod';
import { rpc } from '../common/rpc-definition';
import { TokenPair } from '../token/dto/token.dto';
import { tokenPairSchema } from '../token/token.schemas';
import { UserDto } from '../user/dto/user.dto';
import { userDtoSchema } from '../user/user.schemas';
import * as s from './auth.schemas';
import {
  ChangePasswordCommand,
  LoginReply,
  LoginRequest,
  LogoutRequest,
  MeReply,
  SessionsOfRequest,
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
  register: rpc<RegisterRequest, UserDto>('auth.register', { payload: s.registerRequestSchema, reply: userDtoSchema }),
  login: rpc<LoginRequest, LoginReply>('auth.login', { payload: s.loginRequestSchema, reply: s.loginReplySchema }),
  refresh: rpc<RefreshRequest, TokenPair>('auth.refresh', { payload: s.refreshRequestSchema, reply: tokenPairSchema }),
  logout: rpc<LogoutRequest, void>('auth.logout', { payload: s.logoutRequestSchema, reply: z.void() }),
  me: rpc<PrincipalRequest, MeReply>('auth.me', { payload: s.principalRequestSchema, reply: s.meReplySchema }),
  getProfile: rpc<PrincipalRequest, ProfileDto>('auth.getProfile', {
    payload: s.principalRequestSchema,
    reply: s.profileSchema,
  }),
  updateProfile: rpc<UpdateProfileCommand, ProfileDto>('auth.updateProfile', {
    payload: s.updateProfileCommandSchema,
    reply: s.profileSchema,
  }),
  changePassword: rpc<ChangePasswordCommand, void>('auth.changePassword', {
    payload: s.changePasswordCommandSchema,
    reply: z.void(),
  }),
  listSessions: rpc<SessionsOfRequest, SessionView[]>('auth.listSessions', {
    payload: s.listSessionsRequestSchema,
    reply: z.array(s.sessionViewSchema),
  }),
  revokeSession: rpc<RevokeSessionCommand, void>('auth.revokeSession', {
    payload: s.revokeSessionCommandSchema,
    reply: z.void(),
  }),
};
