import { Inject, Injectable } from '@nestjs/common';
import { MaybePromise } from '@portcullis/common';
import { Page } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { randomUUID } from 'crypto';
import { LRUCache } from 'lru-cache';
import { ApiChanges, upstreamChanged } from './api-changes';
import { apiInvalid, apiNotFound, credentialNeedsResupplying } from './api-errors';
import { ApiRecord, ApiView, toApiView } from './api-record';
import { ApiFields, ApiRepository } from './api.repository';
import { SealedAuthConfig, sealAuthConfig } from './auth-config';
import { checkedBaseUrl } from './base-url';
import { CreateApiDto, UpdateApiDto } from './dto/api.dto';

export const API_REGISTRY_SETTINGS = Symbol('API_REGISTRY_SETTINGS');
export interface ApiRegistrySettings {
  allowPrivateTargets: boolean;
  /**
   * How long a replica serves an API definition from memory. A change made on another replica drops
   * it at once through ApiChanges; the TTL bounds staleness should that notice be missed.
   */
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
  /**
   * Bumped by every change. A load that a change overtook may carry the old definition, so it is
   * answered but not cached: cached, it would bring back (for its TTL) the upstream just released.
   */
  private generation = 0;

  constructor(
    private readonly repository: ApiRepository,
    private readonly box: SecretBox,
    @Inject(API_REGISTRY_SETTINGS) private readonly settings: ApiRegistrySettings,
    private readonly changes: ApiChanges,
  ) {
    this.cache = new LRUCache({ max: 10_000, ttl: settings.cacheTtlMs });
    changes.listen(({ apiId }) => this.dropCached(apiId));
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
    this.dropCached(id);
    if (!updated) throw apiNotFound();
    await this.changes.announce({ apiId: id, upstreamChanged: upstreamChanged(current, updated) });
    return toApiView(updated);
  }

  async delete(id: string, owner: string | null): Promise<void> {
    const deleted = await this.repository.delete(id, owner);
    this.dropCached(id);
    if (!deleted) throw apiNotFound();
    await this.changes.announce({ apiId: id, upstreamChanged: true });
  }

  /** The definition the proxy forwards with, whoever owns it (the route check decides access). */
  forProxy(id: string): MaybePromise<ApiRecord | null> {
    // A cached definition is answered without a promise: the proxy's prelude waits on nothing then.
    const hit = this.cache.get(id);
    if (hit) return hit.api;
    const generation = this.generation;
    return this.repository.find(id, null).then((api) => {
      if (generation === this.generation) this.cache.set(id, { api });
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

  private dropCached(id: string): void {
    this.generation += 1;
    this.cache.delete(id);
  }

  private async own(id: string, owner: string | null): Promise<ApiRecord> {
    const api = await this.repository.find(id, owner);
    if (!api) throw apiNotFound();
    return api;
  }

  private async fields(body: CreateApiDto, current: ApiRecord | null): Promise<ApiFields> {
    const baseUrl = await checkedBaseUrl(body.baseUrl, this.settings.allowPrivateTargets);
    const auth = this.authFields(body, current, baseUrl);
    return {
      name: body.name,
      baseUrl,
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

  /**
   * authConfig left out of a PUT keeps the stored secrets, as long as authType and the upstream's
   * origin stay the same. A new origin needs them again: whoever may edit the API could otherwise
   * point the stored credential, which they may never have seen, at a host of their own.
   */
  private authFields(body: CreateApiDto, current: ApiRecord | null, baseUrl: string): SealedAuthConfig {
    const keep = current && body.authConfig === undefined && body.authType === current.authType;
    if (!keep && body.authType !== 'none' && body.authConfig === undefined) {
      throw apiInvalid([
        { field: 'authConfig', messages: [`authConfig is required when authType is ${body.authType}`] },
      ]);
    }
    if (!keep) return sealAuthConfig(this.box, body.authType, body.authConfig);
    if (current.authType !== 'none' && originOf(baseUrl) !== originOf(current.baseUrl))
      throw credentialNeedsResupplying();
    return { sealed: current.authConfigSealed, open: current.authConfigPublic };
  }
}

/** Scheme, host and port: where a credential goes. Both URLs have been through checkedBaseUrl. */
const originOf = (baseUrl: string): string => new URL(baseUrl).origin;
