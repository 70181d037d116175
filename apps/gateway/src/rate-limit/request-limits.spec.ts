import { BusClient } from '@portcullis/bus';
import Redis from 'ioredis';
import { GatewayRateLimiter, RateLimitSettings } from './gateway-rate-limiter';
import { userTier } from './limited-caller';
import { LimitedRequest, RequestLimits } from './request-limits';
import { TierPolicies } from './tier-policies';

const redis = { status: 'end', defineCommand: () => undefined, duplicate: () => redis } as unknown as Redis;

function limitsWith(tiersEnabled: boolean) {
  const settings: RateLimitSettings = {
    policies: [{ name: 'auth-login', scope: 'ip', limit: 20, windowSeconds: 60 }],
    redisTimeoutMs: 20,
    tiersEnabled,
  };
  const limiter = new GatewayRateLimiter(settings, redis, 'p');
  return { limiter, limits: new RequestLimits(limiter, new TierPolicies({} as BusClient, redis, 'p'), settings) };
}

const summary = (request: LimitedRequest, tiers = true) =>
  limitsWith(tiers)
    .limits.checksFor(request)
    .map((c) => `${c.policy.name}@${c.key}`);

describe('RequestLimits: which limits apply to a request', () => {
  it('an anonymous call: its route policy, its IP, the global ceiling', () => {
    expect(summary({ ip: '203.0.113.9', caller: { kind: 'anonymous' }, routePolicies: ['auth-login'] })).toEqual([
      'auth-login@203.0.113.9',
      'ip@203.0.113.9',
      'global@all',
    ]);
  });

  it('a user: the tier of their highest role (super_admin shares admin)', () => {
    expect(userTier(['user', 'developer'])).toBe('user:developer');
    expect(userTier(['super_admin'])).toBe('user:admin');
    expect(userTier([])).toBe('user:guest');
    expect(summary({ ip: 'i', caller: { kind: 'user', userId: 'u1', roles: ['premium_user'] } })).toEqual([
      'ip@i',
      'user:premium_user@u1',
      'global@all',
    ]);
  });

  it('an API key: its own rate (or the default key tier) and its quota, counted by key id, not its owner', () => {
    const own = summary({
      ip: 'i',
      caller: {
        kind: 'api-key',
        keyId: 'k1',
        ownerId: 'u1',
        rateLimit: { limit: 5, windowSeconds: 1 },
        quota: { limit: 100, refill: 'daily' },
      },
    });
    // The tier still caps a key's own limit, which its owner chose: under a name of its own.
    expect(own).toEqual(['ip@i', 'api-key@k1', 'api-key-tier@k1', 'api-key-quota@k1', 'global@all']);
    expect(
      summary({ ip: 'i', caller: { kind: 'api-key', keyId: 'k1', ownerId: 'u1', rateLimit: null, quota: null } }),
    ).toEqual(['ip@i', 'api-key@k1', 'global@all']);
  });

  it('an agent: its own budget, apart from its user', () => {
    expect(summary({ ip: 'i', caller: { kind: 'agent', agentId: 'agt_1', userId: 'u1' } })).toEqual([
      'ip@i',
      'agent@agt_1',
      'global@all',
    ]);
  });

  it('an upstream: its own limit if it has one, else the upstream tier', () => {
    const caller = { kind: 'user' as const, userId: 'u1', roles: ['user'] };
    expect(
      summary({ ip: 'i', caller, upstream: { id: 'api1', rateLimit: { limit: 10, windowSeconds: 1 } } }),
    ).toContain('upstream@api1');
    const { limits } = limitsWith(true);
    const [own] = limits
      .checksFor({
        ip: 'i',
        caller: { kind: 'anonymous' },
        upstream: { id: 'api1', rateLimit: { limit: 10, windowSeconds: 1 } },
      })
      .filter((c) => c.policy.scope === 'upstream');
    expect(own.policy).toMatchObject({ limit: 10, windowSeconds: 1 });
  });

  it('with tiers off, only what a route, key or upstream sets for itself', () => {
    const request: LimitedRequest = {
      ip: 'i',
      caller: { kind: 'api-key', keyId: 'k1', ownerId: 'u1', rateLimit: { limit: 5, windowSeconds: 1 }, quota: null },
      routePolicies: ['auth-login'],
      upstream: { id: 'api1' },
    };
    expect(summary(request, false)).toEqual(['auth-login@i', 'api-key@k1']);
  });

  it('makes one policy per limit object of a cached record, and a new one when the record is replaced', () => {
    const { limits } = limitsWith(true);
    const rateLimit = { limit: 5, windowSeconds: 1 };
    const quota = { limit: 100, refill: 'daily' as const };
    const upstream = { id: 'api1', rateLimit: { limit: 10, windowSeconds: 1 } };
    const request = (rate: typeof rateLimit, api: typeof upstream): LimitedRequest => ({
      ip: 'i',
      caller: { kind: 'api-key', keyId: 'k1', ownerId: 'u1', rateLimit: rate, quota },
      upstream: api,
    });
    const policies = (r: LimitedRequest) =>
      limits
        .checksFor(r)
        .filter((c) => ['api-key', 'api-key-quota', 'upstream'].includes(c.policy.name))
        .map((c) => c.policy);
    const first = policies(request(rateLimit, upstream));
    expect(first.map((p) => p.name)).toEqual(['api-key', 'api-key-quota', 'upstream']);
    // The same record again: the very same policy objects.
    policies(request(rateLimit, upstream)).forEach((policy, i) => expect(policy).toBe(first[i]));
    // A replaced record (an owner's or admin's edit): policies of its new limits.
    const edited = policies(
      request({ limit: 7, windowSeconds: 1 }, { id: 'api1', rateLimit: { limit: 3, windowSeconds: 1 } }),
    );
    expect(edited[0]).not.toBe(first[0]);
    expect(edited[0]).toMatchObject({ name: 'api-key', limit: 7 });
    expect(edited[2]).toMatchObject({ name: 'upstream', limit: 3 });
  });
});
