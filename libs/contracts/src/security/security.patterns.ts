import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
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

export const SecurityPatterns = {
  /**
   * Before checking a password: reserves one of the account's (or trusted device's) remaining
   * attempts, or AUTH_ACCOUNT_LOCKED / RATE_LIMITED with details.retryAfterSeconds.
   */
  checkLogin: rpc<LoginAttempt, CheckLoginReply>('security.checkLogin'),
  /** Turns the attempt's reservation (if any) into a counted failure. */
  recordLoginFailure: rpc<LoginAttempt, LoginFailureReply>('security.recordLoginFailure'),
  /** Frees the reservation, clears the failure count and issues a device token. */
  recordLoginSuccess: rpc<LoginAttempt, LoginSuccessReply>('security.recordLoginSuccess'),
  /** Frees a reservation whose password check ended neither way (a timeout, an outage). */
  releaseLogin: rpc<LoginAttempt, void>('security.releaseLogin'),
  unlockAccount: rpc<UnlockAccountRequest, UnlockAccountReply>('security.unlockAccount'),
  /** Newest first. */
  listAuditLogs: rpc<ListAuditLogsRequest, Page<AuditRecordDto>>('security.listAuditLogs'),
  verifyAuditChain: rpc<Record<string, never>, VerifyAuditChainReply>('security.verifyAuditChain'),
  /** The tier rate-limit policies every gateway applies (cached there, reloaded on RATE_LIMIT_POLICIES_TOPIC). */
  listRateLimitPolicies: rpc<Record<string, never>, RateLimitPolicyDto[]>('security.rateLimits.list'),
  /** Admin change; answers the whole list after it and broadcasts RATE_LIMIT_POLICIES_TOPIC. */
  putRateLimitPolicies: rpc<PutRateLimitPoliciesRequest, RateLimitPolicyDto[]>('security.rateLimits.put'),
};
