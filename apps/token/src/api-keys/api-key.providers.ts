import { Provider } from '@nestjs/common';
import { TokenConfig } from '../config/token.config';
import { ApiKeyAccess } from './api-key-access';
import { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyRevocations } from './api-key-revocations';
import { API_KEY_SETTINGS, apiKeySettingsFrom, ApiKeySettings } from './api-key-settings';
import { ApiKeyUsage } from './api-key-usage';
import { ApiKeyRepository } from './api-key.repository';
import { BusOwnerPermissions } from './bus-owner-permissions';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ExchangeApiKeyUseCase } from './exchange-api-key.use-case';
import { GetApiKeyUseCase } from './get-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { OwnerPermissions } from './owner-permissions';
import { PgApiKeyRepository } from './pg-api-key.repository';
import { RedisApiKeyRevocations } from './redis-api-key-revocations';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';
import { RollApiKeyUseCase } from './roll-api-key.use-case';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

export function apiKeyProviders(config: TokenConfig): Provider[] {
  return [
    { provide: API_KEY_SETTINGS, useValue: apiKeySettingsFrom(config) },
    {
      provide: ApiKeyHasher,
      useFactory: (settings: ApiKeySettings) => new ApiKeyHasher(settings.pepper),
      inject: [API_KEY_SETTINGS],
    },
    { provide: ApiKeyRepository, useClass: PgApiKeyRepository },
    { provide: OwnerPermissions, useClass: BusOwnerPermissions },
    { provide: ApiKeyRevocations, useClass: RedisApiKeyRevocations },
    ApiKeyUsage,
    ApiKeyAccess,
    CreateApiKeyUseCase,
    ListApiKeysUseCase,
    GetApiKeyUseCase,
    RevokeApiKeyUseCase,
    RollApiKeyUseCase,
    VerifyApiKeyUseCase,
    ExchangeApiKeyUseCase,
  ];
}
