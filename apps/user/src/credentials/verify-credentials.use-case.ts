import { Injectable } from '@nestjs/common';
import { UserDto, VerifyCredentialsRequest } from '@portcullis/contracts';
import { toUserDto } from '../users/user-dto';
import { UserRepository } from '../users/user.repository';
import { accountDisabled, invalidCredentials } from './credential-errors';
import { PasswordHasher } from './password-hasher';

/**
 * The password check behind login. An unknown email still costs a full bcrypt comparison (against
 * a dummy), so neither the answer nor its timing tells an attacker whether an account exists.
 */
@Injectable()
export class VerifyCredentialsUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(request: VerifyCredentialsRequest): Promise<UserDto> {
    const { email } = request;
    const user = email ? await this.users.findByEmail(email) : null;
    const matches = await this.hasher.verify(request.password, user?.passwordHash ?? null);
    if (!user || !matches) throw invalidCredentials();
    // Only after the password matched: "disabled" must not become a way to probe for accounts.
    if (!user.isActive) throw accountDisabled();
    return toUserDto(user);
  }
}
