import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { AuditFilter } from './audit-record';

export const MAX_LIMIT = 100;
/**
 * The deepest row a page may reach. OFFSET costs a walk over every skipped row, so at a million
 * records deep pages would be slow for everyone; like Elasticsearch's max_result_window, the
 * answer past this point is to narrow the range with from/to. The total is capped at the same
 * number, so every page a client computes from `total` can be fetched.
 */
export const MAX_WINDOW = 10_000;

export interface AuditQuery {
  filter: AuditFilter;
  page: number;
  limit: number;
  offset: number;
}

type FieldError = { field: string; messages: string[] };

/** Validates a listAuditLogs payload (the gateway validates too, but the bus has other callers). */
export function parseAuditQuery(raw: unknown): AuditQuery {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const page = integer(input.page, 'page', 1, Number.MAX_SAFE_INTEGER, errors, 1);
  const limit = integer(input.limit, 'limit', 1, MAX_LIMIT, errors, 20);
  const filter: AuditFilter = {
    actorId: text(input.actorId, 'actorId', 256, errors),
    agentId: text(input.agentId, 'agentId', 256, errors),
    type: text(input.type, 'type', 128, errors),
    from: time(input.from, 'from', errors),
    to: time(input.to, 'to', errors),
  };
  if (filter.from && filter.to && filter.from > filter.to)
    errors.push({ field: 'from', messages: ['from must not be after to'] });
  if (!errors.length && page * limit > MAX_WINDOW) {
    errors.push({
      field: 'page',
      messages: [`page * limit must not exceed ${MAX_WINDOW}; narrow the range with from/to`],
    });
  }
  if (errors.length) throw new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', { errors });
  const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AuditFilter;
  return { filter: defined, page, limit, offset: (page - 1) * limit };
}

function integer(
  value: unknown,
  field: string,
  min: number,
  max: number,
  errors: FieldError[],
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
  errors.push({ field, messages: [`${field} must be an integer from ${min} to ${max}`] });
  return fallback;
}

function text(value: unknown, field: string, max: number, errors: FieldError[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && value.length <= max && !value.includes('\u0000')) return value;
  errors.push({ field, messages: [`${field} must be a string of at most ${max} characters`] });
  return undefined;
}

/** Normalised to ISO so comparisons and the SQL parameter agree on one form. */
function time(value: unknown, field: string, errors: FieldError[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const at = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (!Number.isNaN(at.getTime()) && /^[1-9]\d{3}-/.test(at.toISOString())) return at.toISOString();
  errors.push({ field, messages: [`${field} must be an ISO 8601 timestamp`] });
  return undefined;
}
