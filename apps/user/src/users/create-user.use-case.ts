import { Injectable } from '@nestjs/common';
import { AppError, throwIfDeadlinePassed } from '@portcullis/common';
import { CreateUserRequest, ErrorCode, UserDto } from '@portcullis/contracts';
import { PasswordHasher } from '../credentials/password-hasher';
import { PasswordRules } from '../credentials/password-rules';
import { toUserDto } from './user-dto';
import { UserEvents } from './user-events';
import { UserRepository } from './user.repository';

/**
 * Registration's storage half: every new account starts with the `user` role. The email arrives
 * normalised and checked, the display name trimmed, by the contract.
 */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
  ) {}

  async execute(request: CreateUserRequest): Promise<UserDto> {
    const { email } = request;
    this.rules.assertAcceptable(request.password, { email, field: 'password' });

    const passwordHash = await this.hasher.hash(request.password);
    // Hashing is the slow part; if the caller gave up meanwhile, storing now would make its retry a 409.
    throwIfDeadlinePassed('storing the new account');
    const displayName = request.displayName ?? null;
    const user = await this.users.transaction(async (tx) => {
      const created = await tx.insert({ email, displayName, passwordHash, role: 'user' });
      if (created) await tx.announce(UserEvents.registered(created));
      return created;
    });
    if (!user) throw new AppError(ErrorCode.AUTH_EMAIL_TAKEN, 'An account with this email already exists');
    return toUserDto(user);
  }
}
