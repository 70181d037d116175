import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RedisStreamsContext } from '@portcullis/bus';
import { ApplyOwnerChangeUseCase } from '../owners/apply-owner-change.use-case';
import { FanOutBatcher } from './fan-out-batcher';
import { readIncomingEvent } from './incoming-event';

/**
 * Every domain event on the bus, through this service's own consumer group: events published while
 * the dispatcher is down wait in the stream for it. A failure here leaves the event un-acked, so
 * the bus redelivers it (and dead-letters it after repeated failures).
 */
@Controller()
export class FanOutMessageController {
  private readonly logger = new Logger(FanOutMessageController.name);

  constructor(
    private readonly fanOut: FanOutBatcher,
    private readonly ownerChanges: ApplyOwnerChangeUseCase,
  ) {}

  @EventPattern('*')
  async onEvent(@Payload() message: unknown, @Ctx() ctx: RedisStreamsContext): Promise<void> {
    const event = readIncomingEvent(message, ctx.getPattern(), ctx.getMessageId());
    if (!event) {
      this.logger.warn(`Skipping ${ctx.getPattern()} (${ctx.getMessageId()}): not a domain event envelope`);
      return;
    }
    // First: a user's deletion or demotion must narrow their subscriptions before anything fans out.
    await this.ownerChanges.execute(event);
    await this.fanOut.submit(event);
  }
}
