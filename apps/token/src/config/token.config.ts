import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const tokenConfigSchema = serviceConfigSchema(3003);
export type TokenConfig = z.infer<typeof tokenConfigSchema>;

export const loadTokenConfig = (env: NodeJS.ProcessEnv = process.env): TokenConfig => loadConfig(tokenConfigSchema, env);
