import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, Principal, UserPrincipal } from '@portcullis/contracts';

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The verified caller of a request that passed the AuthGuard: a user, an agent or an API key. */
export const principalOf = (request: object): Principal => (request as AuthenticatedRequest).principal!;

/** The verified caller of this request (set by the AuthGuard): a user, an agent or an API key. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal =>
  principalOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/**
 * The caller as a user, for routes about the caller's own session (logout, change password); pair
 * it with `@AuthenticateWith('jwt')`. Anything else is refused (403) rather than mistaken for one.
 */
export const CurrentUserPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): UserPrincipal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'user') throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'Only a signed-in user can do this');
  return principal;
});
