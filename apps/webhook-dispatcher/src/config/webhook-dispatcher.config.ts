import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const webhookDispatcherConfigSchema = serviceConfigSchema(3006);
export type WebhookDispatcherConfig = z.infer<typeof webhookDispatcherConfigSchema>;

export const loadWebhookDispatcherConfig = (env: NodeJS.ProcessEnv = process.env): WebhookDispatcherConfig => loadConfig(webhookDispatcherConfigSchema, env);
