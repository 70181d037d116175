import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { JwkSet, RotateSigningKeyReply, RotateSigningKeyRequest, TokenPatterns } from '@portcullis/contracts';
import { GetJwksUseCase } from './get-jwks.use-case';
import { RotateSigningKeyUseCase } from './rotate-signing-key.use-case';

@Controller()
export class SigningKeyMessageController {
  constructor(
    private readonly getJwks: GetJwksUseCase,
    private readonly rotateSigningKey: RotateSigningKeyUseCase,
  ) {}

  @MessagePattern(TokenPatterns.jwks.pattern)
  jwks(): Promise<JwkSet> {
    return this.getJwks.execute();
  }

  /** Who may rotate is the gateway's decision (super_admin); the bus is internal. */
  @MessagePattern(TokenPatterns.rotateSigningKey.pattern)
  rotate(@Payload() request: RotateSigningKeyRequest): Promise<RotateSigningKeyReply> {
    return this.rotateSigningKey.execute(request);
  }
}
