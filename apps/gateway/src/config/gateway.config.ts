import { baseConfigSchema, ConfigError, env, loadConfig } from '@portcullis/config';
import { z } from 'zod';
import { DEV_UPSTREAM_SECRETS_KEY, proxyConfigFields, proxyConfigProblems } from './proxy.config';

/** A rate limit written `<requests>/<seconds>`, e.g. `5/60`. */
const rate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^\s*[1-9]\d*\s*\/\s*[1-9]\d*\s*$/.test(v), 'must be <requests>/<seconds>, e.g. 5/60')
    .transform((v) => {
      const [limit, windowSeconds] = v.split('/').map((n) => Number(n.trim()));
      return { limit, windowSeconds };
    });

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3000),
  /** Readiness and metrics live here, not on the public port (they name internal apps and counts). */
  OPS_PORT: env.port(3007),
  OPS_HOST: env.host('0.0.0.0'),
  DB_MIGRATE_ON_START: env.bool(true),
  /** Largest request body accepted; larger gets 413. */
  BODY_LIMIT_BYTES: env.int(1024 * 1024, 1),
  /** Comma-separated origins allowed by CORS; empty allows none. */
  CORS_ORIGINS: env.list(''),
  /** Comma-separated Host header values accepted; `*` accepts any. */
  ALLOWED_HOSTS: env.list('*'),
  /** Proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated). */
  TRUSTED_PROXIES: env.list('127.0.0.1,::1'),
  /** How long readiness waits for the signing keys, and /health/dependencies for each app's ping. */
  READINESS_TIMEOUT_MS: env.int(1500, 50),
  JWT_ISSUER: z.string().min(1).default('portcullis'),
  JWT_AUDIENCE: z.string().min(1).default('portcullis-api'),
  /** Verified access tokens remembered in memory (L1), so most requests skip the RSA check. */
  TOKEN_CACHE_SIZE: env.int(10000, 0),
  /** Bounds how stale a cached `/auth/me` view can be if a change notice is missed; 0 disables it. */
  USER_VIEW_TTL_SECONDS: env.int(30, 0),
  /** Besides the token app's rotation notice: how often the JWKS is reloaded (drops retired keys). */
  JWKS_REFRESH_SECONDS: env.int(60, 1),
  /** Per client IP: registrations (each an unauthenticated bcrypt hash). */
  RATE_LIMIT_REGISTER: rate('5/60'),
  /** Per client IP: logins, right or wrong (each a bcrypt compare); failed ones are also capped by IP_FAILURE_LIMIT. */
  RATE_LIMIT_LOGIN: rate('20/60'),
  /** Per client IP: refresh-token rotations. */
  RATE_LIMIT_REFRESH: rate('60/60'),
  /** Per client IP: password changes (each a bcrypt compare, then a hash). */
  RATE_LIMIT_CHANGE_PASSWORD: rate('5/300'),
  /** Longest a request waits on Redis for a rate-limit answer before the in-memory fallback decides. */
  RATE_LIMIT_REDIS_TIMEOUT_MS: env.int(250, 10),
  /** Whether the tier policies (IP, user by role, key default, agent, upstream default, global) apply; a key's or upstream's own limit always does. */
  RATE_LIMIT_TIERS: env.bool(true),
  /** How long an API-key verification is reused without asking the token app (revocations and owner changes drop it at once). */
  API_KEY_CACHE_SECONDS: env.int(30, 0),
  /** API-key verifications kept in memory. */
  API_KEY_CACHE_SIZE: env.int(10000, 1),
  /** How long a key verified this recently keeps working from cache while the token or user app is unreachable. */
  STALE_TOLERANCE_SECONDS: env.int(300, 0),
  /** How long an API-key verification waits on the token app before the stale cache is consulted. */
  API_KEY_VERIFY_TIMEOUT_MS: env.int(1000, 50),
  /** How long the token app's circuit breaker stays open before one probe goes through. */
  API_KEY_BREAKER_RESET_MS: env.int(5000, 100),
  ...proxyConfigFields,
});

export type GatewayConfig = Omit<z.infer<typeof gatewayConfigSchema>, 'UPSTREAM_SECRETS_KEY'> & {
  UPSTREAM_SECRETS_KEY: string;
  /** True when the dev fallback is in use. */
  usingDevUpstreamSecretsKey: boolean;
};

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const { UPSTREAM_SECRETS_KEY: key, ...rest } = loadConfig(gatewayConfigSchema, source);
  const problems = proxyConfigProblems(rest.NODE_ENV, key, rest.ALLOW_PRIVATE_TARGETS);
  if (problems.length) throw new ConfigError(problems);
  return { ...rest, UPSTREAM_SECRETS_KEY: key ?? DEV_UPSTREAM_SECRETS_KEY, usingDevUpstreamSecretsKey: !key };
}
