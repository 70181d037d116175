import { BusClient } from '@portcullis/bus';

export interface PublishedEvent {
  type: string;
  data: unknown;
}

export interface Broadcast {
  topic: string;
  message: unknown;
}

/** A BusClient that only records what was published and broadcast, for use cases that announce. */
export function recordingBus(): { bus: BusClient; published: PublishedEvent[]; broadcasts: Broadcast[] } {
  const published: PublishedEvent[] = [];
  const broadcasts: Broadcast[] = [];
  const bus = {
    publish: async (definition: { type: string }, data: unknown) => {
      published.push({ type: definition.type, data });
      return `${published.length}-0`;
    },
    broadcast: async (topic: string, message: unknown) => {
      broadcasts.push({ topic, message });
    },
  } as unknown as BusClient;
  return { bus, published, broadcasts };
}
