import { Injectable } from '@nestjs/common';
import { ChangePasswordRequest } from '@portcullis/contracts';
import { requireUser } from '../users/find-user.use-case';
import { UserRepository } from '../users/user.repository';
import { accountDisabled, invalidCredentials } from './credential-errors';
import { PasswordHasher } from './password-hasher';
import { PasswordRules } from './password-rules';

/**
 * Replaces a user's password after proving they know the current one. Ending the other sessions
 * and announcing auth.password.changed are the auth app's half of the change.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
  ) {}

  async execute(request: ChangePasswordRequest): Promise<void> {
    const user = await requireUser(this.users, request.id);
    const current = typeof request.currentPassword === 'string' ? request.currentPassword : '';
    if (!(await this.hasher.verify(current, user.passwordHash))) throw invalidCredentials('Current password is incorrect');
    if (!user.isActive) throw accountDisabled();
    this.rules.assertAcceptable(request.newPassword, { email: user.email, field: 'newPassword', current });

    const next = await this.hasher.hash(request.newPassword);
    // Someone changed it between our read and this write: the password just proven is stale.
    if (!(await this.users.replacePasswordHash(user.id, user.passwordHash, next))) {
      throw invalidCredentials('Current password is incorrect');
    }
  }
}
