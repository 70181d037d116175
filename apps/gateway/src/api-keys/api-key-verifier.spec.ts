import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ErrorCode, VerifyApiKeyReply } from '@portcullis/contracts';
import { register } from 'prom-client';
import { ApiKeyVerifier } from './api-key-verifier';

const GOOD = 'pk_live_good';
const reply: VerifyApiKeyReply = {
  keyId: 'k1',
  ownerId: 'u1',
  environment: 'live',
  scopes: [],
  roles: ['user'],
  rateLimit: null,
  quota: null,
  expiresAt: null,
};

/** A token app that answers, refuses, or is down, counting the calls it gets. */
function tokenApp() {
  const state = { up: true, revoked: false, calls: 0 };
  const bus = {
    call: (_: unknown, payload: { key: string }) => {
      state.calls++;
      if (!state.up) return Promise.reject(new AppError(ErrorCode.BUS_TIMEOUT, 'timed out'));
      if (payload.key !== GOOD || state.revoked)
        return Promise.reject(new AppError(ErrorCode.AUTH_INVALID_API_KEY, 'Invalid API key'));
      return new Promise((resolve) => setTimeout(() => resolve(reply), 5));
    },
  } as unknown as BusClient;
  return { state, bus };
}

const settings = {
  redisPrefix: 'p',
  freshSeconds: 0,
  staleToleranceSeconds: 60,
  cacheSize: 100,
  verifyTimeoutMs: 100,
  breakerResetMs: 60_000,
};

async function breakerState(): Promise<number | undefined> {
  return (await register.getSingleMetric('circuit_breaker_state')?.get())?.values.find(
    (v) => v.labels.upstream === 'bus:token',
  )?.value;
}

const made: ApiKeyVerifier[] = [];
afterEach(() => made.splice(0).forEach((v) => v.onApplicationShutdown()));

describe('ApiKeyVerifier', () => {
  it('shares one token-app call among concurrent uses of a key', async () => {
    const { state, bus } = tokenApp();
    const verifier = new ApiKeyVerifier(bus, { ...settings, freshSeconds: 30 });
    made.push(verifier);
    const answers = await Promise.all(Array.from({ length: 20 }, async () => verifier.verify(GOOD)));
    expect(answers.every((a) => a.keyId === 'k1' && !a.degraded)).toBe(true);
    expect(state.calls).toBe(1);
    // Fresh in the cache: answered at once, not as a promise (every request of a key takes this path).
    expect(verifier.verify(GOOD)).toMatchObject({ keyId: 'k1', degraded: false });
    expect(state.calls).toBe(1);
  });

  it('keeps a recently verified key working, marked degraded, while the token app is down; refuses an unknown one with 503', async () => {
    const { state, bus } = tokenApp();
    const verifier = new ApiKeyVerifier(bus, settings);
    made.push(verifier);
    await verifier.verify(GOOD);
    state.up = false;
    await expect(verifier.verify(GOOD)).resolves.toMatchObject({ keyId: 'k1', degraded: true });
    await expect(verifier.verify('pk_live_never_seen')).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });

  it('opens its breaker after repeated failures (exported as circuit_breaker_state{upstream="bus:token"}) and stops calling', async () => {
    const { state, bus } = tokenApp();
    const verifier = new ApiKeyVerifier(bus, settings);
    made.push(verifier);
    await verifier.verify(GOOD);
    expect(await breakerState()).toBe(0);
    state.up = false;
    for (let i = 0; i < 6; i++) await verifier.verify(GOOD);
    expect(await breakerState()).toBe(2);
    const before = state.calls;
    await expect(verifier.verify(GOOD)).resolves.toMatchObject({ degraded: true });
    expect(state.calls).toBe(before);
  });

  it('answers AUTH_INVALID_API_KEY for a refused key, without counting it against the token app', async () => {
    const { bus } = tokenApp();
    const verifier = new ApiKeyVerifier(bus, settings);
    made.push(verifier);
    for (let i = 0; i < 10; i++)
      await expect(verifier.verify('pk_live_bad')).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
    await expect(verifier.verify(GOOD)).resolves.toMatchObject({ degraded: false });
  });

  describe('renewing a key in use before its verification expires (fake clock)', () => {
    const FRESH_MS = 30_000;
    /** When the key was verified: `at(ms)` sets the clock that long after. */
    let verifiedAt = 0;
    const at = (ms: number) => jest.setSystemTime(verifiedAt + ms);
    /** Lets a pending token-app call answer (it takes 5 ms) without moving the clock much. */
    const settle = () => jest.advanceTimersByTimeAsync(10);
    /** A verifier whose key was just verified (fresh for 30 s; renewed from 24 s on). */
    async function verifiedNow() {
      jest.useFakeTimers({ now: 1_000_000 });
      const app = tokenApp();
      const verifier = new ApiKeyVerifier(app.bus, { ...settings, freshSeconds: FRESH_MS / 1000 });
      made.push(verifier);
      const first = verifier.verify(GOOD);
      await jest.advanceTimersByTimeAsync(5);
      await first;
      verifiedAt = Date.now();
      return { ...app, verifier };
    }
    afterEach(() => jest.useRealTimers());

    it('re-verifies once in the last fifth of its fresh life, so no request of a busy key ever waits on the token app', async () => {
      const { state, verifier } = await verifiedNow();
      at(FRESH_MS * 0.8 - 1);
      expect(verifier.verify(GOOD)).toMatchObject({ keyId: 'k1', degraded: false });
      expect(state.calls).toBe(1);
      at(FRESH_MS * 0.8);
      // Fifty requests in the renewal window: all answered at once, from cache; one call between them.
      const answers = Array.from({ length: 50 }, () => verifier.verify(GOOD));
      expect(answers.every((a) => !(a instanceof Promise) && a.keyId === 'k1')).toBe(true);
      expect(state.calls).toBe(2);
      await settle();
      // Past the first verification's end: still answered at once, from the renewed one.
      at(FRESH_MS + 1_000);
      expect(verifier.verify(GOOD)).toMatchObject({ keyId: 'k1', degraded: false });
      expect(state.calls).toBe(2);
    });

    it('drops a key the renewal finds revoked, before its cached verification would have run out', async () => {
      const { state, verifier } = await verifiedNow();
      state.revoked = true;
      at(FRESH_MS * 0.8);
      expect(verifier.verify(GOOD)).toMatchObject({ keyId: 'k1' });
      await settle();
      const next = verifier.verify(GOOD);
      expect(next).toBeInstanceOf(Promise);
      const refused = expect(next).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_API_KEY });
      await settle();
      await refused;
    });

    it('does not cache a renewal that a roll notice overtook: the next use asks the token app', async () => {
      const { state, verifier } = await verifiedNow();
      at(FRESH_MS * 0.8);
      expect(verifier.verify(GOOD)).toMatchObject({ keyId: 'k1', degraded: false });
      expect(state.calls).toBe(2);
      // The key was rolled while the renewal was on its way: its verification may be the old secret's.
      verifier.cache.apply({
        kind: 'api-key',
        keyId: 'k1',
        until: Date.now() / 1000 + 60,
        rolledAt: Date.now() / 1000,
      });
      await settle();
      const next = verifier.verify(GOOD);
      expect(next).toBeInstanceOf(Promise);
      await settle();
      await expect(next).resolves.toMatchObject({ keyId: 'k1' });
      expect(state.calls).toBe(3);
    });

    it('changes nothing when the token app cannot answer: fresh until its time, then the stale fallback', async () => {
      const { state, verifier } = await verifiedNow();
      state.up = false;
      at(FRESH_MS * 0.8);
      expect(verifier.verify(GOOD)).toMatchObject({ degraded: false });
      await settle();
      at(FRESH_MS - 1);
      expect(verifier.verify(GOOD)).toMatchObject({ degraded: false });
      at(FRESH_MS);
      const stale = verifier.verify(GOOD);
      await settle();
      await expect(stale).resolves.toMatchObject({ keyId: 'k1', degraded: true });
    });
  });
});
