import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { INVISIBLE_OR_BIDI } from './email-skeleton';

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * A sanity check, not RFC 5322: one @, something on each side, a dot in the domain, no spaces.
 * Stricter parsing turns away real addresses; ownership would be proven by a mail, not a regex.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;
// Control characters are exactly what this must find.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Emails are compared and stored in NFKC, trimmed and lower-cased, so `A@x.io `, `a@x.io` and the
 * fullwidth `ａ@x.io` are one account.
 */
export function normaliseEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.normalize('NFKC').trim().toLowerCase() : '';
}

export function emailErrors(email: string): FieldError[] {
  if (email.length > MAX_EMAIL_LENGTH) return [{ field: 'email', messages: [`email must be at most ${MAX_EMAIL_LENGTH} characters`] }];
  // Zero-width and direction-control characters make an address that looks like another one.
  if (INVISIBLE_OR_BIDI.test(email)) return [{ field: 'email', messages: ['email must not contain invisible or text-direction characters'] }];
  if (!EMAIL.test(email)) return [{ field: 'email', messages: ['email must be a valid email address'] }];
  return [];
}

/** Trimmed; an empty name is no name. `undefined` means the caller did not send one. */
export function normaliseDisplayName(raw: unknown): string | null | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  return trimmed === '' ? null : trimmed;
}

export function displayNameErrors(raw: unknown): FieldError[] {
  if (raw === undefined || raw === null) return [];
  const messages: string[] = [];
  if (typeof raw !== 'string') messages.push('displayName must be a string or null');
  else if ([...raw.trim()].length > MAX_DISPLAY_NAME_LENGTH) messages.push(`displayName must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`);
  else if (CONTROL_CHARACTERS.test(raw)) messages.push('displayName must not contain control characters');
  return messages.length ? [{ field: 'displayName', messages }] : [];
}

/** Same shape as the gateway's validation pipe, so clients parse one format. */
export function validationFailed(errors: FieldError[]): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', { errors });
}
