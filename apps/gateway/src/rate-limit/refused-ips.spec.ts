import { RateLimitDecision, RateLimitPolicy } from '@portcullis/security';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayRateLimiter } from './gateway-rate-limiter';
import { RateLimitEnforcer } from './rate-limit-enforcer';
import { RateLimitedEvents } from './rate-limited-events';
import { RefusedIps } from './refused-ips';
import { RequestLimits } from './request-limits';

const ip: RateLimitPolicy = { name: 'ip', scope: 'ip', limit: 2, windowSeconds: 60 };
const route: RateLimitPolicy = { name: 'auth-login', scope: 'ip', limit: 2, windowSeconds: 60 };

function decision(policy: RateLimitPolicy, allowed: boolean, retryAfterSeconds = 30): RateLimitDecision {
  const state = { policy, allowed, remaining: allowed ? 1 : 0, resetSeconds: retryAfterSeconds, retryAfterSeconds };
  return { allowed, binding: state, states: [state] };
}

describe('RefusedIps', () => {
  let now = 1_000_000;
  const memory = new RefusedIps(() => now);

  it('keeps a refusal by the ip tier until it runs out, its wait counted from now', () => {
    memory.remember('203.0.113.1', decision(ip, false, 30));
    now += 10_500;
    expect(memory.standing('203.0.113.1', () => ip)?.binding).toMatchObject({
      retryAfterSeconds: 20,
      resetSeconds: 20,
    });
    expect(memory.standing('203.0.113.2', () => ip)).toBeUndefined();
    now += 20_000;
    expect(memory.standing('203.0.113.1', () => ip)).toBeUndefined();
  });

  it('lets go as soon as the ip tier changes or is switched off', () => {
    memory.remember('192.0.2.1', decision(ip, false, 30));
    expect(memory.standing('192.0.2.1', () => ip)).toBeDefined();
    expect(memory.standing('192.0.2.1', () => ({ ...ip }))).toBeDefined();
    expect(memory.standing('192.0.2.1', () => ({ ...ip, limit: 600 }))).toBeUndefined();
    memory.remember('192.0.2.2', decision(ip, false, 30));
    expect(memory.standing('192.0.2.2', () => undefined)).toBeUndefined();
  });

  it('ignores what is allowed', () => {
    memory.remember('198.51.100.1', decision(ip, true));
    expect(memory.standing('198.51.100.1', () => ip)).toBeUndefined();
  });
});

describe('RateLimitEnforcer.refuseKnownIp', () => {
  it('answers a refused IP from memory with the 429 and its headers, asking Redis nothing', async () => {
    const run = jest.fn().mockResolvedValue(decision(ip, false, 30));
    const limits = {
      checksFor: () => [{ policy: ip, key: '203.0.113.9' }],
      ipTier: () => ip,
    } as unknown as RequestLimits;
    const events = { refused: jest.fn() } as unknown as RateLimitedEvents;
    const enforcer = new RateLimitEnforcer(limits, { run } as unknown as GatewayRateLimiter, events);
    const headers: Record<string, string> = {};
    const reply = {
      header: (n: string, v: string) => ((headers[n.toLowerCase()] = v), reply),
    } as unknown as FastifyReply;
    const request = { ip: '203.0.113.9', headers: {} } as unknown as FastifyRequest;

    expect(() => enforcer.refuseKnownIp(request, reply)).not.toThrow();
    await expect(enforcer.enforce(request, reply)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(run).toHaveBeenCalledTimes(1);

    delete headers.ratelimit;
    expect(() => enforcer.refuseKnownIp(request, reply)).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ policy: 'ip' }) }),
    );
    expect(headers.ratelimit).toMatch(/^"ip";r=0;t=(29|30)$/);
    expect(run).toHaveBeenCalledTimes(1);
    // Another client is not held by it.
    expect(() => enforcer.refuseKnownIp({ ...request, ip: '203.0.113.10' }, reply)).not.toThrow();
  });

  it('remembers only what the ip tier refused, not another policy counted by IP', async () => {
    const run = jest.fn().mockResolvedValue(decision(route, false, 30));
    const limits = {
      checksFor: () => [{ policy: route, key: '198.51.100.2' }],
      ipTier: () => ip,
    } as unknown as RequestLimits;
    const events = { refused: jest.fn() } as unknown as RateLimitedEvents;
    const enforcer = new RateLimitEnforcer(limits, { run } as unknown as GatewayRateLimiter, events);
    const reply = { header: () => reply } as unknown as FastifyReply;
    const request = { ip: '198.51.100.2', headers: {} } as unknown as FastifyRequest;
    await expect(enforcer.enforce(request, reply)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(() => enforcer.refuseKnownIp(request, reply)).not.toThrow();
  });
});
