import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/**
 * The bus delivers whatever JSON a caller sent; these checks keep a malformed id from reaching
 * PostgreSQL (where a bad uuid would surface as an opaque internal error) and bound stored text.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw new AppError(ErrorCode.VALIDATION_FAILED, `${field} must be a UUID`, { field });
  return value;
}

export function requireRoles(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((r) => typeof r === 'string')) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'roles must be an array of strings', { field: 'roles' });
  }
  return value;
}

/** Free text from clients (device names, user agents) is kept, but never unbounded. */
export function boundedText(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null;
}
