import { z } from 'zod';
import { boundedText, objectOf, stringList, uuid } from '../common/schema-helpers';
import {
  ActiveRevocationsReply,
  CreateSessionReply,
  CreateSessionRequest,
  JwkSet,
  ListSessionsRequest,
  SessionLiveReply,
  SessionLiveRequest,
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
  TokenPair,
} from './dto/token.dto';

/** A revocation's reason is stored as given, but bounded; none given is plain `revoked`. */
const revocationReason = () =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.slice(0, 64) : 'revoked'));

export const tokenPairSchema = objectOf<TokenPair>()({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
});

export const createSessionRequestSchema = objectOf<CreateSessionRequest>()({
  userId: uuid(),
  roles: stringList(),
  deviceName: boundedText(200).optional(),
});
export const createSessionReplySchema = objectOf<CreateSessionReply>()({
  ...tokenPairSchema.shape,
  sessionId: z.string(),
});

export const rotateRefreshRequestSchema = objectOf<RotateRefreshRequest>()({
  refreshToken: z.string().max(1024),
});
export const rotateRefreshReplySchema = objectOf<RotateRefreshReply>()({
  userId: z.string(),
  sessionId: z.string(),
  refreshToken: z.string(),
});

export const signAccessRequestSchema = objectOf<SignAccessRequest>()({
  userId: uuid(),
  roles: stringList(),
  sessionId: uuid(),
});
export const signAccessReplySchema = objectOf<SignAccessReply>()({ accessToken: z.string(), expiresIn: z.number() });

export const revokeSessionRequestSchema = objectOf<RevokeSessionRequest>()({
  userId: uuid(),
  /** Not a UUID: simply not found (SESSION_NOT_FOUND), as an unknown one. */
  sessionId: z.string().max(64),
  reason: revocationReason(),
  accessJti: z.string().max(256).optional(),
  accessExpiresAt: z.number().optional(),
});

export const revokeUserSessionsRequestSchema = objectOf<RevokeUserSessionsRequest>()({
  userId: uuid(),
  exceptSessionId: uuid().optional(),
  reason: revocationReason(),
});
export const revokeUserSessionsReplySchema = objectOf<RevokeUserSessionsReply>()({ revoked: z.number().int() });

export const listSessionsRequestSchema = objectOf<ListSessionsRequest>()({ userId: uuid() });

export const sessionLiveRequestSchema = objectOf<SessionLiveRequest>()({
  userId: uuid(),
  sessionId: z.string().min(1).max(128),
});
export const sessionLiveReplySchema = objectOf<SessionLiveReply>()({ live: z.boolean() });

export const sessionDtoSchema = objectOf<SessionDto>()({
  id: z.string(),
  deviceName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
});

export const jwkSetSchema: z.ZodType<JwkSet> = z.object({
  keys: z.array(
    z
      .object({ kid: z.string(), kty: z.string(), alg: z.string().optional(), use: z.string().optional() })
      .catchall(z.unknown()),
  ),
});

export const rotateSigningKeyRequestSchema = objectOf<RotateSigningKeyRequest>()({
  actorId: z.string().optional(),
});
export const rotateSigningKeyReplySchema = objectOf<RotateSigningKeyReply>()({ kid: z.string() });

const revocationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('session'),
    sessionId: z.string(),
    until: z.number(),
    issuedBefore: z.number().optional(),
  }),
  z.object({ kind: z.literal('jti'), jti: z.string(), until: z.number() }),
  z.object({ kind: z.literal('user'), userId: z.string(), issuedBefore: z.number(), until: z.number() }),
]);
export const activeRevocationsReplySchema = objectOf<ActiveRevocationsReply>()({
  revocations: z.array(revocationSchema),
});
