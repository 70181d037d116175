import { randomBytes } from 'crypto';

export const API_KEY_ENVIRONMENTS = ['live', 'test'] as const;
export type ApiKeyEnvironment = (typeof API_KEY_ENVIRONMENTS)[number];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The public lookup id: stored in clear, indexed, shown in listings (12 × log2 62 ≈ 71 bits). */
export const LOOKUP_ID_LENGTH = 12;
/** The secret part: 43 × log2 62 ≈ 256 bits, well above the 192 the issue asks for. */
export const SECRET_LENGTH = 43;
/** No key we issue is longer; anything longer is malformed before any hashing. */
export const MAX_API_KEY_LENGTH = 'pk_live_'.length + LOOKUP_ID_LENGTH + SECRET_LENGTH;

const KEY_SHAPE = new RegExp(`^pk_(live|test)_([0-9A-Za-z]{${LOOKUP_ID_LENGTH}})[0-9A-Za-z]{${SECRET_LENGTH}}$`);

export interface ParsedApiKey {
  environment: ApiKeyEnvironment;
  lookupId: string;
}

export interface GeneratedApiKey extends ParsedApiKey {
  /** Shown to the client once; never stored, logged, or put in an event or error. */
  key: string;
}

/**
 * Uniform base62 from the CSPRNG: bytes ≥ 248 (= 4 × 62) are dropped rather than folded in with a
 * modulo, which would make the first eight characters likelier than the rest.
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 16)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** `pk_<env>_<lookup id><secret>`: all base62, so it survives double-click selection and URLs. */
export function generateApiKey(
  environment: ApiKeyEnvironment,
  lookupId = randomBase62(LOOKUP_ID_LENGTH),
): GeneratedApiKey {
  return { key: `pk_${environment}_${lookupId}${randomBase62(SECRET_LENGTH)}`, environment, lookupId };
}

/** The environment and lookup id of a well-formed key; null for anything else. */
export function parseApiKey(value: unknown): ParsedApiKey | null {
  if (typeof value !== 'string' || value.length > MAX_API_KEY_LENGTH) return null;
  const match = KEY_SHAPE.exec(value);
  return match ? { environment: match[1] as ApiKeyEnvironment, lookupId: match[2] } : null;
}

/** What listings show so a person can tell keys apart: the public part only. */
export function displayPrefix(environment: ApiKeyEnvironment, lookupId: string): string {
  return `pk_${environment}_${lookupId}`;
}
