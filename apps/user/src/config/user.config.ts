import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const userConfigSchema = serviceConfigSchema(3002);
export type UserConfig = z.infer<typeof userConfigSchema>;

export const loadUserConfig = (env: NodeJS.ProcessEnv = process.env): UserConfig => loadConfig(userConfigSchema, env);
