import { env, loadConfig, serviceConfigSchema } from '@portcullis/config';
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
});
export type SecurityConfig = z.infer<typeof securityConfigSchema>;

export const loadSecurityConfig = (vars: NodeJS.ProcessEnv = process.env): SecurityConfig => loadConfig(securityConfigSchema, vars);
