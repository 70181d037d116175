import { EventEmitter } from 'events';
import { Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { RedisClient } from '@portcullis/common';
import {
  AgentRevocation,
  agentRevocationKeys,
  Revocation,
  REVOCATION_TOPIC,
  revocationKeys,
  TokenPatterns,
} from '@portcullis/contracts';
import { AuthSettings } from './auth-settings';
import { RevocationStore } from './revocation.store';

const settings: AuthSettings = {
  issuer: 'i',
  audience: 'a',
  tokenCacheSize: 10,
  redisPrefix: 'test',
  userViewTtlSeconds: 0,
};

/**
 * Redis as the store uses it: `keys` are the revocation keys a scan finds, and the subscriber is
 * where broadcasts arrive (`broadcast` delivers one as Redis would).
 */
function fakeRedis(keys: Map<string, string> = new Map()) {
  const subscriber = Object.assign(new EventEmitter(), {
    subscribe: async () => 1,
    quit: async () => 'OK',
  });
  const redis = {
    duplicate: () => subscriber,
    scan: async (_cursor: string, _match: string, pattern: string) => [
      '0',
      [...keys.keys()].filter((k) => k.startsWith(pattern.slice(0, -1))),
    ],
    mget: async (...names: string[]) => names.map((n) => keys.get(n) ?? null),
  } as unknown as RedisClient;
  const broadcast = (r: Revocation) =>
    subscriber.emit('message', `${settings.redisPrefix}:bus:broadcast:${REVOCATION_TOPIC}`, JSON.stringify(r));
  return { redis, broadcast };
}

/**
 * The bus as the store uses it: each app's `listActiveRevocations` answering what `apps` holds for
 * it, or failing while that is undefined (the app unreachable). Change `apps` to bring one up.
 */
function fakeBus(apps: { token?: Revocation[]; agents?: AgentRevocation[] }) {
  return {
    call: async (definition: unknown) => {
      const held = definition === TokenPatterns.listActiveRevocations ? apps.token : apps.agents;
      if (!held) throw new Error('unreachable');
      return { revocations: held };
    },
  } as unknown as BusClient;
}

describe('RevocationStore', () => {
  const start = 1_800_000_000;
  const now = () => Math.floor(Date.now() / 1000);
  let store: RevocationStore;

  /** A started store: loaded from the token app (or Redis's copy), subscribed, sweeping. */
  async function started(loaded: Revocation[] = [], keys?: Map<string, string>, tokenAppUp = true) {
    const { redis, broadcast } = fakeRedis(keys);
    store = new RevocationStore(redis, settings, fakeBus({ token: tokenAppUp ? loaded : undefined, agents: [] }));
    await store.onApplicationBootstrap();
    return { store, broadcast };
  }

  /** A user token of session `sid` issued `ago` seconds before now. */
  const token = (sid: string, ago = 0) => ({ sub: 'u1', sid, jti: `j-${sid}-${ago}`, iat: now() - ago });

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers({ now: start * 1000 }));
  afterEach(async () => {
    await store?.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('refuses every token of a session revoked without a cutoff, until it expires', async () => {
    await started();
    store.apply({ kind: 'session', sessionId: 's1', until: now() + 60 });
    expect(store.isRevoked(token('s1', 600))).toBe(true);
    expect(store.isRevoked(token('s1'))).toBe(true);
    expect(store.isRevoked(token('s2'))).toBe(false);
    // Kept past `until` for the verifier's clock tolerance: a token that expired with it is still taken that long.
    jest.advanceTimersByTime(64_000);
    expect(store.isRevoked(token('s1', 600))).toBe(true);
    jest.advanceTimersByTime(1_000);
    expect(store.isRevoked(token('s1', 600))).toBe(false);
  });

  it('with issuedBefore, refuses only tokens of the session issued at or before it (one without iat among them)', async () => {
    await started();
    store.apply({ kind: 'session', sessionId: 'k1', issuedBefore: now() - 10, until: now() + 900 });
    expect(store.isRevoked(token('k1', 11))).toBe(true);
    expect(store.isRevoked(token('k1', 10))).toBe(true);
    expect(store.isRevoked(token('k1', 9))).toBe(false);
    expect(store.isRevoked({ sid: 'k1' })).toBe(true);
    expect(store.isRevoked(token('k2', 600))).toBe(false);
    // A token exchanged for a key is cut off by when its secret became current, whatever its iat.
    expect(store.isRevoked({ ...token('k1', 0), sessionIat: now() - 10 })).toBe(true);
    expect(store.isRevoked({ ...token('k1', 20), sessionIat: now() - 9 })).toBe(false);
  });

  describe('two revocations of one session', () => {
    /** Times relative to now, which the fake timers only set once a test runs. */
    type Relative = { until: number; issuedBefore?: number };
    const at = ({ until, issuedBefore }: Relative): Revocation =>
      issuedBefore === undefined
        ? { kind: 'session', sessionId: 'k1', until: now() + until }
        : { kind: 'session', sessionId: 'k1', issuedBefore: now() + issuedBefore, until: now() + until };
    const inBothOrders = (a: Relative, b: Relative): Array<[Relative, Relative]> => [
      [a, b],
      [b, a],
    ];

    it.each(inBothOrders({ until: 300 }, { issuedBefore: -5, until: 900 }))(
      'a total one beats a partial one (%#)',
      async (a, b) => {
        await started();
        store.apply(at(a));
        store.apply(at(b));
        expect(store.isRevoked(token('k1'))).toBe(true);
        // Kept until the later expiry: a revoked key issues no tokens after its revocation anyway.
        jest.advanceTimersByTime(600_000);
        expect(store.isRevoked(token('k1', 700))).toBe(true);
      },
    );

    it.each(inBothOrders({ issuedBefore: -100, until: 800 }, { issuedBefore: -10, until: 900 }))(
      'the later cutoff and the later expiry win (%#)',
      async (a, b) => {
        await started();
        store.apply(at(a));
        store.apply(at(b));
        expect(store.isRevoked(token('k1', 50))).toBe(true);
        expect(store.isRevoked(token('k1', 9))).toBe(false);
        jest.advanceTimersByTime(850_000);
        expect(store.isRevoked(token('k1', 900))).toBe(true);
        jest.advanceTimersByTime(50_000);
        expect(store.isRevoked(token('k1', 900))).toBe(false);
      },
    );

    it('an expired one does not widen a new one', async () => {
      await started();
      store.apply(at({ until: 10 }));
      jest.advanceTimersByTime(11_000);
      store.apply(at({ issuedBefore: -5, until: 900 }));
      expect(store.isRevoked(token('k1'))).toBe(false);
      expect(store.isRevoked(token('k1', 5))).toBe(true);
    });
  });

  it('hears partial revocations broadcast, and loads them from the token app at start', async () => {
    const { broadcast } = await started([
      { kind: 'session', sessionId: 'k1', issuedBefore: now() - 60, until: now() + 900 },
      { kind: 'session', sessionId: 'k2', until: now() + 900 },
    ]);
    expect(store.isRevoked(token('k1', 61))).toBe(true);
    expect(store.isRevoked(token('k1', 59))).toBe(false);
    expect(store.isRevoked(token('k2'))).toBe(true);

    broadcast({ kind: 'session', sessionId: 'k1', issuedBefore: now(), until: now() + 900 });
    expect(store.isRevoked(token('k1'))).toBe(true);
  });

  it('when the token app cannot answer, loads both keys of a session from Redis and keeps the total one', async () => {
    const until = now() + 900;
    const saved: Revocation[] = [
      { kind: 'session', sessionId: 'k1', issuedBefore: now() - 60, until },
      { kind: 'session', sessionId: 'k1', until: now() + 300 },
      { kind: 'session', sessionId: 'k2', issuedBefore: now() - 60, until },
    ];
    const keys = new Map(saved.map((r) => [revocationKeys.of(settings.redisPrefix, r), JSON.stringify(r)]));
    expect(keys.size).toBe(3);
    await started([], keys, false);
    expect(store.isRevoked(token('k1'))).toBe(true);
    expect(store.isRevoked(token('k2', 61))).toBe(true);
    expect(store.isRevoked(token('k2'))).toBe(false);
  });

  it('sweeps sessions whose revocation has expired, partial or not', async () => {
    await started();
    store.apply({ kind: 'session', sessionId: 's1', until: now() + 20 });
    store.apply({ kind: 'session', sessionId: 'k1', issuedBefore: now(), until: now() + 20 });
    store.apply({ kind: 'session', sessionId: 'k2', issuedBefore: now(), until: now() + 900 });
    const sessions = (store as unknown as { sessions: Map<string, unknown> }).sessions;
    expect(sessions.size).toBe(3);
    jest.advanceTimersByTime(30_000);
    expect([...sessions.keys()]).toEqual(['k2']);
  });

  describe('agent revocations', () => {
    const agentToken = (...agentIds: string[]) => ({ sub: 'u1', sid: 's9', iat: now(), agentIds });
    const notice = (agentId: string): AgentRevocation => ({ kind: 'agent', agentId, until: now() + 600 });

    it('loads them from the agent-capability app at start: what Redis lost is still refused', async () => {
      const { redis } = fakeRedis();
      store = new RevocationStore(redis, settings, fakeBus({ token: [], agents: [notice('a1')] }));
      await store.onApplicationBootstrap();
      expect(store.isRevoked(agentToken('a0', 'a1'))).toBe(true);
      expect(store.isRevoked(agentToken('a0', 'a2'))).toBe(false);
    });

    it("while the agent-capability app cannot answer, uses Redis's copy and asks the app again until it does", async () => {
      const keys = new Map([
        [agentRevocationKeys.of(settings.redisPrefix, notice('a1')), JSON.stringify(notice('a1'))],
      ]);
      const apps: { token: Revocation[]; agents?: AgentRevocation[] } = { token: [] };
      store = new RevocationStore(fakeRedis(keys).redis, settings, fakeBus(apps));
      await store.onApplicationBootstrap();
      expect(store.isRevoked(agentToken('a1'))).toBe(true);
      expect(store.isRevoked(agentToken('a2'))).toBe(false);

      apps.agents = [notice('a2')];
      await jest.advanceTimersByTimeAsync(5_000);
      expect(store.isRevoked(agentToken('a2'))).toBe(true);
      expect(store.isRevoked(agentToken('a1'))).toBe(true);
    });
  });
});
