import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CheckLoginReply,
  LoginAttempt,
  LoginFailureReply,
  LoginSuccessReply,
  SecurityPatterns,
  UnlockAccountReply,
  UnlockAccountRequest,
} from '@portcullis/contracts';
import { CheckLoginUseCase } from './check-login.use-case';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';
import { RecordLoginSuccessUseCase } from './record-login-success.use-case';
import { ReleaseLoginUseCase } from './release-login.use-case';
import { UnlockAccountUseCase } from './unlock-account.use-case';

/**
 * The bus face of lockout; each pattern hands straight to its use case.
 */
@Controller()
export class LockoutMessageController {
  constructor(
    private readonly checkLogin: CheckLoginUseCase,
    private readonly recordFailure: RecordLoginFailureUseCase,
    private readonly recordSuccess: RecordLoginSuccessUseCase,
    private readonly unlockAccount: UnlockAccountUseCase,
    private readonly releaseLogin: ReleaseLoginUseCase,
  ) {}

  @MessagePattern(SecurityPatterns.checkLogin.pattern)
  check(@Payload() attempt: LoginAttempt): Promise<CheckLoginReply> {
    return this.checkLogin.execute(attempt);
  }

  @MessagePattern(SecurityPatterns.recordLoginFailure.pattern)
  failure(@Payload() attempt: LoginAttempt): Promise<LoginFailureReply> {
    return this.recordFailure.execute(attempt);
  }

  @MessagePattern(SecurityPatterns.recordLoginSuccess.pattern)
  success(@Payload() attempt: LoginAttempt): Promise<LoginSuccessReply> {
    return this.recordSuccess.execute(attempt);
  }

  @MessagePattern(SecurityPatterns.releaseLogin.pattern)
  release(@Payload() attempt: LoginAttempt): Promise<void> {
    return this.releaseLogin.execute(attempt);
  }

  @MessagePattern(SecurityPatterns.unlockAccount.pattern)
  unlock(@Payload() request: UnlockAccountRequest): Promise<UnlockAccountReply> {
    return this.unlockAccount.execute(request);
  }
}
