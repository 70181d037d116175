import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const authConfigSchema = serviceConfigSchema(3001);
export type AuthConfig = z.infer<typeof authConfigSchema>;

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env): AuthConfig => loadConfig(authConfigSchema, env);
