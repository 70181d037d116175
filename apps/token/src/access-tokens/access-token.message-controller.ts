import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SignAccessReply, SignAccessRequest, TokenPatterns } from '@portcullis/contracts';
import { SignAccessUseCase } from './sign-access.use-case';

@Controller()
export class AccessTokenMessageController {
  constructor(private readonly signAccess: SignAccessUseCase) {}

  /**
   * Called by auth right after a refresh rotation, with the user's current roles; the session was
   * checked by that rotation, so this hot path does not query it again.
   */
  @MessagePattern(TokenPatterns.signAccess.pattern)
  async sign(@Payload() request: SignAccessRequest): Promise<SignAccessReply> {
    const { accessToken, expiresIn } = await this.signAccess.execute({
      userId: request.userId,
      roles: request.roles,
      sessionId: request.sessionId,
    });
    return { accessToken, expiresIn };
  }
}
