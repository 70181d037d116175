import { assertPublicUrl, ForbiddenUrlError, isBadPort } from '@portcullis/security';
import { apiInvalid, apiUrlForbidden } from './api-errors';

/**
 * The SSRF check at registration (the proxy checks again at every new connection, since DNS can
 * change: proxy/upstream-pools.ts). Returns the URL normalised: no query, fragment or trailing slash,
 * so the proxy only ever appends a path to it.
 */
export async function checkedBaseUrl(raw: string, allowPrivate: boolean): Promise<string> {
  let url: URL;
  try {
    ({ url } = await assertPublicUrl(raw, { allowPrivate }));
  } catch (err) {
    if (!(err instanceof ForbiddenUrlError)) throw err;
    if (err.reason === 'forbidden-address')
      throw apiUrlForbidden('baseUrl points at a loopback, private, link-local or metadata address');
    throw apiInvalid([{ field: 'baseUrl', messages: [err.message.replace(/^url/, 'baseUrl')] }]);
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw apiInvalid([{ field: 'baseUrl', messages: ['baseUrl must not have a query or fragment'] }]);
  }
  if (isBadPort(url)) throw apiUrlForbidden('baseUrl uses a port browsers refuse (SMTP, IRC and the like)');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
