import { SetMetadata } from '@nestjs/common';

export const AUTH_STRATEGIES = 'portcullis:authStrategies';

/**
 * Which passport strategies may authenticate a route, tried in order (the first that accepts wins).
 * Without it the guard derives them: `@RequirePermissions` only → `jwt`, `api-key`;
 * `@RequireCapabilities` only → `agent-jwt`; both → all three. Use it to narrow (logout needs a user
 * session: `@AuthenticateWith('jwt')`) or to add a strategy of your own (e.g. `'oidc'`).
 */
export const AuthenticateWith = (...strategies: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_STRATEGIES, strategies);
