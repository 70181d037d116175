import { AppError } from '@portcullis/common';
import { ErrorCode, LoginAttempt } from '@portcullis/contracts';
import { normaliseIp, sha256Hex } from '@portcullis/security';

/**
 * What lockout counts against: the account, as a hash of the normalised email, so Redis keys, logs
 * and events never hold the address; and the client IP, if the caller knows it.
 */
export interface LoginSubject {
  account: string;
  ip?: string;
  /** The device token the client presented, unverified (DeviceTokens decides what it is worth). */
  deviceToken?: string;
  /** The reservation id handed back from checkLogin, if any. */
  reservationId?: string;
  /** Whether checkLogin put this attempt on a trusted device's counter. */
  trustedDevice: boolean;
}

/** Longest email (RFC 5321) and IP text we accept; anything longer is not a login, and would bloat keys. */
const MAX_EMAIL = 320;
const MAX_IP = 64;
const MAX_TOKEN = 256;

/** As the user app stores it (NFKC, so a fullwidth spelling of an address counts against the same account). */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function accountKeyOf(email: string): string {
  return sha256Hex(normaliseEmail(email));
}

/** Validates a bus payload (callers are internal, but a malformed one must not become INTERNAL_ERROR). */
export function loginSubjectOf(attempt: LoginAttempt | undefined): LoginSubject {
  const email = attempt?.email;
  if (typeof email !== 'string' || !normaliseEmail(email) || email.length > MAX_EMAIL) {
    throw invalid('email');
  }
  const given = attempt as LoginAttempt;
  const subject: LoginSubject = {
    account: accountKeyOf(email),
    trustedDevice: given.reservation?.trustedDevice === true,
  };
  const ip = given.ip;
  if (ip !== undefined && ip !== null && ip !== '') {
    const client = typeof ip === 'string' && ip.length <= MAX_IP ? normaliseIp(ip) : undefined;
    if (!client) throw invalid('ip');
    subject.ip = client;
  }
  subject.deviceToken = optionalText(given.deviceToken, 'deviceToken');
  subject.reservationId = optionalText(given.reservation?.id, 'reservation');
  return subject;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_TOKEN) throw invalid(field);
  return value;
}

function invalid(field: string): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', {
    errors: [{ field, messages: [`${field} is missing or malformed`] }],
  });
}
