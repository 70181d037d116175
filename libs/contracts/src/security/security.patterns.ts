import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
import { AuditRecordDto, ListAuditLogsRequest, VerifyAuditChainReply } from './dto/audit.dto';
import { LoginAttempt, LoginFailureReply, UnlockAccountReply, UnlockAccountRequest } from './dto/login-attempt.dto';

export const SecurityPatterns = {
  /** Before checking a password: AUTH_ACCOUNT_LOCKED or RATE_LIMITED, with details.retryAfterSeconds. */
  checkLogin: rpc<LoginAttempt, void>('security.checkLogin'),
  recordLoginFailure: rpc<LoginAttempt, LoginFailureReply>('security.recordLoginFailure'),
  /** Clears the account's failure count. */
  recordLoginSuccess: rpc<LoginAttempt, void>('security.recordLoginSuccess'),
  unlockAccount: rpc<UnlockAccountRequest, UnlockAccountReply>('security.unlockAccount'),
  /** Newest first. */
  listAuditLogs: rpc<ListAuditLogsRequest, Page<AuditRecordDto>>('security.listAuditLogs'),
  verifyAuditChain: rpc<Record<string, never>, VerifyAuditChainReply>('security.verifyAuditChain'),
};
