import { Injectable } from '@nestjs/common';
import { ChangePasswordRequest } from '@portcullis/contracts';
import { SessionRevoker } from '../admin/session-revoker';
import { requireUser } from '../users/find-user.use-case';
import { UserEvents } from '../users/user-events';
import { UserRepository } from '../users/user.repository';
import { accountDisabled, invalidCredentials } from './credential-errors';
import { PasswordHasher } from './password-hasher';
import { PasswordRules } from './password-rules';

/**
 * Replaces a user's password after proving they know the current one, and ends every other session
 * of theirs in the same transaction: if the token app cannot be reached the change rolls back (and
 * can be retried) rather than leave a stolen session alive behind a new password. The event that
 * reports it commits with it.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
    private readonly sessions: SessionRevoker,
  ) {}

  async execute(request: ChangePasswordRequest): Promise<void> {
    const user = await requireUser(this.users, request.id);
    const current = typeof request.currentPassword === 'string' ? request.currentPassword : '';
    if (!(await this.hasher.verify(current, user.passwordHash)))
      throw invalidCredentials('Current password is incorrect');
    if (!user.isActive) throw accountDisabled();
    this.rules.assertAcceptable(request.newPassword, { email: user.email, field: 'newPassword', current });

    const next = await this.hasher.hash(request.newPassword);
    await this.users.transaction(async (tx) => {
      // Someone changed it between our read and this write: the password just proven is stale.
      if (!(await tx.replacePasswordHash(user.id, user.passwordHash, next)))
        throw invalidCredentials('Current password is incorrect');
      const keep =
        typeof request.keepSessionId === 'string' && request.keepSessionId ? request.keepSessionId : undefined;
      const revoked = await this.sessions.revokeAll(user.id, 'password_changed', keep);
      await tx.announce(UserEvents.passwordChanged(user.id, revoked));
    });
  }
}
