import { AppError } from '@portcullis/common';
import { ErrorCode, LoginAttempt } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import ipaddr from 'ipaddr.js';

/**
 * What lockout counts against: the account, as a hash of the normalised email, so Redis keys, logs
 * and events never hold the address; and the client IP, if the caller knows it.
 */
export interface LoginSubject {
  account: string;
  ip?: string;
}

/** Longest email (RFC 5321) and IP text we accept; anything longer is not a login, and would bloat keys. */
const MAX_EMAIL = 320;
const MAX_IP = 64;

/** As the user app stores it (NFKC, so a fullwidth spelling of an address counts against the same account). */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function accountKeyOf(email: string): string {
  return sha256Hex(normaliseEmail(email));
}

/**
 * The client an IP counts as, or undefined when the text is not an IP. `::ffff:203.0.113.7` and
 * `203.0.113.7` are the same client (counting them apart would halve the throttle), and an IPv6
 * client counts as its /64: one subscriber gets a whole /64 and could otherwise rotate through 2^64
 * addresses, each with a fresh allowance.
 */
export function normaliseIp(ip: string): string | undefined {
  const text = ip.trim();
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.process(text);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/** Validates a bus payload (callers are internal, but a malformed one must not become INTERNAL_ERROR). */
export function loginSubjectOf(attempt: LoginAttempt | undefined): LoginSubject {
  const email = attempt?.email;
  if (typeof email !== 'string' || !normaliseEmail(email) || email.length > MAX_EMAIL) {
    throw invalid('email');
  }
  const ip = attempt?.ip;
  if (ip === undefined || ip === null || ip === '') return { account: accountKeyOf(email) };
  const client = typeof ip === 'string' && ip.length <= MAX_IP ? normaliseIp(ip) : undefined;
  if (!client) throw invalid('ip');
  return { account: accountKeyOf(email), ip: client };
}

function invalid(field: string): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', {
    errors: [{ field, messages: [`${field} is missing or malformed`] }],
  });
}
