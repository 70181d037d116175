import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { JwkSet, RotateSigningKeyReply, TokenPatterns } from '@portcullis/contracts';
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
  rotate(): Promise<RotateSigningKeyReply> {
    return this.rotateSigningKey.execute();
  }
}
