import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import {
  RevokeSessionCommand,
  sessionIdOf,
  SessionsOfRequest,
  SessionView,
  TokenPatterns,
} from '@portcullis/contracts';

/**
 * A user's own sessions, and for an admin another user's list (the gateway sends `userId` only for a
 * caller holding `sessions:scope-all`). Another user's session id answers SESSION_NOT_FOUND (404)
 * when revoking, never 403.
 */
@Injectable()
export class SessionsUseCase {
  constructor(private readonly bus: BusClient) {}

  async list({ principal, userId }: SessionsOfRequest): Promise<SessionView[]> {
    const owner = userId ?? principal.userId;
    const sessions = await this.bus.call(TokenPatterns.listSessions, { userId: owner });
    const current = owner === principal.userId ? sessionIdOf(principal) : undefined;
    return sessions.map((s) => ({ ...s, current: s.id === current }));
  }

  /** The token app records auth.session.revoked in the transaction that ends the session. */
  async revoke({ principal, sessionId }: RevokeSessionCommand): Promise<void> {
    await this.bus.call(TokenPatterns.revokeSession, {
      userId: principal.userId,
      sessionId,
      reason: 'revoked_by_user',
    });
  }
}
