import { ConfigError, env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_DEVICE_TOKEN_SECRET = 'portcullis-dev-only-device-token-secret';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optionalSecret = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().min(16, 'must be at least 16 characters').optional(),
);

export const securityConfigSchema = serviceConfigSchema(3004).extend({
  /** Failed logins for one account, within the window, that lock it (DESIGN §3: 5 in 15 min). */
  LOCKOUT_MAX_FAILURES: env.int(5, 1),
  LOCKOUT_WINDOW_SECONDS: env.int(900, 1),
  /** How long a lock lasts; it expires by itself, or an admin unlocks it sooner. */
  LOCKOUT_DURATION_SECONDS: env.int(900, 1),
  /** Longest a reserved password check holds its slot if its caller never reports back (a crash). */
  LOCKOUT_RESERVATION_TTL_SECONDS: env.int(15, 1),
  /** How long a login waits for a slot while the account's allowance is taken by checks in flight. */
  LOCKOUT_RESERVATION_WAIT_MS: env.int(3000, 0),
  /** Failed logins from one IP, within its window, after which that IP is refused (any account). */
  IP_FAILURE_LIMIT: env.int(30, 1),
  IP_FAILURE_WINDOW_SECONDS: env.int(900, 1),
  /** Signs audit jobs as they are queued; the writer refuses any job without a valid signature. */
  AUDIT_JOB_SIGNING_KEY: optionalSecret,
  /** Signs device tokens (OWASP device cookies); rotating it forgets every trusted device. */
  DEVICE_TOKEN_SECRET: optionalSecret,
  /** How long a device stays trusted after its last successful login. */
  DEVICE_TOKEN_TTL_SECONDS: env.int(90 * 24 * 3600, 60),
});

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_AUDIT_JOB_SIGNING_KEY = 'portcullis-dev-only-audit-job-signing-key';

type Secrets = 'AUDIT_JOB_SIGNING_KEY' | 'DEVICE_TOKEN_SECRET';

export type SecurityConfig = Omit<z.infer<typeof securityConfigSchema>, Secrets> & {
  AUDIT_JOB_SIGNING_KEY: string;
  DEVICE_TOKEN_SECRET: string;
  /** True when the dev fallback device-token secret is in use. */
  usingDevDeviceTokenSecret: boolean;
};

/** Secrets are required in production and fall back to dev-only values elsewhere. */
export function loadSecurityConfig(vars: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const {
    AUDIT_JOB_SIGNING_KEY: auditKey,
    DEVICE_TOKEN_SECRET: deviceSecret,
    ...rest
  } = loadConfig(securityConfigSchema, vars);
  if (rest.NODE_ENV === 'production') {
    const missing = [
      !auditKey &&
        'AUDIT_JOB_SIGNING_KEY: required when NODE_ENV=production (it proves audit jobs came from the security app)',
      !deviceSecret && 'DEVICE_TOKEN_SECRET: required when NODE_ENV=production (it signs device tokens)',
    ].filter((m): m is string => typeof m === 'string');
    if (missing.length) throw new ConfigError(missing);
  }
  return {
    ...rest,
    AUDIT_JOB_SIGNING_KEY: auditKey ?? DEV_AUDIT_JOB_SIGNING_KEY,
    DEVICE_TOKEN_SECRET: deviceSecret ?? DEV_DEVICE_TOKEN_SECRET,
    usingDevDeviceTokenSecret: !deviceSecret,
  };
}
