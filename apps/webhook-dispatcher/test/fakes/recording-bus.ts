import { BusClient } from '@portcullis/bus';

export interface PublishedEvent {
  type: string;
  data: any;
}

/** A BusClient that only records what was published, for use cases that announce events. */
export function recordingBus(): { bus: BusClient; published: PublishedEvent[] } {
  const published: PublishedEvent[] = [];
  const bus = {
    publish: async (definition: { type: string }, data: unknown) => {
      published.push({ type: definition.type, data });
      return `${published.length}-0`;
    },
  } as unknown as BusClient;
  return { bus, published };
}
