import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangePasswordRequest, UserDto, UserPatterns, VerifyCredentialsRequest } from '@portcullis/contracts';
import { ChangePasswordUseCase } from './change-password.use-case';
import { VerifyCredentialsUseCase } from './verify-credentials.use-case';

@Controller()
export class CredentialsMessageController {
  constructor(
    private readonly verifyCredentialsUseCase: VerifyCredentialsUseCase,
    private readonly changePasswordUseCase: ChangePasswordUseCase,
  ) {}

  @MessagePattern(UserPatterns.verifyCredentials.pattern)
  verifyCredentials(@Payload() request: VerifyCredentialsRequest): Promise<UserDto> {
    return this.verifyCredentialsUseCase.execute(request);
  }

  @MessagePattern(UserPatterns.changePassword.pattern)
  changePassword(@Payload() request: ChangePasswordRequest): Promise<void> {
    return this.changePasswordUseCase.execute(request);
  }
}
