import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, leanBreaker, MaybePromise, runOutsideRequestContext } from '@portcullis/common';
import { ApiKeyPatterns, ErrorCode, VerifyApiKeyReply } from '@portcullis/contracts';
import { exportCircuitBreakerState } from '@portcullis/observability';
import CircuitBreaker from 'opossum';
import { ApiKeyCache } from './api-key-cache';
import { GATEWAY_API_KEY_SETTINGS, GatewayApiKeySettings } from './api-key-settings';
import { apiKeyStaleServed } from './api-key.metrics';

/** A key's verification as a request uses it; `degraded` when it came from cache because the token or user app is down. */
export interface VerifiedApiKey extends VerifyApiKeyReply {
  degraded: boolean;
}

/** What the breaker lets pass without counting: the token app answered, the key is just bad. */
const ANSWERED = new Set<string>([ErrorCode.AUTH_INVALID_API_KEY, ErrorCode.VALIDATION_FAILED]);

export const invalidApiKey = () => new AppError(ErrorCode.AUTH_INVALID_API_KEY, 'Invalid API key');

/**
 * Verifies `X-API-Key` for the gateway: from a fresh cached verification when there is one (no
 * bus hop), else by `token.apiKeys.verify` through a circuit breaker (`circuit_breaker_state
 * {upstream="bus:token"}`), with concurrent uses of one key sharing one call. If the token app (or
 * the user app behind it) cannot answer, a key verified within STALE_TOLERANCE_SECONDS still works
 * from cache, marked degraded; a key never verified here is refused with 503, never admitted.
 */
@Injectable()
export class ApiKeyVerifier implements OnApplicationShutdown {
  readonly cache: ApiKeyCache;
  private readonly breaker: CircuitBreaker<[string], VerifyApiKeyReply>;
  private readonly inFlight = new Map<string, Promise<VerifiedApiKey>>();
  /** Keys being re-verified in the background (by hash), so a busy key makes one call, not one per request. */
  private readonly renewing = new Set<string>();
  /** One answer object per verification, reused by every request the cache serves it to. */
  private readonly answers = new WeakMap<VerifyApiKeyReply, VerifiedApiKey>();

  constructor(
    private readonly bus: BusClient,
    @Inject(GATEWAY_API_KEY_SETTINGS) settings: GatewayApiKeySettings,
  ) {
    this.cache = new ApiKeyCache(settings);
    this.breaker = leanBreaker(
      (key: string) => this.bus.call(ApiKeyPatterns.verify, { key }, { timeoutMs: settings.verifyTimeoutMs }),
      {
        name: 'bus:token',
        timeout: false,
        resetTimeout: settings.breakerResetMs,
        errorThresholdPercentage: 50,
        volumeThreshold: 5,
        errorFilter: (err: { code?: string }) => ANSWERED.has(err.code ?? ''),
      },
    );
    exportCircuitBreakerState('bus:token', this.breaker);
  }

  /** Stops the breaker's rolling-window timer. */
  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  /**
   * A key verified within its cache TTL is answered synchronously (and, late in the TTL, renewed in
   * the background); anything else asks the token app.
   */
  verify(key: string): MaybePromise<VerifiedApiKey> {
    const hash = ApiKeyCache.hashOf(key);
    const cached = this.cache.lookup(hash);
    if (cached.state === 'fresh') {
      if (cached.renewDue) this.renew(key, hash);
      return this.answerOf(cached.reply);
    }
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.ask(key, hash).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    return pending;
  }

  /**
   * Re-verifies a key still fresh in cache, with no request waiting on it. Without this, each time
   * a busy key's verification ran out (API_KEY_CACHE_SECONDS), every request of it in flight waited
   * on one token-app call. A refusal (revoked, expired, owner gone) drops the key at once; a token
   * app that cannot answer changes nothing: the key stays fresh until its time, then the usual path
   * decides (the stale fallback included). An open breaker is left to its probe. The call is no
   * request's: outside the context of the request that set it off, so not bound by its deadline.
   */
  private renew(key: string, hash: string): void {
    if (this.renewing.has(hash) || this.inFlight.has(hash) || this.breaker.opened) return;
    this.renewing.add(hash);
    void runOutsideRequestContext(() => this.verifyAndCache(key, hash))
      .catch(() => undefined)
      .finally(() => this.renewing.delete(hash));
  }

  private answerOf(reply: VerifyApiKeyReply): VerifiedApiKey {
    let answer = this.answers.get(reply);
    if (!answer) this.answers.set(reply, (answer = Object.freeze({ ...reply, degraded: false })));
    return answer;
  }

  private async ask(key: string, hash: string): Promise<VerifiedApiKey> {
    try {
      return this.answerOf(await this.verifyAndCache(key, hash));
    } catch (err) {
      if (isRefusal(err)) throw invalidApiKey();
      const stale = this.cache.lookup(hash);
      if (stale.state === 'none')
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'API keys cannot be verified right now; retry shortly');
      apiKeyStaleServed().inc();
      return { ...stale.reply, degraded: true };
    }
  }

  /**
   * The token app's verification, cached unless a notice overtook it; a refusal drops the key from
   * the cache (and is thrown, as any failure is).
   */
  private async verifyAndCache(key: string, hash: string): Promise<VerifyApiKeyReply> {
    const generation = this.cache.generation;
    try {
      const reply = await this.breaker.fire(key);
      this.cache.store(hash, reply, generation);
      return reply;
    } catch (err) {
      if (isRefusal(err)) this.cache.forget(hash);
      throw err;
    }
  }
}

/** The token app answered that the key is not valid (unknown, revoked, expired, owner gone). */
const isRefusal = (err: unknown): boolean => (err as { code?: string }).code === ErrorCode.AUTH_INVALID_API_KEY;
