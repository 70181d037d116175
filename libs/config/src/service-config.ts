import { z } from 'zod';
import { baseConfigSchema } from './base-config';
import { env } from './env-types';

/** Config every bus-connected service shares: the base plus its ops HTTP port. */
export function serviceConfigSchema(defaultOpsPort: number) {
  return baseConfigSchema.extend({
    OPS_PORT: env.port(defaultOpsPort),
    /** Address the ops port binds to; 127.0.0.1 keeps it off the network where nothing scrapes it. */
    OPS_HOST: env.host('0.0.0.0'),
    /** Apply this app's migrations at start (under an advisory lock, so replicas may race safely). */
    DB_MIGRATE_ON_START: env.bool(true),
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;
