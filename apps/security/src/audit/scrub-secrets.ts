/**
 * Events carry no secrets by contract (DESIGN §3), but the audit log keeps what it is given for
 * years, so it drops anything that looks like one regardless. Keys are compared without case or
 * separators, and a suffix is enough: `refresh_token`, `passwordHash`, `clientSecret` all go.
 */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'token',
  'secret',
  'hash',
  'apikey',
  'privatekey',
  'authorization',
  'cookie',
  'credentials',
];

/** Deeper than this is not a real event; the rest is cut rather than the record lost. */
const MAX_DEPTH = 16;

export function isSecretKey(key: string): boolean {
  const bare = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    bare.startsWith('password') || bare.startsWith('secret') || SECRET_SUFFIXES.some((suffix) => bare.endsWith(suffix))
  );
}

/**
 * A copy of a JSON value without secret-looking keys (at any depth), with strings PostgreSQL can
 * store (no NUL, no lone surrogate: text and jsonb reject both, which would fail the insert forever).
 */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!isSecretKey(key) && inner !== undefined) copy[cleanText(key)] = scrubSecrets(inner, depth + 1);
  }
  return copy;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  // NUL is exactly what this must match: PostgreSQL text cannot store it.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}
