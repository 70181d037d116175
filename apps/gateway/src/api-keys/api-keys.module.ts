import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyNotices } from './api-key-notices';
import { GATEWAY_API_KEY_SETTINGS, GatewayApiKeySettings } from './api-key-settings';
import { ApiKeyVerifier } from './api-key-verifier';

/**
 * The verifier that authenticates `X-API-Key` (cache, notices, breaker, stale fallback), for any
 * module (global). The routes (ApiKeysController, TokensController) sit in the gateway module with
 * the other controllers. Needs the global BusModule and RedisModule.
 */
@Module({})
export class ApiKeysModule {
  static forRoot(settings: GatewayApiKeySettings): DynamicModule {
    return {
      module: ApiKeysModule,
      global: true,
      providers: [{ provide: GATEWAY_API_KEY_SETTINGS, useValue: settings }, ApiKeyVerifier, ApiKeyNotices],
      exports: [ApiKeyVerifier],
    };
  }
}
