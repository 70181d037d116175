import { AppError, isUuid } from '@portcullis/common';
import { ApiKeyCaller, ApiKeyQuota, ApiKeyRateLimit, ErrorCode } from '@portcullis/contracts';
import { API_KEY_ENVIRONMENTS, ApiKeyEnvironment } from './api-key-format';

/**
 * Checks of what the gateway forwards from clients. The gateway validates bodies too; these keep a
 * bad value from reaching PostgreSQL as an opaque internal error, and bound what is stored.
 */
const invalid = (field: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, message, { field });

const MAX_SCOPES = 100;
const PERMISSION = /^[a-z][a-z0-9_-]*:[a-z][a-z0-9_-]*$/;
const MAX_WINDOW_SECONDS = 31 * 86_400;
const MAX_COUNT = 1_000_000_000;

export function requireCaller(value: unknown): ApiKeyCaller {
  const caller = value as Partial<ApiKeyCaller> | undefined;
  if (!isUuid(caller?.userId)) throw invalid('caller.userId', 'caller.userId must be a UUID');
  const scopes = caller.scopes;
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string')))
    throw invalid('caller.scopes', 'caller.scopes must be a list of permissions');
  return { userId: caller.userId, isAdmin: caller.isAdmin === true, ...(scopes ? { scopes } : {}) };
}

export function requireName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length < 1 || name.length > 100) throw invalid('name', 'name must be 1 to 100 characters');
  return name;
}

export function requireEnvironment(value: unknown): ApiKeyEnvironment {
  if (!(API_KEY_ENVIRONMENTS as readonly unknown[]).includes(value))
    throw invalid('environment', 'environment must be "live" or "test"');
  return value as ApiKeyEnvironment;
}

/** Distinct `resource:action` names, sorted; undefined when not given. */
export function optionalScopes(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.length > MAX_SCOPES ||
    !value.every((s) => typeof s === 'string' && s.length <= 100 && PERMISSION.test(s))
  ) {
    throw invalid('scopes', `scopes must be at most ${MAX_SCOPES} permission names like "apis:read"`);
  }
  return [...new Set(value as string[])].sort();
}

export function optionalExpiry(value: unknown, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const at = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime()) || at <= now)
    throw invalid('expiresAt', 'expiresAt must be an ISO 8601 time in the future');
  return at;
}

export function optionalRateLimit(value: unknown): ApiKeyRateLimit | null {
  if (value === undefined || value === null) return null;
  const { limit, windowSeconds } = value as Partial<ApiKeyRateLimit>;
  if (!isCount(limit, MAX_COUNT) || !isCount(windowSeconds, MAX_WINDOW_SECONDS)) {
    throw invalid(
      'rateLimit',
      `rateLimit needs a positive integer limit and windowSeconds (at most ${MAX_WINDOW_SECONDS})`,
    );
  }
  return { limit, windowSeconds };
}

export function optionalQuota(value: unknown): ApiKeyQuota | null {
  if (value === undefined || value === null) return null;
  const { limit, refill } = value as Partial<ApiKeyQuota>;
  if (!isCount(limit, MAX_COUNT) || (refill !== 'daily' && refill !== 'monthly')) {
    throw invalid('quota', 'quota needs a positive integer limit and refill "daily" or "monthly"');
  }
  return { limit, refill };
}

export function graceSeconds(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 30 * 86_400) {
    throw invalid('graceSeconds', 'graceSeconds must be an integer from 0 to 2592000');
  }
  return value as number;
}

function isCount(value: unknown, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;
}
