import { Injectable } from '@nestjs/common';
import { WebhookPayload } from '@portcullis/contracts';
import { MicroBatcher } from '../common/micro-batcher';
import { FanOutEventUseCase } from './fan-out-event.use-case';

/**
 * Fans out together the events the bus hands over at once (it dispatches a whole XREADGROUP reply
 * in one go). Each event's promise settles only when its own deliveries are stored and queued, so
 * the bus still acks an event only after that; a failed batch is retried event by event, so one
 * bad event cannot hold back, or dead-letter, the rest.
 */
@Injectable()
export class FanOutBatcher {
  private readonly batcher: MicroBatcher<WebhookPayload, number>;

  constructor(fanOut: FanOutEventUseCase) {
    this.batcher = new MicroBatcher({ name: FanOutBatcher.name, run: (events) => fanOut.executeBatch(events) });
  }

  /** Resolves how many subscriptions the event is for. */
  submit(event: WebhookPayload): Promise<number> {
    return this.batcher.submit(event);
  }
}
