import { ApiKeyRevocation, VerifyApiKeyReply } from '@portcullis/contracts';
import { sha256Base64url } from '@portcullis/security';
import { LRUCache } from 'lru-cache';

interface Entry {
  reply: VerifyApiKeyReply;
  verifiedAtMs: number;
}

/**
 * A cached verification as the verifier may use it. A fresh one is `renewDue` in the last fifth of
 * its fresh life: the verifier then asks the token app again in the background, so a key in steady
 * use is re-verified before it expires rather than every request of it waiting on that call.
 */
export type CacheLookup =
  | { state: 'fresh'; reply: VerifyApiKeyReply; renewDue: boolean }
  | { state: 'stale'; reply: VerifyApiKeyReply }
  | { state: 'none' };

/** The share of a verification's fresh life after which a use renews it in the background. */
const RENEW_AFTER = 0.8;

/**
 * Verifications of presented keys, held by a hash of the key (never the key itself). `fresh` may
 * be used as is; `stale` only when the token app cannot answer, and only within the stale
 * tolerance. A revoked key is refused from cache however recent; a rolled key's verifications are
 * dropped so the next use asks again; a changed owner's too (their scopes may have shrunk).
 */
export class ApiKeyCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly byKeyId = new Map<string, Set<string>>();
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly settings: { freshSeconds: number; staleToleranceSeconds: number; cacheSize: number },
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({
      max: settings.cacheSize,
      ttl: Math.max(settings.freshSeconds, settings.staleToleranceSeconds) * 1000,
      dispose: (entry, hash) => this.unindex(entry.reply.keyId, hash),
    });
  }

  static hashOf(key: string): string {
    return sha256Base64url(key);
  }

  lookup(hash: string): CacheLookup {
    const entry = this.entries.get(hash);
    if (!entry) return { state: 'none' };
    const now = this.now();
    if (
      this.isRevoked(entry.reply.keyId, now) ||
      (entry.reply.expiresAt !== null && entry.reply.expiresAt * 1000 <= now)
    ) {
      this.entries.delete(hash);
      return { state: 'none' };
    }
    const age = now - entry.verifiedAtMs;
    const freshMs = this.settings.freshSeconds * 1000;
    if (age < freshMs) return { state: 'fresh', reply: entry.reply, renewDue: age >= freshMs * RENEW_AFTER };
    if (age < this.settings.staleToleranceSeconds * 1000) return { state: 'stale', reply: entry.reply };
    return { state: 'none' };
  }

  /** `since` is when the verification was asked for: a notice that arrived meanwhile wins. */
  store(hash: string, reply: VerifyApiKeyReply, sinceGeneration: number): void {
    if (sinceGeneration !== this.generation || this.isRevoked(reply.keyId, this.now())) return;
    this.entries.set(hash, { reply, verifiedAtMs: this.now() });
    const hashes = this.byKeyId.get(reply.keyId) ?? new Set<string>();
    hashes.add(hash);
    this.byKeyId.set(reply.keyId, hashes);
  }

  forget(hash: string): void {
    this.entries.delete(hash);
  }

  /** Bumped by every notice, so a verification that a notice overtook is not cached. */
  generation = 0;

  apply(notice: ApiKeyRevocation): void {
    this.generation++;
    if (notice.rolledAt === undefined)
      this.revoked.set(notice.keyId, Math.max(notice.until * 1000, this.revoked.get(notice.keyId) ?? 0));
    this.dropKey(notice.keyId);
  }

  /** The owner's roles or permissions changed: their keys' scopes must be worked out again. */
  forgetOwner(ownerId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries.entries()) if (entry.reply.ownerId === ownerId) this.entries.delete(hash);
  }

  isRevoked(keyId: string, now = this.now()): boolean {
    const until = this.revoked.get(keyId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.revoked.delete(keyId);
    return false;
  }

  private dropKey(keyId: string): void {
    for (const hash of [...(this.byKeyId.get(keyId) ?? [])]) this.entries.delete(hash);
    this.byKeyId.delete(keyId);
  }

  private unindex(keyId: string, hash: string): void {
    const hashes = this.byKeyId.get(keyId);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.byKeyId.delete(keyId);
  }
}
