import { pageOf } from '../common/common.schemas';
import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
import { empty } from '../common/schema-helpers';
import { z } from 'zod';
import { AuditRecordDto, ListAuditLogsRequest, VerifyAuditChainReply } from './dto/audit.dto';
import { PutRateLimitPoliciesRequest, RateLimitPolicyDto } from './dto/rate-limit-policy.dto';
import {
  CheckLoginReply,
  LoginAttempt,
  LoginFailureReply,
  LoginSuccessReply,
  UnlockAccountReply,
  UnlockAccountRequest,
} from './dto/login-attempt.dto';
import * as s from './security.schemas';

export const SecurityPatterns = {
  /**
   * Before checking a password: reserves one of the account's (or trusted device's) remaining
   * attempts, or AUTH_ACCOUNT_LOCKED / RATE_LIMITED with details.retryAfterSeconds.
   */
  checkLogin: rpc<LoginAttempt, CheckLoginReply>('security.checkLogin', {
    payload: s.loginAttemptSchema,
    reply: s.checkLoginReplySchema,
  }),
  /** Turns the attempt's reservation (if any) into a counted failure. */
  recordLoginFailure: rpc<LoginAttempt, LoginFailureReply>('security.recordLoginFailure', {
    payload: s.loginAttemptSchema,
    reply: s.loginFailureReplySchema,
  }),
  /** Frees the reservation, clears the failure count and issues a device token. */
  recordLoginSuccess: rpc<LoginAttempt, LoginSuccessReply>('security.recordLoginSuccess', {
    payload: s.loginAttemptSchema,
    reply: s.loginSuccessReplySchema,
  }),
  /** Frees a reservation whose password check ended neither way (a timeout, an outage). */
  releaseLogin: rpc<LoginAttempt, void>('security.releaseLogin', { payload: s.loginAttemptSchema, reply: z.void() }),
  unlockAccount: rpc<UnlockAccountRequest, UnlockAccountReply>('security.unlockAccount', {
    payload: s.unlockAccountRequestSchema,
    reply: s.unlockAccountReplySchema,
  }),
  /** Newest first. */
  listAuditLogs: rpc<ListAuditLogsRequest, Page<AuditRecordDto>>('security.listAuditLogs', {
    payload: s.listAuditLogsRequestSchema,
    reply: pageOf(s.auditRecordSchema),
  }),
  verifyAuditChain: rpc<Record<string, never>, VerifyAuditChainReply>('security.verifyAuditChain', {
    payload: empty(),
    reply: s.verifyAuditChainReplySchema,
  }),
  /** The tier rate-limit policies every gateway applies (cached there, reloaded on RATE_LIMIT_POLICIES_TOPIC). */
  listRateLimitPolicies: rpc<Record<string, never>, RateLimitPolicyDto[]>('security.rateLimits.list', {
    payload: empty(),
    reply: z.array(s.rateLimitPolicySchema),
  }),
  /** Admin change; answers the whole list after it and broadcasts RATE_LIMIT_POLICIES_TOPIC. */
  putRateLimitPolicies: rpc<PutRateLimitPoliciesRequest, RateLimitPolicyDto[]>('security.rateLimits.put', {
    payload: s.putRateLimitPoliciesRequestSchema,
    reply: z.array(s.rateLimitPolicySchema),
  }),
};
