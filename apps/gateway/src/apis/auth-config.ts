import { SecretBox } from '@portcullis/security';
import { apiInvalid } from './api-errors';
import { AuthType } from './dto/api.dto';

/** authConfig's fields per authType: the secret ones are sealed, the others kept (and shown) in clear. */
const FIELDS: Record<AuthType, { secret: string[]; open: string[] }> = {
  none: { secret: [], open: [] },
  bearer: { secret: ['token'], open: [] },
  header: { secret: ['value'], open: ['name'] },
  basic: { secret: ['password'], open: ['username'] },
};

/** An HTTP header name (RFC 9110 token) that is not one the proxy sets or strips itself. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-request-id',
  'traceparent',
  'tracestate',
  'expect',
]);
/** Every X-Forwarded-* is the gateway's to say. */
const RESERVED_PREFIX = 'x-forwarded-';
/**
 * What undici sends as a header value (tab, printable ASCII, Latin-1): anything else is refused on
 * every call, so the API would only ever fail (and open its breaker). Basic credentials are
 * base64-encoded, so any text is fine there.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export interface SealedAuthConfig {
  sealed: string | null;
  open: Record<string, string> | null;
}

/** Checks authConfig against authType (400 naming the field) and seals its secret part. */
export function sealAuthConfig(
  box: SecretBox,
  authType: AuthType,
  config: Record<string, unknown> | undefined,
): SealedAuthConfig {
  const { secret, open } = FIELDS[authType];
  const wanted = [...secret, ...open];
  if (wanted.length === 0) {
    if (config && Object.keys(config).length)
      throw apiInvalid([{ field: 'authConfig', messages: ['authConfig must be empty when authType is none'] }]);
    return { sealed: null, open: null };
  }
  const errors = [
    ...Object.keys(config ?? {})
      .filter((k) => !wanted.includes(k))
      .map((k) => ({ field: `authConfig.${k}`, messages: [`authConfig.${k} is not a field of ${authType} auth`] })),
    ...wanted
      .filter(
        (k) =>
          typeof config?.[k] !== 'string' ||
          !config[k].length ||
          config[k].length > 4096 ||
          /[\r\n\0]/.test(config[k]) ||
          (authType !== 'basic' && !HEADER_VALUE.test(config[k])),
      )
      .map((k) => ({
        field: `authConfig.${k}`,
        messages: [`authConfig.${k} must be a non-empty string of one line, in characters a header value may hold`],
      })),
  ];
  if (
    authType === 'header' &&
    typeof config?.name === 'string' &&
    (!HEADER_NAME.test(config.name) ||
      RESERVED_HEADERS.has(config.name.toLowerCase()) ||
      config.name.toLowerCase().startsWith(RESERVED_PREFIX))
  ) {
    errors.push({
      field: 'authConfig.name',
      messages: ['authConfig.name must be a header name the proxy does not manage itself'],
    });
  }
  if (authType === 'basic' && typeof config?.username === 'string' && config.username.includes(':')) {
    errors.push({ field: 'authConfig.username', messages: ['authConfig.username must not contain a colon'] });
  }
  if (errors.length) throw apiInvalid(errors);
  const pick = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, config![k] as string]));
  return { sealed: box.seal(JSON.stringify(pick(secret))), open: open.length ? pick(open) : null };
}

/** The header the proxy adds for the upstream, or none. */
export function upstreamAuthHeader(
  authType: AuthType,
  open: Record<string, string> | null,
  secret: Record<string, string>,
): [string, string] | null {
  switch (authType) {
    case 'bearer':
      return ['authorization', `Bearer ${secret.token}`];
    case 'header':
      return [open!.name.toLowerCase(), secret.value];
    case 'basic':
      return ['authorization', `Basic ${Buffer.from(`${open!.username}:${secret.password}`).toString('base64')}`];
    default:
      return null;
  }
}
