import { z } from 'zod';
import { rpc } from '../common/rpc-definition';
import * as s from './api-key.schemas';
import {
  ApiKeyDto,
  ApiKeyRef,
  ApiKeyWithSecret,
  CreateApiKeyRequest,
  ExchangeApiKeyReply,
  ExchangeApiKeyRequest,
  ListApiKeysRequest,
  RollApiKeyRequest,
  VerifyApiKeyReply,
  VerifyApiKeyRequest,
} from './dto/api-key.dto';

/**
 * API keys in the token app (DESIGN §3 "API keys and token exchange"). Management calls name the
 * `caller`; another user's key id answers API_KEY_NOT_FOUND unless the caller is an admin.
 */
export const ApiKeyPatterns = {
  /** API_KEY_SCOPE_FORBIDDEN (details.scopes), VALIDATION_FAILED. The key is in the reply only. */
  create: rpc<CreateApiKeyRequest, ApiKeyWithSecret>('token.apiKeys.create', {
    payload: s.createApiKeyRequestSchema,
    reply: s.apiKeyWithSecretSchema,
  }),
  list: rpc<ListApiKeysRequest, ApiKeyDto[]>('token.apiKeys.list', {
    payload: s.listApiKeysRequestSchema,
    reply: z.array(s.apiKeyDtoSchema),
  }),
  get: rpc<ApiKeyRef, ApiKeyDto>('token.apiKeys.get', { payload: s.apiKeyRefSchema, reply: s.apiKeyDtoSchema }),
  /** Idempotent; the key stops working on every gateway within 1 s (revocation broadcast). */
  revoke: rpc<ApiKeyRef, void>('token.apiKeys.revoke', { payload: s.apiKeyRefSchema, reply: z.void() }),
  /** API_KEY_NOT_FOUND also for a revoked key. */
  roll: rpc<RollApiKeyRequest, ApiKeyWithSecret>('token.apiKeys.roll', {
    payload: s.rollApiKeyRequestSchema,
    reply: s.apiKeyWithSecretSchema,
  }),
  /** AUTH_INVALID_API_KEY for malformed, unknown, revoked or expired keys, and disabled owners. */
  verify: rpc<VerifyApiKeyRequest, VerifyApiKeyReply>('token.apiKeys.verify', {
    payload: s.verifyApiKeyRequestSchema,
    reply: s.verifyApiKeyReplySchema,
  }),
  /** As verify; then a short-lived access token limited to the key's effective scopes. */
  exchange: rpc<ExchangeApiKeyRequest, ExchangeApiKeyReply>('token.apiKeys.exchange', {
    payload: s.exchangeApiKeyRequestSchema,
    reply: s.exchangeApiKeyReplySchema,
  }),
};
