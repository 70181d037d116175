import { LoggerService } from '@nestjs/common';
import { RedisClient } from '@portcullis/common';
import { streamKeys } from './stream-keys';

const DEAD_LETTER_MAX_LEN = 10_000;

/**
 * Where a message no redelivery will fix goes: the service's dead-letter stream, with where it
 * came from and why, acked on its own stream in the same transaction so it is never lost between.
 */
export class DeadLetters {
  constructor(
    private readonly redis: RedisClient,
    private readonly settings: { prefix: string; service: string; group: string },
    private readonly logger: LoggerService,
  ) {}

  async move(stream: string, id: string, fields: string[], deliveries: number, reason: string): Promise<void> {
    const { prefix, service, group } = this.settings;
    await this.redis
      .multi()
      .xadd(
        streamKeys.deadLetter(prefix, service),
        'MAXLEN',
        '~',
        DEAD_LETTER_MAX_LEN,
        '*',
        ...fields,
        'source',
        stream,
        'sourceId',
        id,
        'deliveries',
        String(deliveries),
        'reason',
        reason,
      )
      .xack(stream, group, id)
      .exec();
    this.logger.error(`Moved ${id} from ${stream} to the dead-letter stream: ${reason}`);
  }
}
