import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RedisStreamsContext } from '@portcullis/bus';
import { anyDomainEvent } from '@portcullis/contracts';
import { EnqueueAuditEventUseCase } from './enqueue-audit-event.use-case';

/**
 * Every domain event, through the security service's own consumer group: events published while
 * it is down wait in the stream. A throw here leaves the message un-acked for the bus to retry.
 * The bus checks the envelope first: what is no domain event goes to its dead-letter stream.
 */
@Controller()
export class AuditEventController {
  constructor(private readonly enqueue: EnqueueAuditEventUseCase) {}

  @EventPattern('*', { schema: anyDomainEvent })
  onEvent(@Payload() event: unknown, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    return this.enqueue.execute(event, ctx.getMessageId());
  }
}
