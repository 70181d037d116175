import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { PrincipalRequest, RevokeSessionCommand, sessionIdOf, SessionView, TokenPatterns } from '@portcullis/contracts';

/** A user's own sessions. Another user's session id answers SESSION_NOT_FOUND (404), never 403. */
@Injectable()
export class SessionsUseCase {
  constructor(private readonly bus: BusClient) {}

  async list({ principal }: PrincipalRequest): Promise<SessionView[]> {
    const sessions = await this.bus.call(TokenPatterns.listSessions, { userId: principal.userId });
    const current = sessionIdOf(principal);
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
