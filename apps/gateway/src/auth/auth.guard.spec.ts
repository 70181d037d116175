import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { BusClient } from '@portcullis/bus';
import { AgentPrincipal, ApiKeyPrincipal, MeReply, UserPrincipal } from '@portcullis/contracts';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { AccessTokenVerifier, WrongTokenKind } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import { AuthenticateWith } from './authenticate-with.decorator';
import { Public } from './public.decorator';
import { AgentJwtStrategy } from './strategies/agent-jwt.strategy';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { UserViewCache } from './user-view.cache';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';

const user: UserPrincipal = { kind: 'user', userId: 'u1', sessionId: 's1', jti: 'j1', exp: 9e9, roles: ['user'] };
const agent: AgentPrincipal = {
  ...{ kind: 'agent', agentId: 'a1', userId: 'u1', sessionId: 's1', jti: 'j2', exp: 9e9, agentType: 'code-reviewer' },
  ...{ capabilities: ['file:read'], depth: 1, chain: [], act: { sub: 'u1' } },
};
const view: MeReply = {
  id: 'u1',
  email: 'u1@example.com',
  displayName: null,
  roles: ['user'],
  permissions: ['profile:read', 'profile:write'],
};

/**
 * Tokens are just names here: the verifier's own behaviour is tested in its spec. Like the real one,
 * it answers some synchronously (a cached token) and others later (a new token), and refuses both ways.
 */
const verifier = {
  verify: (t: string) => {
    if (t === 'user-token') return user;
    if (t === 'exchanged-token') return Promise.resolve({ ...user, scopes: ['profile:write'] });
    if (t === 'agent-token') throw new WrongTokenKind('agent');
    return Promise.reject(new WrongTokenKind('agent'));
  },
  verifyAgent: async (t: string) => (t === 'agent-token' ? agent : Promise.reject(new WrongTokenKind('user'))),
} as unknown as AccessTokenVerifier;

class Routes {
  @RequirePermissions('profile:read')
  readProfile(): void {}

  @RequireCapabilities('file:read')
  readFile(): void {}

  @RequireCapabilities('deploy:production')
  deploy(): void {}

  @RequireCapabilities('file:read')
  @AuthenticateWith('jwt', 'agent-jwt')
  agentsButUsersToo(): void {}

  @RequirePermissions('profile:read')
  @RequireCapabilities('file:read')
  either(): void {}

  @Public()
  open(): void {}

  @RequirePermissions('profile:read')
  @AuthenticateWith('test-header')
  ownStrategy(): void {}
}

/** What an OIDC or SAML strategy of one's own would be: the @nestjs/passport mixin, by name. */
class TestHeaderStrategy extends PassportStrategy(CustomStrategy, 'test-header') {
  validate(request: { headers: Record<string, string | undefined> }): Promise<UserPrincipal | false> {
    return Promise.resolve(request.headers['x-test-principal'] === 'u1' ? user : false);
  }
}

describe('AuthGuard (passport strategies, permissions and capabilities)', () => {
  let guard: AuthGuard;
  let keyScopes: string[];
  let keys: ApiKeyVerifier;

  beforeAll(() => {
    const bus = {
      call: async () => ({ keyId: 'k1', ownerId: 'u1', scopes: keyScopes, expiresAt: null }),
    } as unknown as BusClient;
    new JwtStrategy(verifier);
    new AgentJwtStrategy(verifier);
    new TestHeaderStrategy();
    const settings = {
      redisPrefix: 'unit',
      freshSeconds: 0,
      staleToleranceSeconds: 0,
      cacheSize: 10,
      verifyTimeoutMs: 100,
      breakerResetMs: 1000,
    };
    keys = new ApiKeyVerifier(bus, settings);
    new ApiKeyStrategy(keys);
    const views = { get: () => view } as unknown as UserViewCache;
    guard = new AuthGuard(new Reflector(), new PermissionChecker(bus, views));
  });

  afterAll(() => keys.onApplicationShutdown());

  beforeEach(() => (keyScopes = ['profile:read']));

  function call(route: keyof Routes, headers: Record<string, string> = {}, query: Record<string, string> = {}) {
    const replyHeaders: Record<string, string> = {};
    const request = { headers, query, method: 'GET', routeOptions: { url: `/${route}` } } as Record<string, unknown>;
    const reply = { header: (name: string, value: string) => (replyHeaders[name] = value) };
    const context = {
      getHandler: () => Object.getOwnPropertyDescriptor(Routes.prototype, route)?.value as object,
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    } as unknown as ExecutionContext;
    return {
      request,
      replyHeaders,
      /** The answer as Nest's guard consumer takes it (a value, a promise or a throw), as a promise. */
      get result() {
        return (async () => guard.canActivate(context))();
      },
      answerNow: () => guard.canActivate(context),
    };
  }

  it('answers synchronously (no promise) when every step decides from memory', () => {
    expect(call('readProfile', { authorization: 'Bearer user-token' }).answerNow()).toBe(true);
    expect(call('open').answerNow()).toBe(true);
    expect(() => call('readProfile', { authorization: 'Bearer agent-token' }).answerNow()).toThrow(
      'An agent token is not accepted here',
    );
  });

  it("runs a strategy of one's own, registered through @nestjs/passport, for a route that names it", async () => {
    const { result, request } = call('ownStrategy', { 'x-test-principal': 'u1' });
    await expect(result).resolves.toBe(true);
    expect(request.principal).toEqual(user);
    await expect(call('ownStrategy').result).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it('lets a public route through without credentials', async () => {
    await expect(call('open').result).resolves.toBe(true);
  });

  it('refuses a request without credentials with 401 and WWW-Authenticate, as before passport', async () => {
    const { result, replyHeaders } = call('readProfile');
    await expect(result).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
      message: 'A Bearer access token is required',
    });
    expect(replyHeaders['WWW-Authenticate']).toBe('Bearer realm="portcullis"');
  });

  it('admits a user on a permission route and puts the principal on the request', async () => {
    const { result, request } = call('readProfile', { authorization: 'Bearer user-token' });
    await expect(result).resolves.toBe(true);
    expect(request.principal).toBe(user);
  });

  it('refuses an agent token where a user token is expected, and the reverse, with 401', async () => {
    await expect(call('readProfile', { authorization: 'Bearer agent-token' }).result).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
      message: 'An agent token is not accepted here',
    });
    await expect(call('readFile', { authorization: 'Bearer user-token' }).result).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
      message: 'This route needs an agent token',
    });
  });

  it('checks an agent against the route capabilities: 403 AGENT_CAPABILITY_DENIED naming what is missing', async () => {
    await expect(call('readFile', { authorization: 'Bearer agent-token' }).result).resolves.toBe(true);
    await expect(call('deploy', { authorization: 'Bearer agent-token' }).result).rejects.toMatchObject({
      code: 'AGENT_CAPABILITY_DENIED',
      details: { missing: ['deploy:production'] },
    });
  });

  it('refuses a user (403) on a capability route that lets users authenticate but declares no permissions', async () => {
    await expect(call('agentsButUsersToo', { authorization: 'Bearer user-token' }).result).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(call('agentsButUsersToo', { authorization: 'Bearer agent-token' }).result).resolves.toBe(true);
  });

  it('lets each kind meet its own requirement on a route that declares both', async () => {
    await expect(call('either', { authorization: 'Bearer user-token' }).result).resolves.toBe(true);
    await expect(call('either', { authorization: 'Bearer agent-token' }).result).resolves.toBe(true);
  });

  it("gives an API key the owner's permissions ∩ its scopes", async () => {
    const admitted = call('readProfile', { 'x-api-key': 'pk_test_one' });
    await expect(admitted.result).resolves.toBe(true);
    expect(admitted.request.principal).toEqual<ApiKeyPrincipal>({
      kind: 'api-key',
      keyId: 'k1',
      userId: 'u1',
      scopes: ['profile:read'],
      exp: undefined,
    });
    keyScopes = ['profile:write'];
    await expect(call('readProfile', { 'x-api-key': 'pk_test_two' }).result).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
      details: { missing: ['profile:read'] },
    });
  });

  it('keeps the scope claim of a token exchanged for a key as its ceiling', async () => {
    await expect(call('readProfile', { authorization: 'Bearer exchanged-token' }).result).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
      details: { missing: ['profile:read'] },
    });
  });

  it('refuses a key-shaped value in the query string even when a valid token comes too, under any name', async () => {
    for (const query of [{ api_key: 'pk_live_leaked' }, { token: 'pk_test_leaked' }] as Array<Record<string, string>>)
      await expect(call('readProfile', { authorization: 'Bearer user-token' }, query).result).rejects.toMatchObject({
        code: 'AUTH_INVALID_API_KEY',
      });
    // An upstream's own ?key= is no key of ours: a token-authenticated request with it passes.
    expect(call('readProfile', { authorization: 'Bearer user-token' }, { key: 'maps-123' }).answerNow()).toBe(true);
  });

  it.each(['api_key', 'apiKey', 'key'])('refuses a key in the query string (?%s=) with 401', async (name) => {
    await expect(call('readProfile', {}, { [name]: 'pk_test_one' }).result).rejects.toMatchObject({
      code: 'AUTH_INVALID_API_KEY',
    });
  });
});
