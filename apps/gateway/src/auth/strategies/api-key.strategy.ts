import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import {
  API_KEY_REVOCATION_TOPIC,
  ApiKeyPatterns,
  ApiKeyPrincipal,
  ApiKeyRevocation,
  ErrorCode,
} from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { FastifyRequest } from 'fastify';
import { Strategy as CustomStrategy } from 'passport-custom';
import { AUTH_SETTINGS, AuthSettings } from '../auth-settings';
import { ABSENT, API_KEY_STRATEGY, StrategyFailure } from './strategy-names';

export const API_KEY_HEADER = 'x-api-key';
/** Query parameters a key must never arrive in: URLs end up in logs, proxies and browser history. */
const QUERY_KEY_NAMES = ['api_key', 'apiKey', 'key'] as const;
/** A verification is reused this long (never past the key's own expiry); a revoke or roll drops it at once. */
export const API_KEY_CACHE_MS = 5_000;

const invalidKey = (detail = 'Invalid API key') => new AppError(ErrorCode.AUTH_INVALID_API_KEY, detail);

/**
 * `api-key`: an `X-API-Key` header, verified by the token app (`token.apiKeys.verify`: malformed,
 * unknown, revoked, expired all answer AUTH_INVALID_API_KEY), the answer cached briefly so a busy
 * key costs one bus call per few seconds, not per request. Cached by the key's SHA-256, so the
 * process never holds a key it has not just been sent. A revoke or roll notice drops the key's
 * cached verifications on every replica at once.
 */
@Injectable()
export class ApiKeyStrategy
  extends PassportStrategy(CustomStrategy, API_KEY_STRATEGY)
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly verified = new LRUCache<string, ApiKeyPrincipal>({ max: 10_000, ttl: API_KEY_CACHE_MS });
  private readonly channel: BroadcastChannel;

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) redis: Redis,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    super();
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      API_KEY_REVOCATION_TOPIC,
      (m) => this.forget((m as ApiKeyRevocation).keyId),
      () => Promise.resolve(this.verified.clear()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  async validate(request: FastifyRequest): Promise<ApiKeyPrincipal | [false, StrategyFailure]> {
    const header = request.headers[API_KEY_HEADER];
    if (header === undefined) {
      if (keyInQuery(request)) throw invalidKey('API keys are accepted only in the X-API-Key header, never in the URL');
      return [false, ABSENT];
    }
    if (typeof header !== 'string' || header.length === 0 || header.length > 256) throw invalidKey();
    const digest = createHash('sha256').update(header).digest('base64url');
    const hit = this.verified.get(digest);
    if (hit && (hit.exp === undefined || hit.exp > Date.now() / 1000)) return hit;
    const reply = await this.bus.call(ApiKeyPatterns.verify, { key: header });
    const principal: ApiKeyPrincipal = {
      kind: 'api-key',
      keyId: reply.keyId,
      userId: reply.ownerId,
      scopes: reply.scopes,
      exp: reply.expiresAt ?? undefined,
    };
    const ttl =
      principal.exp === undefined
        ? API_KEY_CACHE_MS
        : Math.min(API_KEY_CACHE_MS, (principal.exp - Date.now() / 1000) * 1000);
    if (ttl > 0) this.verified.set(digest, principal, { ttl });
    return principal;
  }

  /** Revoked or rolled: every cached secret of that key id is verified again (rare, so a scan is fine). */
  private forget(keyId: string): void {
    for (const [digest, principal] of this.verified.entries())
      if (principal.keyId === keyId) this.verified.delete(digest);
  }
}

function keyInQuery(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return !!query && QUERY_KEY_NAMES.some((name) => query[name] !== undefined);
}
