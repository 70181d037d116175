import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '@portcullis/contracts';

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The verified caller of this request (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal!;
});
