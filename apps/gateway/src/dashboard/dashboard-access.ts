import { ErrorCode, UserPrincipal as Principal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { problem, PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { PermissionChecker } from '../rbac/permission-checker';

export const DASHBOARD_COOKIE = 'portcullis_queues';
export const DASHBOARD_PERMISSION = 'queues:read';
/** Changing jobs (add, edit, retry, empty, obliterate): super_admin only, and never the audit queue. */
export const DASHBOARD_WRITE_PERMISSION = 'queues:write';

/** Who is asking, and how: a cookie rides along on its own (so a write needs a same-origin proof), a Bearer header never does. */
export interface DashboardCaller {
  principal: Principal;
  via: 'bearer' | 'cookie';
}

/**
 * Who may see the dashboard: a valid access token (Bearer header for tools, or the HttpOnly cookie
 * the login form sets for browsers) whose user currently holds `queues:read`. Anything else: null.
 */
export class DashboardAccess {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly permissions: PermissionChecker,
  ) {}

  async callerOf(request: FastifyRequest): Promise<DashboardCaller | null> {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const token = bearer ?? cookieToken(request);
    if (!token) return null;
    const principal = await this.allowed(token);
    return principal ? { principal, via: bearer ? 'bearer' : 'cookie' } : null;
  }

  async allowed(token: string): Promise<Principal | null> {
    const principal = await this.verified(token);
    return principal && (await this.holds(principal, DASHBOARD_PERMISSION)) ? principal : null;
  }

  canWrite(principal: Principal): Promise<boolean> {
    return this.holds(principal, DASHBOARD_WRITE_PERMISSION);
  }

  /** The token's principal if it is a live access token, whatever it may do. */
  async verified(token: string): Promise<Principal | null> {
    try {
      return await this.verifier.verify(token);
    } catch {
      return null;
    }
  }

  private async holds(principal: Principal, permission: string): Promise<boolean> {
    try {
      await this.permissions.assert(principal, [permission], 'dashboard');
      return true;
    } catch {
      return false;
    }
  }
}

export function cookieToken(request: FastifyRequest): string | undefined {
  return (request.cookies as Record<string, string | undefined> | undefined)?.[DASHBOARD_COOKIE];
}

/** The dashboard's 401 for API callers: the same RFC 9457 problem as every other route's. */
export function refuseUnauthenticated(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = problem(
    401,
    ErrorCode.AUTH_UNAUTHENTICATED,
    'Sign in as a user holding queues:read',
    String(request.id),
  );
  return reply.status(401).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
}
