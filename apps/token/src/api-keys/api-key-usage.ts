import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { API_KEY_SETTINGS, ApiKeySettings } from './api-key-settings';
import { ApiKeyRepository } from './api-key.repository';

/**
 * `lastUsedAt` without a write per request: uses are gathered in memory (latest per key) and
 * written every few seconds as one statement, and once more at shutdown. A failed write keeps its
 * uses for the next round; a crash loses at most one interval of them, which only makes
 * `lastUsedAt` a few seconds older than it could be.
 */
@Injectable()
export class ApiKeyUsage implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiKeyUsage.name);
  private pending = new Map<string, Date>();
  private timer?: NodeJS.Timeout;
  /** Flushes run one after another, so a slow write is never overtaken by an older batch. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(API_KEY_SETTINGS) private readonly settings: ApiKeySettings,
  ) {}

  record(keyId: string, at: Date): void {
    const seen = this.pending.get(keyId);
    if (!seen || seen < at) this.pending.set(keyId, at);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.lastUsedFlushMs);
    this.timer.unref();
  }

  /** Runs after the bus has drained its in-flight requests and before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.keys.touch([...batch].map(([id, at]) => ({ id, at })));
    } catch (err) {
      batch.forEach((at, id) => this.record(id, at));
      this.logger.warn(
        `Could not record the last use of ${batch.size} API keys; will retry: ${(err as Error).message}`,
      );
    }
  }
}
