import { ApiRoute } from '../apis/api-record';
import { normaliseSegment } from './upstream-path';

/**
 * A route's pattern split into segments normalised as request paths are (safeTail), so a route
 * written `/caf%c3%a9` or `/%61dmin` still matches the path it names. Done here rather than at
 * registration so routes stored before normalisation existed are covered too; kept per route object,
 * which lives exactly as long as the cached definition it belongs to. A malformed escape is left as
 * written: no path safeTail lets through can contain it, so that segment simply never matches.
 */
const patternSegments = new WeakMap<ApiRoute, string[]>();

function segmentsOf(route: ApiRoute): string[] {
  let segments = patternSegments.get(route);
  if (!segments) {
    segments = route.path
      .split('/')
      .filter(Boolean)
      .map((s) => normaliseSegment(s) ?? s);
    patternSegments.set(route, segments);
  }
  return segments;
}

/** `/users/:id` matches one segment per `:name`; a trailing `/*` (or `*` alone) matches the rest, or nothing. */
function pathMatches(route: ApiRoute, path: string): boolean {
  if (route.path === '*') return true;
  const want = segmentsOf(route);
  const got = path.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*' && i === want.length - 1) return true;
    if (i >= got.length) return false;
    if (!want[i].startsWith(':') && want[i] !== got[i]) return false;
  }
  return want.length === got.length;
}

/** The first declared route for this method and path (below the base URL, normalised by safeTail), or undefined. */
export function matchRoute(routes: ApiRoute[], method: string, path: string): ApiRoute | undefined {
  return routes.find((r) => (r.method === '*' || r.method === method) && pathMatches(r, path));
}
