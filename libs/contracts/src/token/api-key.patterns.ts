import { rpc } from '../common/rpc-definition';
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
  create: rpc<CreateApiKeyRequest, ApiKeyWithSecret>('token.apiKeys.create'),
  list: rpc<ListApiKeysRequest, ApiKeyDto[]>('token.apiKeys.list'),
  get: rpc<ApiKeyRef, ApiKeyDto>('token.apiKeys.get'),
  /** Idempotent; the key stops working on every gateway within 1 s (revocation broadcast). */
  revoke: rpc<ApiKeyRef, void>('token.apiKeys.revoke'),
  /** API_KEY_NOT_FOUND also for a revoked key. */
  roll: rpc<RollApiKeyRequest, ApiKeyWithSecret>('token.apiKeys.roll'),
  /** AUTH_INVALID_API_KEY for malformed, unknown, revoked or expired keys, and disabled owners. */
  verify: rpc<VerifyApiKeyRequest, VerifyApiKeyReply>('token.apiKeys.verify'),
  /** As verify; then a short-lived access token limited to the key's effective scopes. */
  exchange: rpc<ExchangeApiKeyRequest, ExchangeApiKeyReply>('token.apiKeys.exchange'),
};
