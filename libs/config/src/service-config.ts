import { z } from 'zod';
import { baseConfigSchema } from './base-config';
import { env } from './env-types';

/** Config every bus-connected service shares: the base plus its ops HTTP port. */
export function serviceConfigSchema(defaultOpsPort: number) {
  return baseConfigSchema.extend({
    OPS_PORT: env.port(defaultOpsPort),
    /** Apply this app's migrations at start (under an advisory lock, so replicas may race safely). */
    DB_MIGRATE_ON_START: env.bool(true),
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;
