import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { anyDomainEvent, DomainEvent } from '@portcullis/contracts';
import { ApplyOwnerChangeUseCase } from '../owners/apply-owner-change.use-case';
import { FanOutBatcher } from './fan-out-batcher';
import { toWebhookPayload } from './webhook-payload';

/**
 * Every domain event on the bus, through this service's own consumer group: events published while
 * the dispatcher is down wait in the stream for it. A failure here leaves the event un-acked, so
 * the bus redelivers it (and dead-letters it after repeated failures). The bus checks each event
 * against its type's contract, or the bare envelope for types this app has no definition of; one
 * that is no domain event at all goes to the dead-letter stream without reaching this handler.
 */
@Controller()
export class FanOutMessageController {
  constructor(
    private readonly fanOut: FanOutBatcher,
    private readonly ownerChanges: ApplyOwnerChangeUseCase,
  ) {}

  @EventPattern('*', { schema: anyDomainEvent })
  async onEvent(@Payload() message: DomainEvent): Promise<void> {
    const event = toWebhookPayload(message);
    // First: a user's deletion or demotion must narrow their subscriptions before anything fans out.
    await this.ownerChanges.execute(event);
    await this.fanOut.submit(event);
  }
}
