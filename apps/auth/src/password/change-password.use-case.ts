import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { ChangePasswordCommand, Events, TokenPatterns, UserPatterns } from '@portcullis/contracts';

/** A new password ends every other session; the one that changed it stays signed in. */
@Injectable()
export class ChangePasswordUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute({ principal, currentPassword, newPassword, meta }: ChangePasswordCommand): Promise<void> {
    await this.bus.call(UserPatterns.changePassword, { id: principal.userId, currentPassword, newPassword, meta });
    const { revoked } = await this.bus.call(TokenPatterns.revokeUserSessions, {
      userId: principal.userId,
      exceptSessionId: principal.sessionId,
      reason: 'password_changed',
    });
    await this.bus.publish(
      Events.passwordChanged,
      domainEvent(Events.passwordChanged, {
        subject: { type: 'user', id: principal.userId },
        actor: { type: 'user', id: principal.userId },
        data: { sessionsRevoked: revoked },
        meta,
      }),
    );
  }
}
