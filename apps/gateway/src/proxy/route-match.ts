import { ApiRoute } from '../apis/api-record';

/** `/users/:id` matches one segment per `:name`; a trailing `/*` (or `*` alone) matches the rest, or nothing. */
function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*' && i === want.length - 1) return true;
    if (i >= got.length) return false;
    if (!want[i].startsWith(':') && want[i] !== got[i]) return false;
  }
  return want.length === got.length;
}

/** The first declared route for this method and path (below the base URL), or undefined. */
export function matchRoute(routes: ApiRoute[], method: string, path: string): ApiRoute | undefined {
  return routes.find((r) => (r.method === '*' || r.method === method) && pathMatches(r.path, path));
}
