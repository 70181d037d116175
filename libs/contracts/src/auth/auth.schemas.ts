import { z } from 'zod';
import { objectOf, stringList } from '../common/schema-helpers';
import { sessionDtoSchema, tokenPairSchema } from '../token/token.schemas';
import { roleName } from '../user/user.schemas';
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
import { ActorClaim } from '../agents/agent-token-claims';
import { apiKeyQuotaSchema, apiKeyRateLimitSchema } from '../token/api-key.schemas';
import { AgentPrincipal, ApiKeyLimits, ApiKeyPrincipal, Principal, UserPrincipal } from './principal';

const id = () => z.string().min(1).max(256);

const actorClaimSchema: z.ZodType<ActorClaim> = z.lazy(() => z.object({ sub: id(), act: actorClaimSchema.optional() }));

/** An API key's own limits, as signed into a token exchanged for it (`key_limits`). */
export const apiKeyLimitsSchema = objectOf<ApiKeyLimits>()({
  rateLimit: apiKeyRateLimitSchema.nullable(),
  quota: apiKeyQuotaSchema.nullable(),
});

/** The gateway fills it from a verified access token; its ids are the token's. */
export const userPrincipalSchema = objectOf<UserPrincipal>()({
  kind: z.literal('user'),
  userId: id(),
  sessionId: id(),
  jti: z.string().max(256),
  exp: z.number(),
  roles: z.array(roleName()),
  iat: z.number().optional(),
  scopes: stringList().optional(),
  keyLimits: apiKeyLimitsSchema.optional(),
  keyGeneration: z.number().optional(),
});

export const agentPrincipalSchema = objectOf<AgentPrincipal>()({
  kind: z.literal('agent'),
  agentId: id(),
  userId: id(),
  sessionId: id(),
  jti: z.string().max(256),
  exp: z.number(),
  iat: z.number().optional(),
  agentType: id(),
  capabilities: stringList(),
  depth: z.number().int(),
  chain: stringList(),
  act: actorClaimSchema,
});

export const apiKeyPrincipalSchema = objectOf<ApiKeyPrincipal>()({
  kind: z.literal('api-key'),
  keyId: id(),
  userId: id(),
  scopes: stringList(),
  exp: z.number().optional(),
  rateLimit: apiKeyRateLimitSchema.nullable().optional(),
  quota: apiKeyQuotaSchema.nullable().optional(),
});

/** Any caller; `kind` says which (see principal.ts). */
export const principalSchema: z.ZodType<Principal> = z.discriminatedUnion('kind', [
  userPrincipalSchema,
  agentPrincipalSchema,
  apiKeyPrincipalSchema,
]);

const password = () => z.string().max(1024);

export const registerRequestSchema = objectOf<RegisterRequest>()({
  email: z.string().max(1024),
  password: password(),
  displayName: z.string().max(1024).optional(),
});

export const loginRequestSchema = objectOf<LoginRequest>()({
  email: z.string().max(1024),
  password: password(),
  deviceName: z.string().max(1024).optional(),
  deviceToken: z.string().max(2048).optional(),
});
export const loginReplySchema = objectOf<LoginReply>()({
  ...tokenPairSchema.shape,
  device: z.object({ token: z.string(), ttlSeconds: z.number() }),
});

export const refreshRequestSchema = objectOf<RefreshRequest>()({
  refreshToken: z.string().max(1024),
});

export const logoutRequestSchema = objectOf<LogoutRequest>()({
  principal: userPrincipalSchema,
});
export const principalRequestSchema = objectOf<PrincipalRequest>()({ principal: principalSchema });
export const listSessionsRequestSchema = objectOf<SessionsOfRequest>()({
  principal: principalSchema,
  userId: z.string().uuid().optional(),
});

export const meReplySchema = objectOf<MeReply>()({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(roleName()),
  permissions: stringList(),
});

export const profileSchema = objectOf<ProfileDto>()({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const updateProfileCommandSchema = objectOf<UpdateProfileCommand>()({
  principal: principalSchema,
  displayName: z.string().max(1024).nullable().optional(),
});

export const changePasswordCommandSchema = objectOf<ChangePasswordCommand>()({
  principal: userPrincipalSchema,
  currentPassword: password(),
  newPassword: password(),
  deviceToken: z.string().max(2048).optional(),
});

export const sessionViewSchema = objectOf<SessionView>()({ ...sessionDtoSchema.shape, current: z.boolean() });

/** A session id that is not a UUID is simply not found. */
export const revokeSessionCommandSchema = objectOf<RevokeSessionCommand>()({
  principal: principalSchema,
  sessionId: z.string().max(64),
});
