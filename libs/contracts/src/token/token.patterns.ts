import { z } from 'zod';
import { rpc } from '../common/rpc-definition';
import { empty } from '../common/schema-helpers';
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
  SessionLiveReply,
  SessionLiveRequest,
  SignAccessReply,
  SignAccessRequest,
} from './dto/token.dto';
import * as s from './token.schemas';

export const TokenPatterns = {
  createSession: rpc<CreateSessionRequest, CreateSessionReply>('token.createSession', {
    payload: s.createSessionRequestSchema,
    reply: s.createSessionReplySchema,
  }),
  rotateRefresh: rpc<RotateRefreshRequest, RotateRefreshReply>('token.rotateRefresh', {
    payload: s.rotateRefreshRequestSchema,
    reply: s.rotateRefreshReplySchema,
  }),
  signAccess: rpc<SignAccessRequest, SignAccessReply>('token.signAccess', {
    payload: s.signAccessRequestSchema,
    reply: s.signAccessReplySchema,
  }),
  /** SESSION_NOT_FOUND if the session is not this user's (no probing other users' ids). */
  revokeSession: rpc<RevokeSessionRequest, void>('token.revokeSession', {
    payload: s.revokeSessionRequestSchema,
    reply: z.void(),
  }),
  revokeUserSessions: rpc<RevokeUserSessionsRequest, RevokeUserSessionsReply>('token.revokeUserSessions', {
    payload: s.revokeUserSessionsRequestSchema,
    reply: s.revokeUserSessionsReplySchema,
  }),
  listSessions: rpc<ListSessionsRequest, SessionDto[]>('token.listSessions', {
    payload: s.listSessionsRequestSchema,
    reply: z.array(s.sessionDtoSchema),
  }),
  /** Whether a login session or an API key (a `sid`) is still live for the user: what renewing an agent needs. */
  sessionLive: rpc<SessionLiveRequest, SessionLiveReply>('token.sessionLive', {
    payload: s.sessionLiveRequestSchema,
    reply: s.sessionLiveReplySchema,
  }),
  jwks: rpc<Record<string, never>, JwkSet>('token.jwks', { payload: empty(), reply: s.jwkSetSchema }),
  rotateSigningKey: rpc<RotateSigningKeyRequest, RotateSigningKeyReply>('token.rotateSigningKey', {
    payload: s.rotateSigningKeyRequestSchema,
    reply: s.rotateSigningKeyReplySchema,
  }),
  listActiveRevocations: rpc<Record<string, never>, ActiveRevocationsReply>('token.listActiveRevocations', {
    payload: empty(),
    reply: s.activeRevocationsReplySchema,
  }),
};
