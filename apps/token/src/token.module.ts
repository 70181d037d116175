import { DynamicModule, Module, Provider } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { OutboxModule, RedisModule } from '@portcullis/database';
import { coreImports, pingControllerFor, redisSettings } from '@portcullis/runtime';
import { SecretBox } from '@portcullis/security';
import { AccessTokenMessageController } from './access-tokens/access-token.message-controller';
import { AgentTokenMessageController } from './agent-tokens/agent-token.message-controller';
import { SignAgentTokenUseCase } from './agent-tokens/sign-agent-token.use-case';
import { apiKeyProviders } from './api-keys/api-key.providers';
import { ApiKeyMessageController } from './api-keys/api-key.message-controller';
import { SignAccessUseCase } from './access-tokens/sign-access.use-case';
import { Clock, SystemClock } from '@portcullis/common';
import { TOKEN_SETTINGS, TokenConfig, tokenSettingsFrom } from './config/token.config';
import { TOKEN_SCHEMA, tokenDataSourceOptions } from './data-source';
import { ListActiveRevocationsUseCase } from './revocation/list-active-revocations.use-case';
import { PgRevocationRepository } from './revocation/pg-revocation.repository';
import { RedisRevocationPublisher } from './revocation/redis-revocation.publisher';
import { RevocationKeeper } from './revocation/revocation-keeper';
import { RevocationMessageController } from './revocation/revocation.message-controller';
import { RevocationPublisher } from './revocation/revocation.publisher';
import { RevocationRepository } from './revocation/revocation.repository';
import { sessionProviders } from './sessions/session.providers';
import { SessionMessageController } from './sessions/session.message-controller';
import { signingKeyProviders } from './signing-keys/signing-key.providers';
import { SigningKeyMessageController } from './signing-keys/signing-key.message-controller';

@Module({})
export class TokenModule {
  static forRoot(config: TokenConfig, instanceId: string): DynamicModule {
    const shared: Provider[] = [
      { provide: TOKEN_SETTINGS, useValue: tokenSettingsFrom(config) },
      { provide: Clock, useClass: SystemClock },
      { provide: SecretBox, useValue: new SecretBox(config.TOKEN_KEY_ENCRYPTION_KEY) },
      { provide: RevocationPublisher, useClass: RedisRevocationPublisher },
      { provide: RevocationRepository, useClass: PgRevocationRepository },
      ListActiveRevocationsUseCase,
      RevocationKeeper,
      SignAccessUseCase,
      SignAgentTokenUseCase,
    ];
    return {
      module: TokenModule,
      imports: [
        ...coreImports('token', config, tokenDataSourceOptions(config)),
        RedisModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }),
        // Domain events leave through the outbox, committed with the state change they announce.
        OutboxModule.forRoot({ schema: TOKEN_SCHEMA, publisher: BusClient }),
      ],
      controllers: [
        pingControllerFor('token', instanceId),
        SigningKeyMessageController,
        AccessTokenMessageController,
        AgentTokenMessageController,
        SessionMessageController,
        RevocationMessageController,
        ApiKeyMessageController,
      ],
      providers: [...shared, ...signingKeyProviders, ...sessionProviders, ...apiKeyProviders(config)],
    };
  }
}
