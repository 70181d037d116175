import { BusClient, RedisStreamsClient, RemoteError } from '@portcullis/bus';
import {
  AgentTokenPatterns,
  CreateSessionReply,
  ErrorCode,
  revocationKeys,
  TokenPatterns,
} from '@portcullis/contracts';
import { OwnDatabase, OwnRedis, Platform, testEnv, waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { decodeJwt } from 'jose';
import { Pool } from 'pg';

jest.setTimeout(120_000);

/**
 * Revocations live in PostgreSQL; Redis holds only a copy. The token app and gateways run here on a
 * Redis of this test's own (no persistence), which the test flushes and restarts as an operator's
 * Redis without AOF would lose its data: a gateway started afterwards must still refuse every token
 * revoked before.
 */
describe('revocations survive a Redis that loses its data', () => {
  const redisServer = new OwnRedis();
  const shared = testEnv('revocation-durability');
  const database = new OwnDatabase(shared.DATABASE_URL, 'revocation_durability');
  let platform: Platform;
  let proxy: RedisStreamsClient;
  let bus: BusClient;
  let redis: Redis;
  const tokens: Record<'loggedOut' | 'jtiDenied' | 'sessionRevoked' | 'live', string> = {
    loggedOut: '',
    jtiDenied: '',
    sessionRevoked: '',
    live: '',
  };

  const keyTokens = { revoked: '', beforeRoll: '' };
  const agentTokens = { revoked: '', childOfRevoked: '', live: '' };
  const claims = (token: string) => decodeJwt(token) as { jti: string; exp: number };
  const login = (userId: string): Promise<CreateSessionReply> =>
    bus.call(TokenPatterns.createSession, { userId, roles: ['user'], deviceName: 'test' });

  async function statusAt(
    gateway: string,
    token: string,
    path = '/api/v1/auth/me',
  ): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${platform.urlOf(gateway)}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    return { status: res.status, code: body.code };
  }

  /** Every revoked token is refused as revoked; the live one gets past authentication (whatever follows: no user app runs here). */
  async function expectRevocationsHeldBy(gateway: string): Promise<void> {
    for (const token of [tokens.loggedOut, tokens.jtiDenied, tokens.sessionRevoked]) {
      expect(await statusAt(gateway, token)).toEqual({ status: 401, code: ErrorCode.AUTH_UNAUTHENTICATED });
    }
    expect((await statusAt(gateway, tokens.live)).status).not.toBe(401);
  }

  async function connect(): Promise<void> {
    proxy = new RedisStreamsClient({ redis: { url: redisServer.url }, prefix: shared.REDIS_PREFIX, timeoutMs: 10_000 });
    await proxy.connect();
    bus = new BusClient(proxy);
  }

  beforeAll(async () => {
    await Promise.all([redisServer.start(), database.create()]);
    platform = new Platform(
      { ...shared, DATABASE_URL: database.url, REDIS_URL: redisServer.url },
      { LOG_LEVEL: 'warn', BUS_RPC_TIMEOUT_MS: '2000' },
    );
    await platform.start(['token', 'agent-capability', 'gateway']);
    redis = new Redis(redisServer.url);
    await connect();

    // Logged out: its jti denied and its session revoked, as POST /auth/logout does.
    const alice = randomUUID();
    const a = await login(alice);
    tokens.loggedOut = a.accessToken;
    await bus.call(TokenPatterns.revokeSession, {
      userId: alice,
      sessionId: a.sessionId,
      reason: 'logout',
      accessJti: claims(a.accessToken).jti,
      accessExpiresAt: claims(a.accessToken).exp,
    });

    // Only the jti denied (the session named was not the caller's); a second token of that session stays good.
    const bob = randomUUID();
    const b = await login(bob);
    tokens.jtiDenied = b.accessToken;
    tokens.live = (
      await bus.call(TokenPatterns.signAccess, { userId: bob, roles: ['user'], sessionId: b.sessionId })
    ).accessToken;
    const refused = await bus
      .call(TokenPatterns.revokeSession, {
        userId: bob,
        sessionId: randomUUID(),
        reason: 'logout',
        accessJti: claims(b.accessToken).jti,
      })
      .catch((e: RemoteError) => e);
    expect(refused).toMatchObject({ code: ErrorCode.SESSION_NOT_FOUND });

    // Every session of the user revoked, as a password change or an admin disable does.
    const carol = randomUUID();
    const c = await login(carol);
    tokens.sessionRevoked = c.accessToken;
    await bus.call(TokenPatterns.revokeUserSessions, { userId: carol, reason: 'password_changed' });

    await waitFor(async () => (await statusAt('gateway', tokens.sessionRevoked)).status === 401, {
      what: 'the first gateway to hear of the revocations',
    });
    await expectRevocationsHeldBy('gateway');

    // Tokens exchanged for API keys (sid = the key id): one of a key revoked since, one of a key
    // rolled since. Only PostgreSQL says so here (the rows are written directly, no notice sent):
    // a gateway that loads its revocations after the data loss must refuse both all the same.
    const dave = randomUUID();
    const [revokedKey, rolledKey] = [randomUUID(), randomUUID()];
    const exchanged = (keyId: string) =>
      bus.call(TokenPatterns.signAccess, { userId: dave, roles: ['user'], sessionId: keyId });
    keyTokens.revoked = (await exchanged(revokedKey)).accessToken;
    keyTokens.beforeRoll = (await exchanged(rolledKey)).accessToken;
    const pool = new Pool({ connectionString: database.url });
    try {
      await pool.query(
        `INSERT INTO tokens.api_keys (id, owner_user_id, name, environment, lookup_id, hash, revoked_at, rolled_at)
         VALUES ($1, $3, 'revoked', 'test', $4, 'h1', now(), NULL),
                ($2, $3, 'rolled', 'test', $5, 'h2', NULL, now() + interval '2 seconds')`,
        [revokedKey, rolledKey, dave, `lk${revokedKey.slice(0, 8)}`, `lk${rolledKey.slice(0, 8)}`],
      );
      await insertAgents(pool);
    } finally {
      await pool.end();
    }
  });

  /**
   * Agents revoked before the loss: a root (its child's token names it in `act`, so it is refused
   * too) and a live one. Only PostgreSQL says so (rows written directly, no notice sent).
   */
  async function insertAgents(pool: Pool): Promise<void> {
    const erin = randomUUID();
    const session = randomUUID();
    const [root, child, live] = [randomUUID(), randomUUID(), randomUUID()];
    const sign = async (agentId: string, chain: string[] = []) =>
      (
        await bus.call(AgentTokenPatterns.sign, {
          agentId,
          userId: erin,
          sessionId: session,
          agentType: 'code-reviewer',
          capabilities: ['file:read'],
          chain,
        })
      ).agentToken;
    agentTokens.revoked = await sign(root);
    agentTokens.childOfRevoked = await sign(child, [root]);
    agentTokens.live = await sign(live);
    await pool.query(
      `INSERT INTO agents.agents (id, root_id, user_id, session_id, roles, agent_type, capabilities, depth,
                                  ttl_seconds, act, expires_at, revoked_at, revoked_reason)
       VALUES ($1, $1, $2, $3, '{user}', 'code-reviewer', '{file:read}', 1, 3600, '{}',
               now() + interval '1 hour', now(), 'revoked')`,
      [root, erin, session],
    );
  }

  /** A gateway that loaded its agent revocations from the agent-capability app refuses the ended chain. */
  async function expectAgentEndsHeldBy(gateway: string): Promise<void> {
    for (const token of [agentTokens.revoked, agentTokens.childOfRevoked])
      expect((await statusAt(gateway, token, '/api/v1/agents/me')).status).toBe(401);
    expect((await statusAt(gateway, agentTokens.live, '/api/v1/agents/me')).status).toBe(200);
  }

  /** A gateway that loaded its revocations from the token app refuses the exchanged tokens of an ended key. */
  async function expectKeyEndsHeldBy(gateway: string): Promise<void> {
    for (const token of [keyTokens.revoked, keyTokens.beforeRoll])
      expect(await statusAt(gateway, token)).toEqual({ status: 401, code: ErrorCode.AUTH_UNAUTHENTICATED });
  }

  afterAll(async () => {
    await proxy?.close();
    await platform?.stop();
    redis?.disconnect();
    await redisServer.stop();
    await database.drop();
  });

  it('after FLUSHALL, a gateway started afterwards refuses every token revoked before (agents too), and the token app restores its Redis keys', async () => {
    await redis.flushall();
    expect(await redis.keys(revocationKeys.pattern(shared.REDIS_PREFIX))).toEqual([]);

    await platform.startOne('gateway#2');
    await expectRevocationsHeldBy('gateway#2');
    await expectKeyEndsHeldBy('gateway#2');
    await expectAgentEndsHeldBy('gateway#2');
    await expectRevocationsHeldBy('gateway');
    // The keys are the gateways' fallback when the token app cannot answer; the token app puts them back.
    const sessionId = decodeJwt(tokens.sessionRevoked).sid as string;
    const sessionKey = revocationKeys.of(shared.REDIS_PREFIX, { kind: 'session', sessionId, until: 0 });
    await waitFor(() => redis.exists(sessionKey), {
      timeoutMs: 20_000,
      what: 'the token app to restore the revocation keys',
    });
    const jtiKey = revocationKeys.of(shared.REDIS_PREFIX, { kind: 'jti', jti: claims(tokens.jtiDenied).jti, until: 0 });
    expect(await redis.ttl(jtiKey)).toBeGreaterThan(800);
  });

  it('after Redis restarts empty, a gateway started afterwards still refuses them', async () => {
    await redisServer.stop();
    await redisServer.start();
    await waitFor(async () => (await redis.ping()) === 'PONG', { what: 'the test client to reconnect' });

    await platform.startOne('gateway#3');
    await expectRevocationsHeldBy('gateway#3');
    await expectKeyEndsHeldBy('gateway#3');
    await expectAgentEndsHeldBy('gateway#3');
    await expectRevocationsHeldBy('gateway');
  });
});
