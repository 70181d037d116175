import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import {
  AGENT_REVOCATION_TOPIC,
  AgentPatterns,
  AgentRevocation,
  agentRevocationKeys,
  Revocation,
  REVOCATION_TOPIC,
  revocationKeys,
  RpcDefinition,
  TokenPatterns,
} from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { AUTH_SETTINGS, AuthSettings, CLOCK_TOLERANCE_SECONDS } from './auth-settings';

/** How long loading from the owning app may take before the Redis copy is used instead. */
const LOAD_TIMEOUT_MS = 3000;
/** After a load had to fall back to Redis, how soon the owning app is asked again. */
const RETRY_MS = 5000;

/**
 * Where one kind of revocation is reloaded from: the app that keeps it in PostgreSQL (the truth,
 * since Redis may have come back empty), else the Redis keys that app writes. Each returns how many
 * it applied.
 */
interface RevocationSource {
  what: string;
  app: string;
  fromApp(): Promise<number>;
  fromRedis(): Promise<number>;
}

/** What a revocation check needs of a verified token (user or agent). */
export interface RevocationSubject {
  sub?: string;
  sid?: string;
  jti?: string;
  iat?: number;
  /**
   * What a session cut-off compares instead of `iat`, when set: for a token exchanged for an API key
   * (`sid` = the key id), when its secret became current (`key_gen`). A roll's cut-off then ends an
   * exchange that read the key before the roll even if it signed after.
   */
  sessionIat?: number;
  /** For an agent token: its own id and its ancestors' (any order). */
  agentIds?: readonly string[];
}

/**
 * Until when (epoch seconds) a session's or user's tokens are refused, and which: those issued at or
 * before `issuedBefore`, or every one when it is absent (a session only; a user's always has one).
 */
interface Cutoff {
  until: number;
  issuedBefore?: number;
}

/** Whether `cutoff` refuses a token issued at `iat`; a token without `iat` counts as issued long ago. */
function refuses(cutoff: Cutoff | undefined, iat: number | undefined, now: number): boolean {
  return (
    cutoff !== undefined &&
    cutoff.until > now &&
    (cutoff.issuedBefore === undefined || (iat ?? 0) <= cutoff.issuedBefore)
  );
}

/**
 * Two revocations of one session as one, never weaker than either: every token if either says so,
 * else those issued up to the later cutoff (which covers the earlier one's); until the later
 * `until`, so a reload cannot shorten what a broadcast made longer. Where it is stronger (a total
 * one kept to a partial one's later `until`) nothing is lost: a revoked key issues no more tokens.
 * Always the same shape (`issuedBefore` present, maybe undefined), so the per-request check stays
 * monomorphic.
 */
function mergeSession(known: Cutoff | undefined, r: Cutoff, now: number): Cutoff {
  // One expired but not yet swept is no revocation any more: it must not widen the new one.
  if (!known || known.until <= now) return { until: r.until, issuedBefore: r.issuedBefore };
  const total = known.issuedBefore === undefined || r.issuedBefore === undefined;
  return {
    until: Math.max(known.until, r.until),
    issuedBefore: total ? undefined : Math.max(known.issuedBefore ?? 0, r.issuedBefore ?? 0),
  };
}

/**
 * Revoked sessions, token ids, users and agents, in memory, so checking a request costs no Redis call.
 * Fed by the `revocations` broadcast (every replica gets every message, within milliseconds) and
 * reloaded whenever the subscription (re)connects — at start and when Redis comes back — so a
 * gateway that was starting or cut off catches up on what it missed. The reload asks the token app
 * (`token.listActiveRevocations`, read from PostgreSQL), because Redis may have come back empty
 * (restarted without persistence); only when the token app cannot answer does it read the Redis
 * keys, and it keeps asking the token app until it has.
 *
 * Agents come on a topic of their own (`agent-revocations`), reloaded the same way from the
 * agent-capability app (`agent-capability.listActiveRevocations`). An agent token is dead when its
 * own id or any ancestor's is revoked, or its session or user is — all read from the token itself,
 * so a cascade costs one message and no lookup per request.
 */
@Injectable()
export class RevocationStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RevocationStore');
  private readonly sessions = new Map<string, Cutoff>();
  private readonly jtis = new Map<string, number>();
  private readonly users = new Map<string, Required<Cutoff>>();
  private readonly agents = new Map<string, number>();
  private readonly channel: BroadcastChannel;
  private sweeper?: NodeJS.Timeout;
  private readonly retries = new Map<RevocationSource, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly bus: BusClient,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
  }

  /** Access-token revocations: the token app's tables, else the Redis keys it writes. */
  private readonly accessSource = this.sourceOf('revocations', 'the token app', TokenPatterns.listActiveRevocations, {
    keys: revocationKeys.pattern,
    apply: (r: Revocation) => this.apply(r),
  });

  /** Agent revocations: the agent-capability app's tables, else the Redis keys it writes. */
  private readonly agentSource = this.sourceOf(
    'agent revocations',
    'the agent-capability app',
    AgentPatterns.listActiveRevocations,
    { keys: agentRevocationKeys.pattern, apply: (r: AgentRevocation) => this.applyAgent(r) },
  );

  private sourceOf<R>(
    what: string,
    app: string,
    list: RpcDefinition<Record<string, never>, { revocations: R[] }>,
    { keys, apply }: { keys: (prefix: string) => string; apply: (r: R) => void },
  ): RevocationSource {
    return {
      what,
      app,
      fromApp: async () => {
        const { revocations } = await this.bus.call(list, {}, { timeoutMs: LOAD_TIMEOUT_MS });
        revocations.forEach(apply);
        return revocations.length;
      },
      fromRedis: () => this.scanRedis(keys(this.settings.redisPrefix), (r) => apply(r as R)),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Both loads at once: a start waits for the slower of them, not their sum.
    await Promise.all([
      this.channel.subscribe(
        REVOCATION_TOPIC,
        (m) => this.apply(m as Revocation),
        () => this.load(this.accessSource),
      ),
      this.channel.subscribe(
        AGENT_REVOCATION_TOPIC,
        (m) => this.applyAgent(m as AgentRevocation),
        () => this.load(this.agentSource),
      ),
    ]);
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    this.retries.forEach((timer) => clearTimeout(timer));
    await this.channel.close();
  }

  /** Runs on every request: map lookups and comparisons only, nothing allocated. */
  isRevoked(claims: RevocationSubject): boolean {
    // A revoked token is refused for as long as the verifier would still take it: past `until` by the tolerance.
    const now = Date.now() / 1000 - CLOCK_TOLERANCE_SECONDS;
    if (claims.sid && refuses(this.sessions.get(claims.sid), claims.sessionIat ?? claims.iat, now)) return true;
    if (claims.jti && (this.jtis.get(claims.jti) ?? 0) > now) return true;
    if (claims.agentIds && this.agents.size > 0 && claims.agentIds.some((id) => (this.agents.get(id) ?? 0) > now))
      return true;
    return !!claims.sub && refuses(this.users.get(claims.sub), claims.iat, now);
  }

  /** The later expiry wins: a reload must not shorten what a broadcast made longer (a repeated logout). */
  apply(r: Revocation): void {
    if (r.kind === 'session')
      this.sessions.set(r.sessionId, mergeSession(this.sessions.get(r.sessionId), r, Date.now() / 1000));
    else if (r.kind === 'jti') this.jtis.set(r.jti, Math.max(r.until, this.jtis.get(r.jti) ?? 0));
    else this.users.set(r.userId, { until: r.until, issuedBefore: r.issuedBefore });
  }

  applyAgent(r: AgentRevocation): void {
    if (r?.kind !== 'agent' || typeof r.agentId !== 'string' || typeof r.until !== 'number') return;
    this.agents.set(r.agentId, Math.max(r.until, this.agents.get(r.agentId) ?? 0));
  }

  /**
   * Loads what `source`'s app holds in PostgreSQL. When it cannot answer in time, falls back to the
   * Redis copy and asks the app again every few seconds until it has answered.
   */
  private async load(source: RevocationSource): Promise<void> {
    clearTimeout(this.retries.get(source));
    try {
      this.logger.log(`Loaded ${await source.fromApp()} ${source.what} from ${source.app}`);
    } catch (err) {
      this.logger.warn(
        `Loading ${source.what} from ${source.app} failed (${(err as Error).message}); using Redis's copy and asking again in ${RETRY_MS / 1000} s`,
      );
      // A reconnect may have started a second load meanwhile: one retry per source, the latest.
      clearTimeout(this.retries.get(source));
      if (!this.stopped)
        this.retries.set(
          source,
          setTimeout(
            () =>
              void this.load(source).catch((e: Error) =>
                this.logger.error(`Reloading ${source.what} failed: ${e.message}`),
              ),
            RETRY_MS,
          ).unref(),
        );
      const loaded = await source.fromRedis();
      if (loaded) this.logger.log(`Loaded ${loaded} ${source.what} from Redis`);
    }
  }

  private async scanRedis(pattern: string, apply: (record: unknown) => void): Promise<number> {
    let cursor = '0';
    let loaded = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      for (const value of values) {
        if (!value) continue;
        try {
          apply(JSON.parse(value));
          loaded++;
        } catch {
          this.logger.warn('Ignoring a malformed revocation record');
        }
      }
    } while (cursor !== '0');
    return loaded;
  }

  private sweep(): void {
    const now = Date.now() / 1000 - CLOCK_TOLERANCE_SECONDS;
    for (const [k, s] of this.sessions) if (s.until <= now) this.sessions.delete(k);
    for (const [k, until] of this.jtis) if (until <= now) this.jtis.delete(k);
    for (const [k, u] of this.users) if (u.until <= now) this.users.delete(k);
    for (const [k, until] of this.agents) if (until <= now) this.agents.delete(k);
  }
}
