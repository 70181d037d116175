import { guardedLookup, ipLiteralRefusal } from '@portcullis/security';
import { Pool } from 'undici';

/** The longest a new connection may take, whatever an API's timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface PoolSettings {
  allowPrivateTargets: boolean;
  connectionsPerUpstream: number;
  maxHeaderBytes: number;
}

/**
 * One undici keep-alive pool per upstream API (and base origin: a changed baseUrl gets a new pool).
 * Every new connection resolves the host through the SSRF-checking lookup, so a name that starts
 * pointing at a private or metadata address is refused at connect time, not just at registration;
 * an IP-literal origin, which Node connects to without a lookup, is checked when its pool is made.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, { origin: string; pool: Pool }>();
  private readonly lookup;

  constructor(private readonly settings: PoolSettings) {
    this.lookup = guardedLookup(settings.allowPrivateTargets);
  }

  /** `timeoutMs`: the API's, which bounds connecting too (at most 10 s), as it bounds the answer. */
  poolFor(apiId: string, origin: string, timeoutMs = CONNECT_TIMEOUT_MS): Pool {
    const known = this.pools.get(apiId);
    if (known?.origin === origin) return known.pool;
    if (known) void known.pool.close();
    const refused = ipLiteralRefusal(new URL(origin).hostname, this.settings.allowPrivateTargets);
    if (refused) throw refused;
    const pool = new Pool(origin, {
      connections: this.settings.connectionsPerUpstream,
      maxHeaderSize: this.settings.maxHeaderBytes,
      keepAliveTimeout: 4_000,
      connect: { lookup: this.lookup, timeout: Math.min(CONNECT_TIMEOUT_MS, timeoutMs) },
    });
    this.pools.set(apiId, { origin, pool });
    return pool;
  }

  /**
   * An API deleted or its upstream changed: the pool goes. Closing lets requests under way finish
   * and then ends its connections; the next request (if the API still exists) opens a new pool.
   */
  async release(apiId: string): Promise<void> {
    const known = this.pools.get(apiId);
    if (!known) return;
    this.pools.delete(apiId);
    await known.pool.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.destroy()));
    this.pools.clear();
  }
}
