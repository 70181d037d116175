import { Inject, Injectable } from '@nestjs/common';
import { MaybePromise } from '@portcullis/common';
import { Page } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { randomUUID } from 'crypto';
import { LRUCache } from 'lru-cache';
import { apiInvalid, apiNotFound } from './api-errors';
import { ApiRecord, ApiView, toApiView } from './api-record';
import { ApiFields, ApiRepository } from './api.repository';
import { sealAuthConfig } from './auth-config';
import { checkedBaseUrl } from './base-url';
import { CreateApiDto, UpdateApiDto } from './dto/api.dto';

export const API_REGISTRY_SETTINGS = Symbol('API_REGISTRY_SETTINGS');
export interface ApiRegistrySettings {
  allowPrivateTargets: boolean;
  /** How long a replica serves an API definition from memory; a change made on another replica shows within it. */
  cacheTtlMs: number;
}

/** Where a proxied request goes: the upstream's origin and the path every request's tail joins. */
export interface UpstreamTarget {
  origin: string;
  basePath: string;
}

/** `owner` null means the caller may act on every owner's APIs (apis:scope-all). */
@Injectable()
export class ApiRegistry {
  /** The proxy's hot path reads definitions from here, not PostgreSQL (misses are cached too, briefly). */
  private readonly cache: LRUCache<string, { api: ApiRecord | null }>;
  private readonly opened = new WeakMap<ApiRecord, Record<string, string>>();
  private readonly targets = new WeakMap<ApiRecord, UpstreamTarget>();

  constructor(
    private readonly repository: ApiRepository,
    private readonly box: SecretBox,
    @Inject(API_REGISTRY_SETTINGS) private readonly settings: ApiRegistrySettings,
  ) {
    this.cache = new LRUCache({ max: 10_000, ttl: settings.cacheTtlMs });
  }

  async create(ownerId: string, body: CreateApiDto): Promise<ApiView> {
    return toApiView(await this.repository.insert(randomUUID(), ownerId, await this.fields(body, null)));
  }

  async list(owner: string | null, page: number, limit: number): Promise<Page<ApiView>> {
    const { items, total } = await this.repository.list(owner, page, limit);
    return { items: items.map(toApiView), total, page, limit };
  }

  async get(id: string, owner: string | null): Promise<ApiView> {
    return toApiView(await this.own(id, owner));
  }

  async update(id: string, owner: string | null, body: UpdateApiDto): Promise<ApiView> {
    const current = await this.own(id, owner);
    const updated = await this.repository.update(id, owner, await this.fields(body, current));
    this.cache.delete(id);
    if (!updated) throw apiNotFound();
    return toApiView(updated);
  }

  async delete(id: string, owner: string | null): Promise<void> {
    const deleted = await this.repository.delete(id, owner);
    this.cache.delete(id);
    if (!deleted) throw apiNotFound();
  }

  /** The definition the proxy forwards with, whoever owns it (the route check decides access). */
  forProxy(id: string): MaybePromise<ApiRecord | null> {
    // A cached definition is answered without a promise: the proxy's prelude waits on nothing then.
    const hit = this.cache.get(id);
    if (hit) return hit.api;
    return this.repository.find(id, null).then((api) => {
      this.cache.set(id, { api });
      return api;
    });
  }

  /**
   * The upstream's secret auth fields, opened once per cached definition rather than per proxied
   * request (an AES-GCM open and a JSON parse each time): they live exactly as long as the record
   * they were opened from, which the process holds in memory anyway, with the key that opens it.
   */
  openSecrets(api: ApiRecord): Record<string, string> {
    if (!api.authConfigSealed) return {};
    let secrets = this.opened.get(api);
    if (!secrets) {
      secrets = JSON.parse(this.box.open(api.authConfigSealed)) as Record<string, string>;
      this.opened.set(api, secrets);
    }
    return secrets;
  }

  /** The base URL's origin (the pool's key) and path without a trailing slash, parsed once per cached definition. */
  targetOf(api: ApiRecord): UpstreamTarget {
    let target = this.targets.get(api);
    if (!target) {
      const url = new URL(api.baseUrl);
      target = { origin: url.origin, basePath: url.pathname.replace(/\/$/, '') };
      this.targets.set(api, target);
    }
    return target;
  }

  private async own(id: string, owner: string | null): Promise<ApiRecord> {
    const api = await this.repository.find(id, owner);
    if (!api) throw apiNotFound();
    return api;
  }

  /** authConfig left out of a PUT keeps the stored secrets, as long as authType stays the same. */
  private async fields(body: CreateApiDto, current: ApiRecord | null): Promise<ApiFields> {
    const keep = current && body.authConfig === undefined && body.authType === current.authType;
    if (!keep && body.authType !== 'none' && body.authConfig === undefined) {
      throw apiInvalid([
        { field: 'authConfig', messages: [`authConfig is required when authType is ${body.authType}`] },
      ]);
    }
    const auth = keep
      ? { sealed: current.authConfigSealed, open: current.authConfigPublic }
      : sealAuthConfig(this.box, body.authType, body.authConfig);
    return {
      name: body.name,
      baseUrl: await checkedBaseUrl(body.baseUrl, this.settings.allowPrivateTargets),
      authType: body.authType,
      authConfigSealed: auth.sealed,
      authConfigPublic: auth.open,
      timeoutMs: body.timeoutMs ?? null,
      rateLimit: body.rateLimit ? { limit: body.rateLimit.limit, windowSeconds: body.rateLimit.windowSeconds } : null,
      routes: (body.routes ?? []).map((r) => ({
        method: r.method,
        path: r.path,
        ...(r.capability ? { capability: r.capability } : {}),
        ...(r.permission ? { permission: r.permission } : {}),
      })),
    };
  }
}
