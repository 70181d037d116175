import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { Clock, RedisClient } from '@portcullis/common';
import { tokenRedisKeys } from '../common/token-redis-keys';
import { ListActiveRevocationsUseCase } from './list-active-revocations.use-case';
import { RevocationPublisher } from './revocation.publisher';
import { RevocationRepository } from './revocation.repository';

/** How often each replica checks that Redis still holds the revocations (one EXISTS). */
const CHECK_INTERVAL_MS = 10_000;
/** How often expired denied tokens are deleted from PostgreSQL. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * The token app owns the revocation keys in Redis (it is the only writer), so it is the one that
 * puts them back when Redis has lost them: a restart without persistence, a flush, a failover to an
 * empty replica. None of those is reliably seen as a reconnect (a flush is not one at all), so a
 * marker key written after each restore tells: while it exists, Redis still holds what was restored
 * and everything published since; once it is gone, the revocations are read from PostgreSQL and
 * written back. Gateways do not wait for this: they load from PostgreSQL through the bus
 * (`token.listActiveRevocations`); the keys are their fallback when this app cannot answer.
 */
@Injectable()
export class RevocationKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RevocationKeeper');
  private readonly timers: NodeJS.Timeout[] = [];
  private restoring?: Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    private readonly listActive: ListActiveRevocationsUseCase,
    private readonly publisher: RevocationPublisher,
    private readonly revoked: RevocationRepository,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.restoreIfLost();
    this.timers.push(
      setInterval(() => void this.restoreIfLost(), CHECK_INTERVAL_MS),
      setInterval(() => void this.prune(), PRUNE_INTERVAL_MS),
    );
    this.timers.forEach((timer) => timer.unref());
  }

  onApplicationShutdown(): void {
    this.timers.forEach((timer) => clearInterval(timer));
  }

  /** One at a time per replica; never throws (Redis or PostgreSQL may be down: the next tick retries). */
  restoreIfLost(): Promise<void> {
    this.restoring ??= this.restore()
      .catch((err: unknown) => this.logger.warn(`Checking the revocations in Redis failed: ${String(err)}`))
      .finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  private async restore(): Promise<void> {
    const marker = tokenRedisKeys.revocationsRestored(this.prefix);
    if (await this.redis.exists(marker)) return;
    const { revocations } = await this.listActive.execute();
    await this.publisher.restore(revocations);
    await this.redis.set(marker, this.clock.now().toISOString());
    if (revocations.length > 0)
      this.logger.warn(`Redis had no revocations; restored ${revocations.length} from PostgreSQL`);
  }

  private async prune(): Promise<void> {
    await this.revoked
      .pruneExpired(this.clock.now())
      .catch((err: unknown) => this.logger.warn(`Pruning expired revocations failed: ${String(err)}`));
  }
}
