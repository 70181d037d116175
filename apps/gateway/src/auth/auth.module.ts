import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwksController } from '../well-known/jwks.controller';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthOutcome } from './auth-outcome';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { JwksCache } from './jwks.cache';
import { JwksReloads } from './jwks-reloads';
import { ProfileController } from './profile.controller';
import { RevocationStore } from './revocation.store';
import { SessionsController } from './sessions.controller';
import { AgentJwtStrategy } from './strategies/agent-jwt.strategy';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { UserViewCache } from './user-view.cache';
import { PermissionChecker } from '../rbac/permission-checker';

@Module({})
export class GatewayAuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: GatewayAuthModule,
      controllers: [AuthController, ProfileController, SessionsController, JwksController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        JwksCache,
        JwksReloads,
        RevocationStore,
        AccessTokenVerifier,
        AuthOutcome,
        UserViewCache,
        PermissionChecker,
        JwtStrategy,
        AgentJwtStrategy,
        ApiKeyStrategy,
        AuthGuard,
        // One instance: the data plane (http/data-plane.ts), which runs without Nest's router, admits through it too.
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
      exports: [AccessTokenVerifier, PermissionChecker, UserViewCache, JwksCache, RevocationStore, ApiKeyStrategy],
    };
  }
}
