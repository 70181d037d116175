import { z } from 'zod';
import { objectOf, stringList, uuid } from '../common/schema-helpers';
import {
  ApiKeyCaller,
  ApiKeyDto,
  ApiKeyQuota,
  ApiKeyRateLimit,
  ApiKeyRef,
  CreateApiKeyRequest,
  ExchangeApiKeyReply,
  ExchangeApiKeyRequest,
  ListApiKeysRequest,
  RollApiKeyRequest,
  VerifyApiKeyReply,
  VerifyApiKeyRequest,
} from './dto/api-key.dto';

/** `null` from a client means "not given", as an absent field does. */
const omittable = <T extends z.ZodTypeAny>(schema: T) =>
  schema
    .nullish()
    .transform((v) => v ?? undefined)
    .pipe(schema.optional());

const environment = () => z.enum(['live', 'test']);

export const apiKeyRateLimitSchema = objectOf<ApiKeyRateLimit>()({
  limit: z.number().int().positive().max(1_000_000_000),
  windowSeconds: z
    .number()
    .int()
    .positive()
    .max(31 * 86_400),
});
export const apiKeyQuotaSchema = objectOf<ApiKeyQuota>()({
  limit: z.number().int().positive().max(1_000_000_000),
  refill: z.enum(['daily', 'monthly']),
});

export const apiKeyCallerSchema = objectOf<ApiKeyCaller>()({
  userId: uuid(),
  isAdmin: z.boolean().default(false),
  scopes: stringList().optional(),
});

export const apiKeyDtoSchema = objectOf<ApiKeyDto>()({
  id: z.string(),
  ownerUserId: z.string(),
  name: z.string(),
  environment: environment(),
  prefix: z.string(),
  scopes: stringList(),
  expiresAt: z.string().nullable(),
  rateLimit: apiKeyRateLimitSchema.nullable(),
  quota: apiKeyQuotaSchema.nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable(),
});
export const apiKeyWithSecretSchema = apiKeyDtoSchema.extend({ key: z.string() });

/** Scope names and expiry are checked against the owner and the clock by the token app. */
export const createApiKeyRequestSchema = objectOf<CreateApiKeyRequest>()({
  caller: apiKeyCallerSchema,
  name: z.string().trim().min(1).max(100),
  environment: environment(),
  scopes: omittable(z.array(z.string().max(100)).max(100)),
  expiresAt: omittable(z.string()),
  rateLimit: omittable(apiKeyRateLimitSchema),
  quota: omittable(apiKeyQuotaSchema),
});

/** A key id that is not a UUID is simply not found, as an unknown one. */
export const apiKeyRefSchema = objectOf<ApiKeyRef>()({
  caller: apiKeyCallerSchema,
  id: z.string().max(64),
});

export const listApiKeysRequestSchema = objectOf<ListApiKeysRequest>()({
  caller: apiKeyCallerSchema,
  userId: omittable(uuid()),
});

export const rollApiKeyRequestSchema = objectOf<RollApiKeyRequest>()({
  ...apiKeyRefSchema.shape,
  graceSeconds: omittable(
    z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400),
  ),
});

export const verifyApiKeyRequestSchema = objectOf<VerifyApiKeyRequest>()({ key: z.string() });
export const verifyApiKeyReplySchema = objectOf<VerifyApiKeyReply>()({
  keyId: z.string(),
  ownerId: z.string(),
  environment: environment(),
  scopes: stringList(),
  roles: stringList(),
  rateLimit: apiKeyRateLimitSchema.nullable(),
  quota: apiKeyQuotaSchema.nullable(),
  expiresAt: z.number().nullable(),
});

export const exchangeApiKeyRequestSchema = objectOf<ExchangeApiKeyRequest>()({
  key: z.string(),
});
export const exchangeApiKeyReplySchema = objectOf<ExchangeApiKeyReply>()({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  scope: z.string(),
});
