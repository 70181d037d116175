import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { ErrorCode, MeReply, ROLES_CHANGED_TOPIC, USER_CHANGED_TOPIC, UserChanged } from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import {
  AppError,
  leanBreaker,
  markAnswerDegraded,
  MaybePromise,
  RedisClient,
  remainingBudgetMs,
} from '@portcullis/common';
import { exportCircuitBreakerState, isOpenBreakerError } from '@portcullis/observability';
import { LRUCache } from 'lru-cache';
import CircuitBreaker from 'opossum';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

/** After the user app could not be reached, how long held views serve before it is asked again. */
const UNREACHABLE_RETRY_MS = 5000;

/** Load failures that mean "the user app cannot answer now", not "it answered no". */
const UNREACHABLE = new Set<string>([ErrorCode.BUS_TIMEOUT, ErrorCode.BUS_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE]);
const codeOf = (err: unknown): string => (err as { code?: string } | undefined)?.code ?? '';
/** The request was over before its load failed: a sign about that request, not about the user app. */
const pastOwnDeadline = (): boolean => (remainingBudgetMs() ?? 1) <= 0;
/**
 * A load that began with less of its request's budget than this and then timed out says nothing
 * about the user app (a client trickling its body spent the budget). One that began with more and
 * still timed out does: a user app that answers answers in milliseconds. Deciding on the budget at
 * the start, not on being past the deadline at the end, matters because the bus call's timeout is
 * the request's deadline: a load after a slow step (waiting out an unreachable token app) always
 * ends exactly at the deadline, and would never count.
 */
const EVIDENCE_BUDGET_MS = 1000;

/** Whether a load's failure is evidence that the user app cannot answer; `budgetMs`: what its request had left when it began. */
function countsAgainstUserApp(err: unknown, budgetMs: number | undefined): boolean {
  return UNREACHABLE.has(codeOf(err)) && (budgetMs === undefined || budgetMs >= EVIDENCE_BUDGET_MS);
}

type Load = () => Promise<MeReply>;

/** A load's outcome: a view the user app gave (or Redis shared), or a held one served stale. */
interface Loaded {
  view: MeReply;
  stale: boolean;
}

/** Each waiting request marks its own answer degraded: a shared load runs in the first one's context. */
const settled = ({ view, stale }: Loaded): MeReply => {
  if (stale) markAnswerDegraded();
  return view;
};

/**
 * A view as the cache holds it: frozen, arrays too. A change brings a new view rather than an edit
 * of the held one, and what is derived from a view once (a key's cut of it, `/auth/me`'s JSON)
 * relies on that; a stray write now throws instead of going unseen.
 */
export function frozenView(view: MeReply): Readonly<MeReply> {
  Object.freeze(view.roles);
  Object.freeze(view.permissions);
  return Object.freeze(view);
}

interface Entry {
  view: MeReply;
  /** When this replica took the view: fresh for the TTL from here. */
  cachedAtMs: number;
  /**
   * When the user app answered, at the earliest it can have been: the stale tolerance counts from
   * here. A copy read from Redis is taken to be a full TTL old, as nothing here says how old it is.
   */
  loadedAtMs: number;
}

/**
 * Each user's view — roles and effective permissions, what `/auth/me` answers and every permission
 * check reads — in two levels: in memory (L1), so the hot path needs no network at all, over Redis
 * (L2), so a user's permissions are computed once for all gateway replicas rather than once per
 * replica. The user app broadcasts `user-changed` whenever a view would change; every replica then
 * drops its L1 entry and the L2 entry at once; on `roles-changed` (the role → permission table
 * itself changed, announced by the user app, its one source) it drops every view. The TTL (both levels) bounds staleness should a
 * broadcast be missed, e.g. during a reconnect.
 *
 * Past its TTL a view stays in memory for STALE_TOLERANCE_SECONDS from its load: when the user app
 * cannot be reached, a request still gets that last known view, the request marked (markAnswerDegraded) to be
 * answered `X-Portcullis-Degraded: stale-cache` — as a key verified recently still works while the
 * token app is down. A dropped view is gone, so a changed, disabled or deleted user never keeps
 * permissions through this fallback; a user with no view here gets the error.
 */
@Injectable()
export class UserViewCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UserViewCache.name);
  private readonly views: LRUCache<string, Entry> | undefined;
  private readonly pending = new Map<string, Promise<Loaded>>();
  private readonly channel: BroadcastChannel;
  private readonly ttlSeconds: number;
  private readonly ttlMs: number;
  private readonly staleToleranceMs: number;
  /**
   * Around every load from the user app (`circuit_breaker_state{upstream="bus:user"}`, as the token
   * app's is `bus:token`): the first load that cannot reach it opens the breaker, and for
   * UNREACHABLE_RETRY_MS held views serve at once instead of every request waiting out the bus
   * timeout again; then one load probes. Only "cannot answer" counts: the user app answering no (a
   * deleted user), or a request's own deadline, says nothing about its health.
   */
  private readonly breaker: CircuitBreaker<[Load, number | undefined], MeReply>;
  private readonly keyPrefix: string;
  /**
   * Bumped by every change notice. A load that a notice overtook may carry the old view, so its
   * answer is returned to its callers but not cached.
   */
  private generation = 0;
  /**
   * When this replica last dropped each user's view (and all of them): a shared copy whose load began
   * before then may be the old view, written back by a replica that had not heard of the change yet
   * (its load overtook the notice), so it is not taken (SHARED_COPY_SKEW_MS allows for clocks).
   */
  private readonly droppedAt: LRUCache<string, number> | undefined;
  private droppedAllAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
    this.ttlSeconds = settings.userViewTtlSeconds;
    this.ttlMs = this.ttlSeconds * 1000;
    this.staleToleranceMs = (settings.staleToleranceSeconds ?? 0) * 1000;
    this.keyPrefix = `${settings.redisPrefix}:gateway:user-view:`;
    // Kept as long as either use needs it: freshness and staleness are decided in `get`/`staleOr`.
    this.views =
      this.ttlSeconds > 0 ? new LRUCache({ max: 50_000, ttl: Math.max(this.ttlMs, this.staleToleranceMs) }) : undefined;
    // A shared copy lives ttlSeconds: a drop older than that has outlived every copy it could refuse.
    this.droppedAt =
      this.ttlSeconds > 0 ? new LRUCache({ max: 50_000, ttl: this.ttlMs + SHARED_COPY_SKEW_MS }) : undefined;
    // Fired with the load and the budget its request had left: opossum hands both to errorFilter.
    this.breaker = leanBreaker((load: Load, _budgetMs: number | undefined) => load(), {
      name: 'bus:user',
      // The bus call has its own timeout; a second timer would only race it.
      timeout: false,
      resetTimeout: UNREACHABLE_RETRY_MS,
      // Any unreachable answer opens it: one is evidence enough, and held views cover the wait.
      errorThresholdPercentage: 0,
      // A timeout says something only of a load that began with time to spare (see EVIDENCE_BUDGET_MS).
      errorFilter: (err: unknown, _load?: Load, budgetMs?: number) => !countsAgainstUserApp(err, budgetMs),
    });
    exportCircuitBreakerState('bus:user', this.breaker);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      USER_CHANGED_TOPIC,
      (m) => void this.forget((m as UserChanged).userId),
      () => Promise.resolve(this.views?.clear()),
    );
    await this.channel.subscribe(
      ROLES_CHANGED_TOPIC,
      () => void this.forgetAll(),
      () => Promise.resolve(this.views?.clear()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.breaker.shutdown();
    await this.channel.close();
  }

  /**
   * The cached view, or `load()`'s answer: shared by concurrent callers (even with the cache off,
   * fifty requests of one user make one load), cached on success. A hit is answered as it is, not
   * as a promise: this is on every authenticated request's path. Past its TTL a view is reloaded;
   * only if the user app cannot answer is it served stale (see isStaleView).
   */
  get(userId: string, load: () => Promise<MeReply>): MaybePromise<MeReply> {
    const hit = this.views?.get(userId);
    if (hit && Date.now() - hit.cachedAtMs < this.ttlMs) return hit.view;
    // The user app just failed to answer: rather than every request waiting out the bus timeout
    // again, a held view serves at once until the breaker lets a load probe it.
    if (hit && this.breaker.opened) {
      const stale = this.staleView(hit);
      if (stale) return settled({ view: stale, stale: true });
    }
    let inFlight = this.pending.get(userId);
    if (!inFlight) {
      const budgetMs = remainingBudgetMs();
      const guarded = () => this.breaker.fire(load, budgetMs);
      const loading = (
        this.views ? this.fill(userId, guarded) : this.unlessOpen(guarded).then((view) => ({ view, stale: false }))
      ).finally(() => {
        if (this.pending.get(userId) === loading) this.pending.delete(userId);
      });
      this.pending.set(userId, loading);
      inFlight = loading;
    }
    return inFlight.then(settled);
  }

  /** Drops the user's view here and in Redis; resolves once Redis has dropped it too. */
  async forget(userId: string): Promise<void> {
    this.generation += 1;
    this.droppedAt?.set(userId, Date.now());
    this.views?.delete(userId);
    this.pending.delete(userId);
    await this.redis
      .del(this.keyOf(userId))
      .catch((err: Error) => this.logger.warn(`Could not drop the shared view of ${userId}: ${err.message}`));
  }

  /** Every view, here and in Redis (every replica does the same; deleting twice is harmless). */
  async forgetAll(): Promise<void> {
    this.generation += 1;
    this.droppedAllAt = Date.now();
    this.views?.clear();
    this.pending.clear();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await this.redis.del(...keys);
      } while (cursor !== '0');
    } catch (err) {
      this.logger.warn(`Could not drop the shared user views: ${(err as Error).message}`);
    }
  }

  /** With the cache off there is nothing to serve stale: an open breaker is the outage it stands for (503). */
  private unlessOpen(load: Load): Promise<MeReply> {
    return load().catch((err: unknown) => {
      throw isOpenBreakerError(err) ? userAppUnavailable() : err;
    });
  }

  private async fill(userId: string, load: Load): Promise<Loaded> {
    const generation = this.generation;
    const shared = await this.readShared(userId);
    if (shared) {
      if (generation === this.generation) this.remember(userId, shared, Date.now() - this.ttlMs);
      return { view: shared, stale: false };
    }
    let view: MeReply;
    const loadStartedAt = Date.now();
    try {
      view = await load();
    } catch (err) {
      return { view: this.staleOr(userId, err), stale: true };
    }
    if (generation === this.generation) {
      this.remember(userId, view, Date.now());
      // Redis being down only costs the sharing: the answer is still good.
      const copy: SharedCopy = { view, loadStartedAt };
      await this.redis.set(this.keyOf(userId), JSON.stringify(copy), 'EX', this.ttlSeconds).catch(() => undefined);
    }
    return { view, stale: false };
  }

  private remember(userId: string, view: MeReply, loadedAtMs: number): void {
    this.views!.set(userId, { view: frozenView(view), cachedAtMs: Date.now(), loadedAtMs });
  }

  /**
   * The load failed. If the user app could not be reached, the last view held here when loaded
   * within the stale tolerance; otherwise the error. If it answered (e.g. the user is gone), the old
   * view is dropped: an outage right after must not bring it back. A load cut short by its own
   * request's deadline says nothing about the user app (a client trickling its body would
   * otherwise switch every user of the replica to stale views): the error, nothing held.
   */
  private staleOr(userId: string, err: unknown): MeReply {
    const code = codeOf(err);
    if (code === ErrorCode.BUS_DEADLINE_EXCEEDED || pastOwnDeadline()) throw err;
    // opossum's refusal while open, or half-open with its one probe under way: the user app is taken to be down.
    const open = isOpenBreakerError(err);
    if (!open && !UNREACHABLE.has(code)) {
      this.views!.delete(userId);
      throw err;
    }
    const stale = this.staleView(this.views!.get(userId));
    if (!stale) throw open ? userAppUnavailable() : err;
    return stale;
  }

  /** A held view still within the stale tolerance, else undefined (its answer must be marked degraded). */
  private staleView(entry: Entry | undefined): MeReply | undefined {
    if (!entry || Date.now() - entry.loadedAtMs >= this.staleToleranceMs) return undefined;
    return entry.view;
  }

  private async readShared(userId: string): Promise<MeReply | null> {
    const raw = await this.redis.get(this.keyOf(userId)).catch(() => null);
    if (!raw) return null;
    // A copy in the shape before loadStartedAt (the bare view) has no `view`: a miss, reloaded once.
    const copy = JSON.parse(raw) as Partial<SharedCopy>;
    const dropped = Math.max(this.droppedAt?.get(userId) ?? 0, this.droppedAllAt);
    if (dropped > 0 && (copy.loadStartedAt ?? 0) < dropped + SHARED_COPY_SKEW_MS) return null;
    return copy.view ?? null;
  }

  private keyOf(userId: string): string {
    return `${this.keyPrefix}${userId}`;
  }
}

/** A view in Redis, with when its load began (epoch ms), shared by every replica. */
interface SharedCopy {
  view: MeReply;
  loadStartedAt: number;
}

/** How far apart replicas' clocks may be when comparing a copy's load time with a drop (NTP keeps them far closer). */
const SHARED_COPY_SKEW_MS = 1000;

const userAppUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'User accounts cannot be read right now; retry shortly');
