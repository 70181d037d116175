import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { RedisConnectionSettings } from '@portcullis/common';
import { bullConnection, bullPrefix } from './bull-connection';
import { QueueName } from './queue-names';

export interface QueueConnectionOptions {
  redis: RedisConnectionSettings;
  /** Same prefix as the bus, so one deployment's queues never mix with another's. */
  prefix: string;
}

/**
 * BullMQ on the shared Redis. Jobs are kept a while after they finish so the dashboard and the
 * delivery history can show them, but bounded so Redis memory stays flat.
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueConnectionOptions, queues: QueueName[]): DynamicModule {
    return {
      module: QueueModule,
      // Once per app, and its queues injectable in every module of it.
      global: true,
      imports: [
        BullModule.forRoot({
          prefix: bullPrefix(options.prefix),
          connection: bullConnection(options.redis),
          defaultJobOptions: {
            removeOnComplete: { age: 24 * 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
          },
        }),
        BullModule.registerQueue(...queues.map((name) => ({ name }))),
      ],
      exports: [BullModule],
    };
  }
}
