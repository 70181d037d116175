import { z } from 'zod';
import { PingReply, PingRequest } from './ping.dto';
import { objectOf } from './schema-helpers';

/** page ≥ 1 and 1 ≤ limit ≤ 100, as the gateway's list endpoints allow. */
export const pageNumber = () => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const pageLimit = () => z.number().int().min(1).max(100);

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), limit: z.number().int() });

export const pingRequestSchema = objectOf<PingRequest>()({ nonce: z.string().max(256).optional() })
  .optional()
  .transform((r) => r ?? {});
export const pingReplySchema = objectOf<PingReply>()({
  service: z.string(),
  instanceId: z.string(),
  nonce: z.string().optional(),
  uptimeSeconds: z.number(),
});
