import { env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const agentCapabilityConfigSchema = serviceConfigSchema(3005).extend({
  /**
   * The deepest agent token (DESIGN: a child token's `depth` ≤ this). A first-level agent's token has
   * depth 1, so 3 allows person → agent → child → grandchild; 1 allows no delegation.
   */
  AGENT_MAX_DELEGATION_DEPTH: z.coerce.number().int().min(0).max(10).default(3),
  /** DESIGN §3: an agent token's `exp` is at most 1 h after it is issued. */
  AGENT_TOKEN_MAX_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(3600),
  /** When the request names no `ttlSeconds`; never more than the maximum above. */
  AGENT_TOKEN_DEFAULT_TTL_SECONDS: env.int(900, 1),
});
export type AgentCapabilityConfig = z.infer<typeof agentCapabilityConfigSchema>;

export const loadAgentCapabilityConfig = (env: NodeJS.ProcessEnv = process.env): AgentCapabilityConfig =>
  loadConfig(agentCapabilityConfigSchema, env);
