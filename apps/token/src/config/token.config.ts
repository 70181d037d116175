import { ConfigError, env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_KEY_ENCRYPTION_KEY = 'portcullis-dev-only-token-key-encryption-key';
/** Likewise for API-key hashes; a key hashed with it is worthless anywhere the default is not. */
export const DEV_API_KEY_PEPPER = 'portcullis-dev-only-api-key-pepper';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optionalSecret = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().min(16, 'must be at least 16 characters').optional(),
);

export const tokenConfigSchema = serviceConfigSchema(3003).extend({
  /** Seals private signing keys and in-flight refresh successors at rest. */
  TOKEN_KEY_ENCRYPTION_KEY: optionalSecret,
  JWT_ISSUER: z.string().min(1).default('portcullis'),
  JWT_AUDIENCE: z.string().min(1).default('portcullis-api'),
  ACCESS_TOKEN_TTL_SECONDS: env.int(900, 30),
  REFRESH_TOKEN_TTL_SECONDS: env.int(604800, 60),
  REFRESH_REUSE_GRACE_SECONDS: env.int(10, 0),
  /** Server-side secret mixed into every API-key hash, so a stolen table alone cannot test guesses. */
  API_KEY_PEPPER: optionalSecret,
  /** How long an API key owner's permissions are cached (a user-changed notice drops them sooner). */
  API_KEY_OWNER_CACHE_SECONDS: env.int(30, 0),
  /** How often recorded API-key uses are written as `last_used_at` (one statement per flush). */
  API_KEY_LAST_USED_FLUSH_MS: env.int(5000, 100),
});

export type TokenConfig = Omit<z.infer<typeof tokenConfigSchema>, 'TOKEN_KEY_ENCRYPTION_KEY' | 'API_KEY_PEPPER'> & {
  TOKEN_KEY_ENCRYPTION_KEY: string;
  /** True when the dev fallback is in use; main logs a warning once. */
  usingDevKeyEncryptionKey: boolean;
  API_KEY_PEPPER: string;
  usingDevApiKeyPepper: boolean;
};

/** What the use cases need, so unit tests can build it without a whole environment. */
/** What the token use cases need from the config, in domain words: they never see variable names. */
export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
}
export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');

export function tokenSettingsFrom(config: TokenConfig): TokenSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    refreshReuseGraceSeconds: config.REFRESH_REUSE_GRACE_SECONDS,
  };
}

export function loadTokenConfig(environment: NodeJS.ProcessEnv = process.env): TokenConfig {
  const { TOKEN_KEY_ENCRYPTION_KEY: key, API_KEY_PEPPER: pepper, ...rest } = loadConfig(tokenConfigSchema, environment);
  if (rest.NODE_ENV === 'production') {
    const missing = [
      ...(key
        ? []
        : ['TOKEN_KEY_ENCRYPTION_KEY: required when NODE_ENV=production (it seals the private signing keys)']),
      ...(pepper
        ? []
        : ['API_KEY_PEPPER: required when NODE_ENV=production (it is mixed into every stored API-key hash)']),
    ];
    if (missing.length) throw new ConfigError(missing);
  }
  return {
    ...rest,
    TOKEN_KEY_ENCRYPTION_KEY: key ?? DEV_KEY_ENCRYPTION_KEY,
    usingDevKeyEncryptionKey: !key,
    API_KEY_PEPPER: pepper ?? DEV_API_KEY_PEPPER,
    usingDevApiKeyPepper: !pepper,
  };
}
