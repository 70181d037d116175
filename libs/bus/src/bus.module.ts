import { DynamicModule, Global, Module } from '@nestjs/common';
import { BusClientOptions } from './bus-options';
import { BUS_OBSERVER, BusObserver, NO_BUS_OBSERVER } from './bus-observer';
import { BUS_CLIENT, BusClient } from './bus.client';
import { RedisStreamsClient } from './redis-streams.client';

@Global()
@Module({})
export class BusModule {
  /** `observer` receives the bus's measurements (the app's metrics); none by default. */
  static forRoot(options: BusClientOptions, observer: BusObserver = NO_BUS_OBSERVER): DynamicModule {
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
        { provide: BUS_OBSERVER, useValue: observer },
        BusClient,
      ],
      exports: [BUS_CLIENT, BusClient],
    };
  }
}
