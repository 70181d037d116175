import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ActiveRevocationsReply, TokenPatterns } from '@portcullis/contracts';
import { ListActiveRevocationsUseCase } from './list-active-revocations.use-case';

@Controller()
export class RevocationMessageController {
  constructor(private readonly listActive: ListActiveRevocationsUseCase) {}

  /** Gateways call this when they start and whenever their Redis connection comes back. */
  @MessagePattern(TokenPatterns.listActiveRevocations.pattern)
  list(): Promise<ActiveRevocationsReply> {
    return this.listActive.execute();
  }
}
