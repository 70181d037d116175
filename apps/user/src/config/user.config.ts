import { loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optional = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());

export const userConfigSchema = serviceConfigSchema(3002).extend({
  /**
   * bcrypt work factor. Each step doubles the time per hash: 12 is ~0.25 s on a server core. Below
   * 4 bcrypt refuses; above 15 a login takes seconds and the bus RPC would time out.
   */
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** DESIGN §3's policy minimum; passwords over 72 bytes are refused regardless (bcrypt's limit). */
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(1).max(72).default(8),
  /**
   * The bootstrap super_admin, created at start only while nobody holds super_admin (ignored after).
   * Required then when NODE_ENV=production; elsewhere a missing password is generated and written
   * to .portcullis/bootstrap-admin.txt. Checked at that point, not here, because whether they are
   * needed depends on the database.
   */
  ADMIN_EMAIL: optional,
  ADMIN_PASSWORD: optional,
});
export type UserConfig = z.infer<typeof userConfigSchema>;

export const loadUserConfig = (env: NodeJS.ProcessEnv = process.env): UserConfig => loadConfig(userConfigSchema, env);
