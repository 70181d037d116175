import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgentTokenPatterns, SignAgentTokenReply, SignAgentTokenRequest } from '@portcullis/contracts';
import { SignAgentTokenUseCase } from './sign-agent-token.use-case';

@Controller()
export class AgentTokenMessageController {
  constructor(private readonly signAgentToken: SignAgentTokenUseCase) {}

  /** The agent-capability app decided the grant; this app only signs it. */
  @MessagePattern(AgentTokenPatterns.sign.pattern)
  sign(@Payload() request: SignAgentTokenRequest): Promise<SignAgentTokenReply> {
    return this.signAgentToken.execute(request);
  }
}
