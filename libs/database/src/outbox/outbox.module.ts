import { DynamicModule, InjectionToken, Module } from '@nestjs/common';
import { OUTBOX_DEFAULTS, OUTBOX_PUBLISHER, OUTBOX_SETTINGS, OutboxSettings } from './outbox.options';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox.store';
import { OutboxWriter } from './outbox-writer';
import { PgOutboxStore } from './pg-outbox.store';

export interface OutboxModuleOptions extends Partial<Omit<OutboxSettings, 'schema'>> {
  schema: string;
  /**
   * The provider that publishes (the app passes BusClient). Injected by token, so this lib does not
   * depend on the bus lib and tests can pass anything with a `publish`.
   */
  publisher: InjectionToken;
}

/** One per app: the writer for its use cases and the relay that drains its schema's outbox. */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxModuleOptions): DynamicModule {
    const { publisher, ...rest } = options;
    const settings: OutboxSettings = { ...OUTBOX_DEFAULTS, ...rest };
    return {
      module: OutboxModule,
      providers: [
        { provide: OUTBOX_SETTINGS, useValue: settings },
        { provide: OUTBOX_PUBLISHER, useExisting: publisher },
        { provide: OutboxStore, useClass: PgOutboxStore },
        OutboxWriter,
        OutboxRelay,
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
