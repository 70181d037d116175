import { once } from '@portcullis/observability';
import { Counter, Gauge } from 'prom-client';

/** DESIGN §6 names for the agent flow; `outcome` is granted | pending | denied | error. */
export const agentAuthRequests = once(
  'agent_auth_requests_total',
  () =>
    new Counter({
      name: 'agent_auth_requests_total',
      help: 'Agent grants asked for (authenticate, delegate, approval collect), by outcome',
      labelNames: ['outcome'],
    }),
);
export const agentCapabilityDenials = once(
  'agent_capability_denials_total',
  () =>
    new Counter({
      name: 'agent_capability_denials_total',
      help: 'Capabilities refused to agents, by reason',
      labelNames: ['reason'],
    }),
);
export const agentTokenRenewals = once(
  'agent_token_renewals_total',
  () => new Counter({ name: 'agent_token_renewals_total', help: 'Agent tokens renewed' }),
);
export const agentRevocations = once(
  'agent_revocations_total',
  () => new Counter({ name: 'agent_revocations_total', help: 'Agents ended, by reason', labelNames: ['reason'] }),
);

/** Set from the store when scraped (see ActiveAgentsGauge), so every replica reports the same truth. */
export const activeAgents = (count: () => Promise<number>) =>
  once(
    'active_agents',
    () =>
      new Gauge({
        name: 'active_agents',
        help: 'Agents neither revoked nor expired',
        async collect() {
          this.set(await count().catch(() => NaN));
        },
      }),
  )();
