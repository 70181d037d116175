import { ApiKeyAccess } from '../../src/api-keys/api-key-access';
import { ApiKeyHasher } from '../../src/api-keys/api-key-hasher';
import { ApiKeySettings } from '../../src/api-keys/api-key-settings';
import { ApiKeyUsage } from '../../src/api-keys/api-key-usage';
import { CreateApiKeyUseCase } from '../../src/api-keys/create-api-key.use-case';
import { ExchangeApiKeyUseCase } from '../../src/api-keys/exchange-api-key.use-case';
import { GetApiKeyUseCase } from '../../src/api-keys/get-api-key.use-case';
import { ListApiKeysUseCase } from '../../src/api-keys/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../../src/api-keys/revoke-api-key.use-case';
import { RollApiKeyUseCase } from '../../src/api-keys/roll-api-key.use-case';
import { VerifyApiKeyUseCase } from '../../src/api-keys/verify-api-key.use-case';
import { FakeOwnerPermissions } from './fake-owner-permissions';
import { RecordingApiKeyRevocations } from './recording-api-key-revocations';
import { tokenKit } from './token-kit';

export const testApiKeySettings: ApiKeySettings = {
  pepper: 'unit-test-api-key-pepper',
  ownerCacheTtlMs: 30_000,
  lastUsedFlushMs: 5000,
  revocationNoticeSeconds: 86_400,
};

/** The API-key use cases on in-memory fakes, beside the token kit (clock, signing, revocations). */
export function apiKeyKit() {
  const token = tokenKit();
  const settings = testApiKeySettings;
  // The one the token kit's durable revocations read, as both read tokens.api_keys.
  const keys = token.revoked.apiKeys;
  const owners = new FakeOwnerPermissions();
  const notices = new RecordingApiKeyRevocations();
  const hasher = new ApiKeyHasher(settings.pepper);
  const usage = new ApiKeyUsage(keys, settings);
  const access = new ApiKeyAccess(keys);
  const verify = new VerifyApiKeyUseCase(keys, hasher, owners, usage, token.clock);
  return {
    token,
    clock: token.clock,
    settings,
    keys,
    owners,
    notices,
    hasher,
    usage,
    verify,
    create: new CreateApiKeyUseCase(keys, owners, hasher, token.clock),
    list: new ListApiKeysUseCase(keys),
    get: new GetApiKeyUseCase(access),
    revoke: new RevokeApiKeyUseCase(access, keys, notices, token.revocations, token.clock),
    roll: new RollApiKeyUseCase(access, keys, hasher, notices, token.revocations, token.clock),
    exchange: new ExchangeApiKeyUseCase(verify, token.signAccess),
  };
}

export type ApiKeyKit = ReturnType<typeof apiKeyKit>;
