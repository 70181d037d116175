import { ConfigError, env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

export const securityConfigSchema = serviceConfigSchema(3004).extend({
  /** Failed logins for one account, within the window, that lock it (DESIGN §3: 5 in 15 min). */
  LOCKOUT_MAX_FAILURES: env.int(5, 1),
  LOCKOUT_WINDOW_SECONDS: env.int(900, 1),
  /** How long a lock lasts; it expires by itself, or an admin unlocks it sooner. */
  LOCKOUT_DURATION_SECONDS: env.int(900, 1),
  /** Failed logins from one IP, within its window, after which that IP is refused (any account). */
  IP_FAILURE_LIMIT: env.int(30, 1),
  IP_FAILURE_WINDOW_SECONDS: env.int(900, 1),
  /** Signs audit jobs as they are queued; the writer refuses any job without a valid signature. */
  AUDIT_JOB_SIGNING_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
});

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_AUDIT_JOB_SIGNING_KEY = 'portcullis-dev-only-audit-job-signing-key';

export type SecurityConfig = Omit<z.infer<typeof securityConfigSchema>, 'AUDIT_JOB_SIGNING_KEY'> & { AUDIT_JOB_SIGNING_KEY: string };

export function loadSecurityConfig(vars: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const { AUDIT_JOB_SIGNING_KEY: key, ...rest } = loadConfig(securityConfigSchema, vars);
  if (rest.NODE_ENV === 'production' && !key) {
    throw new ConfigError(['AUDIT_JOB_SIGNING_KEY: required when NODE_ENV=production (it proves audit jobs came from the security app)']);
  }
  return { ...rest, AUDIT_JOB_SIGNING_KEY: key ?? DEV_AUDIT_JOB_SIGNING_KEY };
}
