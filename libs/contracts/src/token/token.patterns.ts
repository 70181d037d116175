import { rpc } from '../common/rpc-definition';
import {
  ActiveRevocationsReply,
  CreateSessionReply,
  CreateSessionRequest,
  JwkSet,
  ListSessionsRequest,
  RevokeSessionRequest,
  RevokeUserSessionsReply,
  RevokeUserSessionsRequest,
  RotateRefreshReply,
  RotateRefreshRequest,
  RotateSigningKeyReply,
  RotateSigningKeyRequest,
  SessionDto,
  SignAccessReply,
  SignAccessRequest,
} from './dto/token.dto';

export const TokenPatterns = {
  createSession: rpc<CreateSessionRequest, CreateSessionReply>('token.createSession'),
  rotateRefresh: rpc<RotateRefreshRequest, RotateRefreshReply>('token.rotateRefresh'),
  signAccess: rpc<SignAccessRequest, SignAccessReply>('token.signAccess'),
  /** SESSION_NOT_FOUND if the session is not this user's (no probing other users' ids). */
  revokeSession: rpc<RevokeSessionRequest, void>('token.revokeSession'),
  revokeUserSessions: rpc<RevokeUserSessionsRequest, RevokeUserSessionsReply>('token.revokeUserSessions'),
  listSessions: rpc<ListSessionsRequest, SessionDto[]>('token.listSessions'),
  jwks: rpc<Record<string, never>, JwkSet>('token.jwks'),
  rotateSigningKey: rpc<RotateSigningKeyRequest, RotateSigningKeyReply>('token.rotateSigningKey'),
  listActiveRevocations: rpc<Record<string, never>, ActiveRevocationsReply>('token.listActiveRevocations'),
};
