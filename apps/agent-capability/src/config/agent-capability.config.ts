import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const agentCapabilityConfigSchema = serviceConfigSchema(3005);
export type AgentCapabilityConfig = z.infer<typeof agentCapabilityConfigSchema>;

export const loadAgentCapabilityConfig = (env: NodeJS.ProcessEnv = process.env): AgentCapabilityConfig => loadConfig(agentCapabilityConfigSchema, env);
