import { BusClient, RedisStreamsClient, RemoteError, streamKeys } from '@portcullis/bus';
import { CreateSessionReply, JwkSet, RotateRefreshReply, RpcDefinition, TokenPatterns } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { Platform, testEnv, TestEnv } from '@portcullis/testing';
import Redis from 'ioredis';
import { createLocalJWKSet, jwtVerify, JWTVerifyResult } from 'jose';
import { Pool } from 'pg';
import { OwnDatabase } from '@portcullis/testing';

export const testMeta = { ip: '203.0.113.7', userAgent: 'int-test/1.0' };

/**
 * The token app as real processes, with what a test needs beside it: a bus client, direct access to
 * PostgreSQL and Redis to check what the app stored and published, and every token it handed out
 * (to prove none of them reached the logs).
 */
export class TokenHarness {
  readonly env: TestEnv;
  readonly platform: Platform;
  readonly redis: Redis;
  readonly pg: Pool;
  readonly issued: string[] = [];
  private readonly database: OwnDatabase;
  private proxy?: RedisStreamsClient;
  private bus?: BusClient;

  /** `databaseSuffix` names this suite's own database, so suites running at once never share one. */
  constructor(extraEnv: Record<string, string> = {}, databaseSuffix = 'token') {
    const shared = testEnv('token-int');
    this.database = new OwnDatabase(shared.DATABASE_URL, databaseSuffix);
    this.env = { ...shared, DATABASE_URL: this.database.url };
    this.platform = new Platform(this.env, extraEnv);
    this.redis = new Redis(this.env.REDIS_URL, { lazyConnect: true });
    this.pg = new Pool({ connectionString: this.env.DATABASE_URL, max: 2 });
  }

  async start(replicas: string[]): Promise<void> {
    await this.database.create();
    await this.platform.start(replicas);
    this.proxy = new RedisStreamsClient({ redisUrl: this.env.REDIS_URL, prefix: this.env.REDIS_PREFIX, timeoutMs: 10_000 });
    await this.proxy.connect();
    this.bus = new BusClient(this.proxy);
    await this.redis.connect();
  }

  async stop(): Promise<void> {
    await this.proxy?.close();
    await this.platform.stop();
    this.redis.disconnect();
    await this.pg.end();
    await this.database.drop();
  }

  call<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<R> {
    return this.bus!.call(definition, payload);
  }

  /** The error a call fails with; fails the test if the call succeeds. */
  async failure<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<RemoteError> {
    const outcome = await this.call(definition, payload).then(
      (reply) => ({ reply }),
      (error: RemoteError) => ({ error }),
    );
    if ('reply' in outcome) throw new Error(`${definition.pattern} succeeded, expected a failure: ${JSON.stringify(outcome.reply)}`);
    return outcome.error;
  }

  async login(userId: string, deviceName = 'laptop'): Promise<CreateSessionReply> {
    const session = await this.call(TokenPatterns.createSession, { userId, roles: ['user'], deviceName, meta: testMeta });
    this.issued.push(session.refreshToken, session.accessToken);
    return session;
  }

  async rotate(refreshToken: string): Promise<RotateRefreshReply> {
    const reply = await this.call(TokenPatterns.rotateRefresh, { refreshToken, meta: testMeta });
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

  async refreshRow(refreshToken: string): Promise<{ family_id: string; spent_at: Date | null; successor_hash: string | null } | undefined> {
    const { rows } = await this.pg.query('SELECT * FROM tokens.refresh_tokens WHERE token_hash = $1', [sha256Hex(refreshToken)]);
    return rows[0];
  }

  async familyRow(id: string): Promise<{ user_id: string; revoked_at: Date | null; revoked_reason: string | null } | undefined> {
    const { rows } = await this.pg.query('SELECT * FROM tokens.refresh_families WHERE id = $1', [id]);
    return rows[0];
  }

  /** Domain events of `type` on this run's durable events stream, decoded. */
  async events(type: string): Promise<Array<Record<string, any>>> {
    const entries = await this.redis.xrange(streamKeys.events(this.env.REDIS_PREFIX), '-', '+');
    return entries
      .map(([, fields]) => Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : []))))
      .filter((f) => f.p === type)
      .map((f) => JSON.parse(f.d));
  }
}
