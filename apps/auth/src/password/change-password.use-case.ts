import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { ChangePasswordCommand, UserPatterns } from '@portcullis/contracts';

/**
 * A new password ends every other session; the one that changed it stays signed in. The user app
 * does both, and records auth.password.changed, in one transaction.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute({ principal, currentPassword, newPassword, meta }: ChangePasswordCommand): Promise<void> {
    await this.bus.call(UserPatterns.changePassword, { id: principal.userId, currentPassword, newPassword, keepSessionId: principal.sessionId, meta });
  }
}
