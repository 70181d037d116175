import { CreateSessionReply, JwkSet, RotateRefreshReply, TokenPatterns } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { AppHarness, withOrigin } from '@portcullis/testing';
import Redis from 'ioredis';
import { createLocalJWKSet, jwtVerify, JWTVerifyResult } from 'jose';

/** Where the test's logins and rotations come from: sent as the gateway would, in the message's context. */
export const testMeta = { ip: '203.0.113.7', userAgent: 'int-test/1.0' };

/**
 * The token app as real processes (libs/testing's AppHarness), plus what its suites share: logins
 * and rotations that remember every token handed out (to prove none of them reached the logs),
 * verification as a resource server does it, and the rows behind a refresh token.
 */
export class TokenHarness extends AppHarness {
  readonly issued: string[] = [];

  /** `scope` names this suite's own database, so suites running at once never share one. */
  constructor(extraEnv: Record<string, string> = {}, scope = 'token') {
    super({ scope, appEnv: extraEnv, timeoutMs: 10_000 });
  }

  get redis(): Redis {
    return this.bus.redis;
  }

  async login(userId: string, deviceName = 'laptop'): Promise<CreateSessionReply> {
    const session = await withOrigin(testMeta, () =>
      this.call(TokenPatterns.createSession, { userId, roles: ['user'], deviceName }),
    );
    this.issued.push(session.refreshToken, session.accessToken);
    return session;
  }

  async rotate(refreshToken: string): Promise<RotateRefreshReply> {
    const reply = await withOrigin(testMeta, () => this.call(TokenPatterns.rotateRefresh, { refreshToken }));
    this.issued.push(reply.refreshToken);
    return reply;
  }

  jwks(): Promise<JwkSet> {
    return this.call(TokenPatterns.jwks, {});
  }

  /** Verifies as any resource server would: jose, the JWK Set, RS256 only, our iss and aud. */
  async verify(accessToken: string): Promise<JWTVerifyResult> {
    return jwtVerify(accessToken, createLocalJWKSet(await this.jwks()), {
      algorithms: ['RS256'],
      issuer: 'portcullis',
      audience: 'portcullis-api',
      typ: 'JWT',
    });
  }

  async refreshRow(
    refreshToken: string,
  ): Promise<{ family_id: string; spent_at: Date | null; successor_hash: string | null } | undefined> {
    const { rows } = await this.pg.query('SELECT * FROM tokens.refresh_tokens WHERE token_hash = $1', [
      sha256Hex(refreshToken),
    ]);
    return rows[0];
  }

  async familyRow(
    id: string,
  ): Promise<{ user_id: string; revoked_at: Date | null; revoked_reason: string | null } | undefined> {
    const { rows } = await this.pg.query('SELECT * FROM tokens.refresh_families WHERE id = $1', [id]);
    return rows[0];
  }
}
