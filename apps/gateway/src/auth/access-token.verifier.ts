import { Inject, Injectable } from '@nestjs/common';
import { AppError, MaybePromise } from '@portcullis/common';
import {
  AGENT_TOKEN_TYP,
  AgentPrincipal,
  apiKeyLimitsSchema,
  ErrorCode,
  parseAgentTokenClaims,
  RoleName,
  USER_TOKEN_TYP,
  UserPrincipal,
} from '@portcullis/contracts';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { jwtVerifyCacheHits } from './auth-metrics';
import { AUTH_SETTINGS, AuthSettings, CLOCK_TOLERANCE_SECONDS } from './auth-settings';
import { isCanonicalCompactJws } from './canonical-jws';
import { JwksCache } from './jwks.cache';
import { RevocationStore } from './revocation.store';

interface AccessClaims extends JWTPayload {
  sid?: string;
  roles?: RoleName[];
  scope?: unknown;
  key_limits?: unknown;
  key_gen?: unknown;
}

/** The principals a signed token can carry; API keys are not tokens. */
export type TokenPrincipal = UserPrincipal | AgentPrincipal;
export type TokenKind = TokenPrincipal['kind'];

const TYP_OF: Record<TokenKind, string> = { user: USER_TOKEN_TYP, agent: AGENT_TOKEN_TYP };
const KIND_OF_TYP: Record<string, TokenKind> = { [USER_TOKEN_TYP]: 'user', [AGENT_TOKEN_TYP]: 'agent' };

/** A verified token as the cache holds it: the whole token, compared on every hit. */
interface VerifiedToken {
  token: string;
  principal: TokenPrincipal;
}

/**
 * The cache's key for a token: the last 43 characters of its signature (256 bits). A Map hashes a
 * string key over its whole length, and every request brings a new string of about a kilobyte;
 * hashing a twentieth of it was a few percent of a verify request. A hit still needs the stored
 * token to equal the presented one, so two tokens sharing a tail are only ever two misses.
 */
const cacheKeyOf = (token: string): string => token.slice(-43);

const unauthenticated = (detail = 'Missing or invalid access token') =>
  new AppError(ErrorCode.AUTH_UNAUTHENTICATED, detail);

/**
 * A well-signed token of the other kind (a user token where an agent token is expected, or the
 * reverse). The strategies treat it as "not mine" so another strategy of the route may take it;
 * if none does, the request gets this 401.
 */
export class WrongTokenKind extends AppError {
  constructor(readonly presented: TokenKind) {
    super(
      ErrorCode.AUTH_UNAUTHENTICATED,
      presented === 'agent' ? 'An agent token is not accepted here' : 'This route needs an agent token',
    );
  }
}

/**
 * Verifies access tokens locally, dispatching on the header's `typ`: `JWT` is a user access token,
 * `agent+jwt` an agent token (claims in libs/contracts agents/agent-token-claims.ts). RS256 only
 * (so `alg:none` and HS256-with-the-public-key fail), a known `kid`, the configured `iss`/`aud`,
 * not expired. A verified token is remembered (L1 LRU) until it expires, so repeat requests skip the
 * RSA work and even the header parse; revocation is checked on every request against the in-memory
 * store (users, sessions, token ids, and for agents their own id and every ancestor's), never cached.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified: LRUCache<string, VerifiedToken> | undefined;

  constructor(
    private readonly jwks: JwksCache,
    private readonly revocations: RevocationStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.verified = settings.tokenCacheSize > 0 ? new LRUCache({ max: settings.tokenCacheSize }) : undefined;
  }

  /** A user access token (`typ: JWT`); an agent token throws WrongTokenKind. */
  verify(token: string): MaybePromise<UserPrincipal> {
    return this.verifyAs(token, 'user') as MaybePromise<UserPrincipal>;
  }

  verifyAgent(token: string): MaybePromise<AgentPrincipal> {
    return this.verifyAs(token, 'agent') as MaybePromise<AgentPrincipal>;
  }

  /** A user access token or an agent token, whichever its header says it is (token exchange, introspection). */
  async verifyAny(token: string): Promise<TokenPrincipal> {
    try {
      return await this.verifyAs(token, 'user');
    } catch (err) {
      if (err instanceof WrongTokenKind) return this.verifyAs(token, err.presented);
      throw err;
    }
  }

  /**
   * A token seen before is answered synchronously (or refused with a synchronous throw): it is every
   * repeat request's path. A new one is verified asynchronously (its key may need fetching).
   */
  verifyAs(token: string, kind: TokenKind): MaybePromise<TokenPrincipal> {
    // The cache holds only tokens that passed every check below, the spelling check included, so a
    // hit (the exact same string) needs none of them again.
    const hit = this.verified?.get(cacheKeyOf(token));
    const cached = hit?.token === token ? hit.principal : undefined;
    if (cached && cached.exp > Date.now() / 1000) {
      if (cached.kind !== kind) throw new WrongTokenKind(cached.kind);
      jwtVerifyCacheHits().inc();
      return this.unlessRevoked(cached, token);
    }
    return this.verifyFresh(token, kind);
  }

  private async verifyFresh(token: string, kind: TokenKind): Promise<TokenPrincipal> {
    // Before jose: one token, one spelling (jose would accept `==` or stray bits).
    if (!isCanonicalCompactJws(token)) throw unauthenticated();
    const { kid, typ } = this.header(token);
    const presented = typ === undefined ? undefined : KIND_OF_TYP[typ];
    if (!presented) throw unauthenticated();
    if (presented !== kind) throw new WrongTokenKind(presented);
    const claims = await this.verifySignature(token, kid, TYP_OF[kind]);
    const principal = kind === 'user' ? userPrincipalOf(claims) : agentPrincipalOf(claims);
    if (!principal) throw unauthenticated();
    this.verified?.set(
      cacheKeyOf(token),
      { token, principal },
      { ttl: Math.max(1, (principal.exp - Date.now() / 1000) * 1000) },
    );
    return this.unlessRevoked(principal, token);
  }

  private unlessRevoked(principal: TokenPrincipal, token: string): TokenPrincipal {
    const agentIds = principal.kind === 'agent' ? [principal.agentId, ...principal.chain] : undefined;
    if (
      this.revocations.isRevoked({
        sid: principal.sessionId,
        jti: principal.jti,
        sub: principal.userId,
        iat: principal.iat,
        sessionIat: principal.kind === 'user' ? principal.keyGeneration : undefined,
        agentIds,
      })
    ) {
      const key = cacheKeyOf(token);
      if (this.verified?.peek(key)?.token === token) this.verified.delete(key);
      throw unauthenticated('This token has been revoked');
    }
    return principal;
  }

  private header(token: string): { kid: string; typ?: string } {
    let header: { kid?: string; typ?: string };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw unauthenticated();
    }
    if (!header.kid) throw unauthenticated();
    return { kid: header.kid, typ: header.typ };
  }

  private async verifySignature(token: string, kid: string, typ: string): Promise<AccessClaims> {
    await this.jwks.ensure(kid);
    try {
      const { payload } = await jwtVerify<AccessClaims>(token, this.jwks.keyResolver(), {
        algorithms: ['RS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The access token has expired');
      throw unauthenticated();
    }
  }
}

function userPrincipalOf(claims: AccessClaims): UserPrincipal | null {
  if (!claims.sub || !claims.sid || !claims.jti || !claims.exp || !Array.isArray(claims.roles)) return null;
  const principal: UserPrincipal = {
    kind: 'user',
    userId: claims.sub,
    sessionId: claims.sid,
    jti: claims.jti,
    exp: claims.exp,
    roles: claims.roles,
    iat: claims.iat,
  };
  // A token exchanged for an API key carries the key's scopes: they stay its ceiling.
  if (claims.scope !== undefined) {
    principal.scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((p) => p.length > 0) : [];
    // ...and the key's own limits, which its requests count against (signed by us, so only shape-checked).
    const limits = apiKeyLimitsSchema.safeParse(claims.key_limits);
    if (limits.success) principal.keyLimits = limits.data;
    if (typeof claims.key_gen === 'number') principal.keyGeneration = claims.key_gen;
  }
  return principal;
}

function agentPrincipalOf(claims: AccessClaims): AgentPrincipal | null {
  const facts = parseAgentTokenClaims(claims);
  return facts ? { kind: 'agent', ...facts } : null;
}
