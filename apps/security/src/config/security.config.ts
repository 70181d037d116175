import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const securityConfigSchema = serviceConfigSchema(3004);
export type SecurityConfig = z.infer<typeof securityConfigSchema>;

export const loadSecurityConfig = (env: NodeJS.ProcessEnv = process.env): SecurityConfig => loadConfig(securityConfigSchema, env);
