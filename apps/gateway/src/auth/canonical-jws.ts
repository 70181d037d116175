const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * True when a compact JWS is three base64url segments in their one canonical spelling: no `=`
 * padding, only the URL-safe alphabet, and no stray bits in the last character (re-encoding the
 * decoded bytes gives the same text). Node's decoder forgives all of these, so without this check
 * many different strings would verify as the same token, and a cache or denylist keyed on the
 * string could be side-stepped with a respelling.
 */
export function isCanonicalCompactJws(token: string): boolean {
  const segments = token.split('.');
  return segments.length === 3 && segments.every(isCanonicalBase64Url);
}

function isCanonicalBase64Url(segment: string): boolean {
  if (segment.length === 0 || segment.length % 4 === 1 || !BASE64URL.test(segment)) return false;
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}
