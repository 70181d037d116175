import { ConfigError, env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_KEY_ENCRYPTION_KEY = 'portcullis-dev-only-token-key-encryption-key';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optionalSecret = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional());

export const tokenConfigSchema = serviceConfigSchema(3003).extend({
  /** Seals private signing keys and in-flight refresh successors at rest. */
  TOKEN_KEY_ENCRYPTION_KEY: optionalSecret,
  JWT_ISSUER: z.string().min(1).default('portcullis'),
  JWT_AUDIENCE: z.string().min(1).default('portcullis-api'),
  ACCESS_TOKEN_TTL_SECONDS: env.int(900, 30),
  REFRESH_TOKEN_TTL_SECONDS: env.int(604800, 60),
  REFRESH_REUSE_GRACE_SECONDS: env.int(10, 0),
});

export type TokenConfig = Omit<z.infer<typeof tokenConfigSchema>, 'TOKEN_KEY_ENCRYPTION_KEY'> & {
  TOKEN_KEY_ENCRYPTION_KEY: string;
  /** True when the dev fallback is in use; main logs a warning once. */
  usingDevKeyEncryptionKey: boolean;
};

/** What the use cases need, so unit tests can build it without a whole environment. */
export type TokenSettings = Pick<
  TokenConfig,
  'JWT_ISSUER' | 'JWT_AUDIENCE' | 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_SECONDS' | 'REFRESH_REUSE_GRACE_SECONDS'
>;
export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');

export function loadTokenConfig(environment: NodeJS.ProcessEnv = process.env): TokenConfig {
  const { TOKEN_KEY_ENCRYPTION_KEY: key, ...rest } = loadConfig(tokenConfigSchema, environment);
  if (!key && rest.NODE_ENV === 'production') {
    throw new ConfigError(['TOKEN_KEY_ENCRYPTION_KEY: required when NODE_ENV=production (it seals the private signing keys)']);
  }
  return { ...rest, TOKEN_KEY_ENCRYPTION_KEY: key ?? DEV_KEY_ENCRYPTION_KEY, usingDevKeyEncryptionKey: !key };
}
