import { z } from 'zod';
import { pageLimit, pageNumber } from '../common/common.schemas';
import { objectOf, uuid } from '../common/schema-helpers';
import { AuditRecordDto, ListAuditLogsRequest, VerifyAuditChainReply } from './dto/audit.dto';
import { PutRateLimitPoliciesRequest, RATE_LIMIT_POLICY_NAMES, RateLimitPolicyDto } from './dto/rate-limit-policy.dto';
import {
  CheckLoginReply,
  LoginAttempt,
  LoginFailureReply,
  LoginReservation,
  LoginSuccessReply,
  UnlockAccountReply,
  UnlockAccountRequest,
} from './dto/login-attempt.dto';

const loginReservationSchema = objectOf<LoginReservation>()({ id: z.string().max(128), trustedDevice: z.boolean() });

/** Security normalises the email itself; the bounds keep a hostile value out of Redis keys. */
export const loginAttemptSchema = objectOf<LoginAttempt>()({
  email: z.string().max(1024),
  ip: z.string().max(64).optional(),
  deviceToken: z.string().max(2048).optional(),
  reservation: loginReservationSchema.optional(),
});

export const checkLoginReplySchema = objectOf<CheckLoginReply>()({ reservation: loginReservationSchema });
export const loginSuccessReplySchema = objectOf<LoginSuccessReply>()({
  deviceToken: z.string(),
  deviceTokenTtlSeconds: z.number(),
});
export const loginFailureReplySchema = objectOf<LoginFailureReply>()({
  locked: z.boolean(),
  failures: z.number().int(),
});

export const unlockAccountRequestSchema = objectOf<UnlockAccountRequest>()({
  email: z.string().max(1024),
  userId: uuid().optional(),
});
export const unlockAccountReplySchema = objectOf<UnlockAccountReply>()({ unlocked: z.boolean() });

export const auditRecordSchema = objectOf<AuditRecordDto>()({
  id: z.string(),
  seq: z.number().int(),
  type: z.string(),
  actorId: z.string().nullable(),
  subject: z.object({ type: z.string(), id: z.string() }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  data: z.record(z.unknown()),
  occurredAt: z.string(),
  recordedAt: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const listAuditLogsRequestSchema = objectOf<ListAuditLogsRequest>()({
  page: pageNumber().default(1),
  limit: pageLimit().default(20),
  actorId: z.string().max(256).optional(),
  type: z.string().max(128).optional(),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  agentId: z
    .string()
    .regex(/^agt_[A-Za-z0-9-]{1,64}$/, 'must be agt_<id>')
    .optional(),
});

export const verifyAuditChainReplySchema = objectOf<VerifyAuditChainReply>()({
  intact: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().optional(),
});

export const rateLimitPolicySchema = objectOf<RateLimitPolicyDto>()({
  name: z.enum(RATE_LIMIT_POLICY_NAMES),
  scope: z.enum(['ip', 'user', 'api-key', 'agent', 'upstream', 'global']),
  limit: z.number().int(),
  windowSeconds: z.number().int(),
  description: z.string(),
  updatedAt: z.string(),
});

export const putRateLimitPoliciesRequestSchema = objectOf<PutRateLimitPoliciesRequest>()({
  policies: z
    .array(
      z.object({
        name: z.enum(RATE_LIMIT_POLICY_NAMES),
        limit: z.number().int().min(1).max(1_000_000_000),
        windowSeconds: z.number().int().min(1).max(31_536_000),
      }),
    )
    .min(1)
    .max(RATE_LIMIT_POLICY_NAMES.length),
  actorId: uuid(),
});
