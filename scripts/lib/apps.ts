import { join } from 'path';
import { loadAgentCapabilityConfig } from '../../apps/agent-capability/src/config/agent-capability.config';
import { agentCapabilityDataSourceOptions } from '../../apps/agent-capability/src/data-source';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { gatewayDataSourceOptions } from '../../apps/gateway/src/data-source';
import { loadSecurityConfig } from '../../apps/security/src/config/security.config';
import { securityDataSourceOptions } from '../../apps/security/src/data-source';
import { loadTokenConfig } from '../../apps/token/src/config/token.config';
import { tokenDataSourceOptions } from '../../apps/token/src/data-source';
import { loadUserConfig } from '../../apps/user/src/config/user.config';
import { userDataSourceOptions } from '../../apps/user/src/data-source';
import { loadWebhookDispatcherConfig } from '../../apps/webhook-dispatcher/src/config/webhook-dispatcher.config';
import { webhookDispatcherDataSourceOptions } from '../../apps/webhook-dispatcher/src/data-source';

export const ROOT = join(__dirname, '..', '..');

/** Start order is the DESIGN §1 table order; it matters only for how the logs read. */
export const APPS = ['gateway', 'auth', 'user', 'token', 'security', 'agent-capability', 'webhook-dispatcher'] as const;

export const entryOf = (app: string) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

/** Each schema-owning app's migration settings, from the same config loaders the apps use. */
export const MIGRATIONS = [
  { app: 'gateway', options: () => gatewayDataSourceOptions(loadGatewayConfig()) },
  { app: 'user', options: () => userDataSourceOptions(loadUserConfig()) },
  { app: 'token', options: () => tokenDataSourceOptions(loadTokenConfig()) },
  { app: 'security', options: () => securityDataSourceOptions(loadSecurityConfig()) },
  { app: 'agent-capability', options: () => agentCapabilityDataSourceOptions(loadAgentCapabilityConfig()) },
  { app: 'webhook-dispatcher', options: () => webhookDispatcherDataSourceOptions(loadWebhookDispatcherConfig()) },
];
