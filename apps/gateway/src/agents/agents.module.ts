import { DynamicModule, Module } from '@nestjs/common';
import { OAUTH_SETTINGS, OAuthSettings } from '../oauth/oauth-settings';
import { IntrospectionController } from '../oauth/introspection.controller';
import { OAuthController, OAuthMetadataController } from '../oauth/oauth.controller';
import { AgentCatalogController } from './agent-catalog.controller';
import { AgentVerifyController } from './agent-verify.controller';
import { AgentsController } from './agents.controller';
import { CapabilityBudgetsModule } from './budgets/capability-budgets.module';

/** The agents endpoints and their standard door (RFC 8693 / 8414). `auth` is the gateway's auth module (its verifier). */
@Module({})
export class GatewayAgentsModule {
  static forRoot(auth: DynamicModule, settings: OAuthSettings): DynamicModule {
    return {
      module: GatewayAgentsModule,
      imports: [auth, CapabilityBudgetsModule],
      controllers: [
        AgentCatalogController,
        AgentsController,
        AgentVerifyController,
        OAuthController,
        IntrospectionController,
        OAuthMetadataController,
      ],
      providers: [{ provide: OAUTH_SETTINGS, useValue: settings }],
    };
  }
}
