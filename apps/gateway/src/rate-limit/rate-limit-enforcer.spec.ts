import { BusClient } from '@portcullis/bus';
import { isPromise } from '@portcullis/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { GatewayRateLimiter, RateLimitSettings } from './gateway-rate-limiter';
import { RateLimitedEvents } from './rate-limited-events';
import { RateLimitEnforcer } from './rate-limit-enforcer';
import { rateLimitExceeded } from './rate-limit.metrics';
import { RequestLimits } from './request-limits';
import { TierPolicies } from './tier-policies';

// Redis down: the limiter decides with its in-memory fallback, which counts the same keys.
const redis = { status: 'end', defineCommand: () => undefined, duplicate: () => redis } as unknown as Redis;

function enforcer(published: unknown[] = []) {
  const settings: RateLimitSettings = {
    policies: [{ name: 'auth-login', scope: 'ip', limit: 3, windowSeconds: 60 }],
    redisTimeoutMs: 20,
    tiersEnabled: false,
  };
  const limiter = new GatewayRateLimiter(settings, redis, 'p');
  const limits = new RequestLimits(limiter, new TierPolicies({} as BusClient, redis, 'p'), settings);
  const bus = {
    publish: async (_definition: unknown, event: unknown) => void published.push(event),
  } as unknown as BusClient;
  const enforce = new RateLimitEnforcer(limits, limiter, new RateLimitedEvents(bus));
  const reply = { header: () => reply } as unknown as FastifyReply;
  /** The status a login attempt from `ip` gets: 200 admitted, 429 refused. */
  return async (ip: string): Promise<number> => {
    try {
      const done = enforce.enforce({ ip } as FastifyRequest, reply, { routePolicies: ['auth-login'] });
      if (isPromise(done)) await done;
      return 200;
    } catch (err) {
      return (err as { status?: number }).status ?? 429;
    }
  };
}

describe('RateLimitEnforcer: whom an IP limit counts', () => {
  it('counts an IPv6 client as its /64: rotating addresses inside it gains nothing', async () => {
    const attempt = enforcer();
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await attempt(`2001:db8:0:1::${i.toString(16)}`));
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another /64 is another client.
    expect(await attempt('2001:db8:0:2::1')).toBe(200);
  });

  it('counts an IPv4 address and its IPv4-mapped IPv6 spelling as one client', async () => {
    const attempt = enforcer();
    expect(await attempt('198.51.100.7')).toBe(200);
    expect(await attempt('::ffff:198.51.100.7')).toBe(200);
    expect(await attempt('198.51.100.7')).toBe(200);
    expect(await attempt('::ffff:198.51.100.7')).toBe(429);
  });
});

describe('RateLimitEnforcer: what a refusal leaves behind', () => {
  const exceeded = async (scope: string, policy: string): Promise<number> =>
    (await rateLimitExceeded().get()).values.find((v) => v.labels.scope === scope && v.labels.policy === policy)
      ?.value ?? 0;

  it('counts every refusal in rate_limit_exceeded_total{scope,policy}, and announces them sampled', async () => {
    const published: Array<{ type: string; data: Record<string, unknown> }> = [];
    const attempt = enforcer(published);
    const before = await exceeded('ip', 'auth-login');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push(await attempt('192.0.2.44'));
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429]);
    expect(await exceeded('ip', 'auth-login')).toBe(before + 4);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ type: 'security.rate_limited', data: { policy: 'auth-login', scope: 'ip' } });
  });
});
