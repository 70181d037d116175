import { ErrorCode, Principal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { problem, PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { PermissionChecker } from '../rbac/permission-checker';

export const DASHBOARD_COOKIE = 'portcullis_queues';
export const DASHBOARD_PERMISSION = 'queues:read';

/**
 * Who may see the dashboard: a valid access token (Bearer header for tools, or the HttpOnly cookie
 * the login form sets for browsers) whose user currently holds `queues:read`. Anything else: null.
 */
export class DashboardAccess {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly permissions: PermissionChecker,
  ) {}

  async principalOf(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const token = bearer ?? (request.cookies as Record<string, string | undefined> | undefined)?.[DASHBOARD_COOKIE];
    if (!token) return null;
    return this.allowed(token);
  }

  async allowed(token: string): Promise<Principal | null> {
    try {
      const principal = await this.verifier.verify(token);
      await this.permissions.assert(principal, [DASHBOARD_PERMISSION], 'dashboard');
      return principal;
    } catch {
      return null;
    }
  }
}

/** The dashboard's 401 for API callers: the same RFC 9457 problem as every other route's. */
export function refuseUnauthenticated(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = problem(401, ErrorCode.AUTH_UNAUTHENTICATED, 'Sign in as a user holding queues:read', String(request.id));
  return reply.status(401).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
}
