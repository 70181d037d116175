import { LoggerService } from '@nestjs/common';
import { RedisClient } from '@portcullis/common';
import { ConcurrencyGate } from './concurrency-gate';

type StreamEntry = [id: string, fields: string[] | null];
type ReadReply = Array<[stream: string, entries: StreamEntry[]]> | null;

export interface ReaderSettings {
  group: string;
  consumerName: string;
  blockMs: number;
}

/** What the reader needs from the server: the streams to read, a way to run an entry, and recovery. */
export interface ReadTarget {
  streams(): readonly string[];
  dispatch(stream: string, id: string, fields: string[], deliveries: number): void;
  /** The consumer group vanished (Redis restarted without its data): recreate it. */
  recreateGroups(): Promise<void>;
}

/**
 * The read loop: XREADGROUP of new entries (`>`) on its own connection, as many as the gate has
 * free slots, spread over the streams. It blocks in Redis, so stop() ends a pending read at once
 * with CLIENT UNBLOCK on the other connection rather than waiting out `blockMs`.
 */
export class StreamReader {
  private stopping = false;
  private loop?: Promise<void>;
  private clientId?: number;

  constructor(
    private readonly reader: RedisClient,
    private readonly commands: RedisClient,
    private readonly settings: ReaderSettings,
    private readonly gate: ConcurrencyGate,
    private readonly target: ReadTarget,
    private readonly logger: LoggerService,
  ) {}

  /** The reader's client id, refreshed on every reconnect, is what CLIENT UNBLOCK needs. */
  async start(): Promise<void> {
    this.reader.on('ready', () => void this.rememberClientId());
    await this.rememberClientId();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.loop) return;
    let done = false;
    const loop = this.loop.then(() => (done = true));
    // Repeated in case the read had not started yet when the first unblock went out.
    while (!done) {
      if (this.clientId !== undefined) await this.commands.client('UNBLOCK', this.clientId).catch(() => undefined);
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
  }

  private async rememberClientId(): Promise<void> {
    this.clientId = await this.reader.client('ID');
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      await this.gate.waitForSlot();
      if (this.stopping) break;
      let reply: ReadReply;
      try {
        reply = await this.read(this.target.streams());
      } catch (err) {
        if (!this.stopping) await this.recover(err as Error);
        continue;
      }
      // Entries returned after stop() began are handled anyway: they are already ours.
      for (const [stream, entries] of reply ?? []) {
        for (const [id, fields] of entries) if (fields) this.target.dispatch(stream, id, fields, 1);
      }
    }
  }

  private async read(streams: readonly string[]): Promise<ReadReply> {
    const { group, consumerName, blockMs } = this.settings;
    const count = Math.max(1, Math.floor(this.gate.free / streams.length));
    return (await this.reader.xreadgroup(
      'GROUP',
      group,
      consumerName,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as ReadReply;
  }

  private async recover(err: Error): Promise<void> {
    if (err.message.includes('NOGROUP')) {
      this.logger.warn('Consumer group vanished (Redis restarted?); recreating it');
      await this.target.recreateGroups().catch(() => undefined);
      return;
    }
    this.logger.error(`Bus read failed: ${err.message}; retrying in 1 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
