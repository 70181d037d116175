import { BaseRpcContext } from '@nestjs/microservices';

type ContextArgs = [stream: string, messageId: string, pattern: string, deliveryCount: number];

/**
 * What `@Ctx()` gives a handler: the stream entry id is unique per message and stable across
 * redeliveries, so event handlers use it as their idempotency key.
 */
export class RedisStreamsContext extends BaseRpcContext<ContextArgs> {
  getStream(): string {
    return this.args[0];
  }
  getMessageId(): string {
    return this.args[1];
  }
  getPattern(): string {
    return this.args[2];
  }
  /** 1 on first delivery; more when a message was taken over from a dead replica or retried. */
  getDeliveryCount(): number {
    return this.args[3];
  }
}
