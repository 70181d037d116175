import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, currentRequestContext } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { HealthController } from '@portcullis/observability';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthenticatedRequest } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { REQUIRED_PERMISSIONS } from '../rbac/require-permissions.decorator';

/** Probes and scrapers come from libraries and cannot carry @Public(); they are open by design. */
const OPS_CONTROLLERS: ReadonlySet<unknown> = new Set([HealthController, PrometheusController]);

/**
 * Global: every route needs a valid Bearer access token unless marked @Public(), and then the
 * permissions its @RequirePermissions() names (403 AUTH_FORBIDDEN otherwise).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly permissions: PermissionChecker,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (OPS_CONTROLLERS.has(context.getClass())) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    try {
      if (!match) throw new AppError(ErrorCode.AUTH_UNAUTHENTICATED, 'A Bearer access token is required');
      request.principal = await this.verifier.verify(match[1]);
      // Every bus call from here on carries who is acting, in its envelope.
      const ambient = currentRequestContext();
      if (ambient) ambient.principal = request.principal;
    } catch (err) {
      void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="portcullis"');
      throw err;
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, [context.getHandler(), context.getClass()]);
    await this.permissions.assert(request.principal, required, `${request.method} ${request.routeOptions.url}`);
    return true;
  }
}
