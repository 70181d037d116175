import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { QueueName } from './queue-names';

export interface QueueConnectionOptions {
  redisUrl: string;
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
    const url = new URL(options.redisUrl);
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({
          prefix: `${options.prefix}:bull`,
          connection: {
            host: url.hostname,
            port: Number(url.port || 6379),
            username: url.username || undefined,
            password: url.password ? decodeURIComponent(url.password) : undefined,
            db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
            tls: url.protocol === 'rediss:' ? {} : undefined,
            maxRetriesPerRequest: null,
          },
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
