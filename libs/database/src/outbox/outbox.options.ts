import { EventDefinition } from '@portcullis/contracts';

/** What the relay hands each row to. In an app this is the BusClient, whose `publish` fits as is. */
export interface OutboxPublisher {
  publish(definition: Pick<EventDefinition<unknown>, 'type'>, data: unknown): Promise<string>;
}

export interface OutboxSettings {
  /** The schema that owns the outbox table (the app's own). */
  schema: string;
  /** How often the relay looks for rows nobody kicked it about (a write in another replica). */
  pollIntervalMs: number;
  /** Rows claimed per transaction. */
  batchSize: number;
  /** Longest pause between attempts while publishing keeps failing (Redis down). */
  maxBackoffMs: number;
}

export const OUTBOX_SETTINGS = Symbol('OUTBOX_SETTINGS');
export const OUTBOX_PUBLISHER = Symbol('OUTBOX_PUBLISHER');

export const OUTBOX_DEFAULTS = { pollIntervalMs: 200, batchSize: 100, maxBackoffMs: 5_000 } as const;

export function outboxTable(schema: string): string {
  return `"${schema.replace(/"/g, '""')}".outbox`;
}
