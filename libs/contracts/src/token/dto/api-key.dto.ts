export type ApiKeyEnvironment = 'live' | 'test';
export type ApiKeyQuotaRefill = 'daily' | 'monthly';

export interface ApiKeyRateLimit {
  limit: number;
  windowSeconds: number;
}

export interface ApiKeyQuota {
  limit: number;
  refill: ApiKeyQuotaRefill;
}

/**
 * Who is asking, as the gateway established it. The token app enforces ownership itself: a
 * non-admin reaches only their own keys; anyone else's id answers API_KEY_NOT_FOUND (never 403).
 */
export interface ApiKeyCaller {
  userId: string;
  isAdmin: boolean;
  /**
   * Set when the caller acts through an API key (or a token exchanged for one): that key's scopes,
   * the ceiling of any key it creates, as of everything else it does.
   */
  scopes?: string[];
}

/** An API key as its owner sees it: never the key, its hash, or the pepper. */
export interface ApiKeyDto {
  id: string;
  ownerUserId: string;
  name: string;
  environment: ApiKeyEnvironment;
  /** The public start of the key (`pk_live_<lookup id>`), so a person can tell keys apart. */
  prefix: string;
  /** As granted at creation; at use they are further cut down to what the owner still holds. */
  scopes: string[];
  expiresAt: string | null;
  rateLimit: ApiKeyRateLimit | null;
  quota: ApiKeyQuota | null;
  createdAt: string;
  /** Written in batches every few seconds, so it may lag the last use by that much. */
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** After a roll, the previous secret keeps working until then. */
  previousSecretExpiresAt: string | null;
}

/** `key` is shown once, at creation or roll. */
export interface ApiKeyWithSecret extends ApiKeyDto {
  key: string;
}

/**
 * `scopes` must be a subset of the caller's current permissions (API_KEY_SCOPE_FORBIDDEN, naming
 * the ones that are not); omitted, the key gets all of them. VALIDATION_FAILED for a bad field.
 */
export interface CreateApiKeyRequest {
  caller: ApiKeyCaller;
  name: string;
  environment: ApiKeyEnvironment;
  scopes?: string[];
  /** ISO 8601, in the future. */
  expiresAt?: string;
  rateLimit?: ApiKeyRateLimit;
  quota?: ApiKeyQuota;
}

/** One key, addressed by its owner (or an admin). */
export interface ApiKeyRef {
  caller: ApiKeyCaller;
  id: string;
}

/** The caller's keys, newest first, revoked ones included; an admin may name another `userId`. */
export interface ListApiKeysRequest {
  caller: ApiKeyCaller;
  userId?: string;
}

/** A new secret for the same key id; the old one keeps working for `graceSeconds` (default 0). */
export interface RollApiKeyRequest extends ApiKeyRef {
  graceSeconds?: number;
}

/** Malformed, unknown, revoked and expired keys all fail alike: AUTH_INVALID_API_KEY, same timing. */
export interface VerifyApiKeyRequest {
  key: string;
}

export interface VerifyApiKeyReply {
  keyId: string;
  ownerId: string;
  environment: ApiKeyEnvironment;
  /** The key's scopes ∩ the owner's permissions now: the permission ceiling for this request. */
  scopes: string[];
  /** The owner's current roles, for the checks that go by role. */
  roles: string[];
  rateLimit: ApiKeyRateLimit | null;
  quota: ApiKeyQuota | null;
  /**
   * Epoch seconds after which this key string stops working (its expiry, or the end of a roll's
   * grace for a previous secret); null if it does not expire. Never cache a verification past it.
   */
  expiresAt: number | null;
}

export interface ExchangeApiKeyRequest {
  key: string;
}

/**
 * A user access token for the key's owner (`sub`), with `sid` = the key id (revoking the key
 * revokes its tokens like a session) and `scope` = the key's effective scopes, space-separated.
 */
export interface ExchangeApiKeyReply {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  scope: string;
}
