import { z } from 'zod';
import { requestMetaSchema } from '../common/common.schemas';
import { objectOf, stringList } from '../common/schema-helpers';
import { sessionDtoSchema, tokenPairSchema } from '../token/token.schemas';
import { roleName } from '../user/user.schemas';
import {
  ChangePasswordCommand,
  LoginReply,
  LoginRequest,
  LogoutRequest,
  MeReply,
  Principal,
  PrincipalRequest,
  ProfileDto,
  RefreshRequest,
  RegisterRequest,
  RevokeSessionCommand,
  SessionView,
  UpdateProfileCommand,
} from './dto/auth.dto';

/** The gateway fills it from a verified access token; its ids are the token's. */
export const principalSchema = objectOf<Principal>()({
  userId: z.string().min(1).max(256),
  sessionId: z.string().min(1).max(256),
  jti: z.string().max(256),
  exp: z.number(),
  roles: z.array(roleName()),
});

const password = () => z.string().max(1024);

export const registerRequestSchema = objectOf<RegisterRequest>()({
  email: z.string().max(1024),
  password: password(),
  displayName: z.string().max(1024).optional(),
  meta: requestMetaSchema.optional(),
});

export const loginRequestSchema = objectOf<LoginRequest>()({
  email: z.string().max(1024),
  password: password(),
  deviceName: z.string().max(1024).optional(),
  deviceToken: z.string().max(2048).optional(),
  meta: requestMetaSchema.optional(),
});
export const loginReplySchema = objectOf<LoginReply>()({
  ...tokenPairSchema.shape,
  device: z.object({ token: z.string(), ttlSeconds: z.number() }),
});

export const refreshRequestSchema = objectOf<RefreshRequest>()({
  refreshToken: z.string().max(1024),
  meta: requestMetaSchema.optional(),
});

export const logoutRequestSchema = objectOf<LogoutRequest>()({
  principal: principalSchema,
  meta: requestMetaSchema.optional(),
});
export const principalRequestSchema = objectOf<PrincipalRequest>()({ principal: principalSchema });

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
  meta: requestMetaSchema.optional(),
});

export const changePasswordCommandSchema = objectOf<ChangePasswordCommand>()({
  principal: principalSchema,
  currentPassword: password(),
  newPassword: password(),
  deviceToken: z.string().max(2048).optional(),
  meta: requestMetaSchema.optional(),
});

export const sessionViewSchema = objectOf<SessionView>()({ ...sessionDtoSchema.shape, current: z.boolean() });

/** A session id that is not a UUID is simply not found. */
export const revokeSessionCommandSchema = objectOf<RevokeSessionCommand>()({
  principal: principalSchema,
  sessionId: z.string().max(64),
  meta: requestMetaSchema.optional(),
});
