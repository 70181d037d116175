import { DynamicModule, Global, Module } from '@nestjs/common';
import { BusClientOptions } from './bus-options';
import { BUS_CLIENT, BusClient } from './bus.client';
import { RedisStreamsClient } from './redis-streams.client';

@Global()
@Module({})
export class BusModule {
  /** `options.observer` receives the bus's measurements (the app's metrics); none by default. */
  static forRoot(options: BusClientOptions): DynamicModule {
    return {
      module: BusModule,
      providers: [
        {
          provide: BUS_CLIENT,
          useFactory: async () => {
            const client = new RedisStreamsClient(options);
            await client.connect();
            return client;
          },
        },
        BusClient,
      ],
      exports: [BUS_CLIENT, BusClient],
    };
  }
}
