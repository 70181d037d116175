import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import Redis from 'ioredis';
import { GatewayRateLimiter } from './gateway-rate-limiter';

const policies = [{ name: 'auth-login', scope: 'ip' as const, limit: 2, windowSeconds: 60 }];

async function fallbacksCounted(): Promise<number> {
  return (await register.getSingleMetric('rate_limit_fallback_total')?.get())?.values[0]?.value ?? 0;
}

/** A Redis stand-in in a given state; `evalsha` never answers, like a server that stopped responding. */
function redisIn(status: string) {
  return {
    status,
    defineCommand: () => undefined,
    rateLimitBatch: () => new Promise(() => undefined),
  } as unknown as Redis;
}

describe('GatewayRateLimiter when Redis cannot answer', () => {
  it('fails open to limits counted in memory, and counts each fallback', async () => {
    const limiter = new GatewayRateLimiter(
      { policies, redisTimeoutMs: 20, tiersEnabled: true },
      redisIn('reconnecting'),
      'p',
    );
    const before = await fallbacksCounted();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await limiter.check(['auth-login'], { ip: '198.51.100.1' })).allowed);
    expect(answers).toEqual([true, true, false]);
    expect((await fallbacksCounted()) - before).toBe(3);
  });

  it('logs a failing Redis once for many requests, not once per request', async () => {
    const failing = {
      status: 'ready',
      defineCommand: () => undefined,
      rateLimitBatch: () => Promise.reject(new Error('ERR script failed')),
    } as unknown as Redis;
    const limiter = new GatewayRateLimiter({ policies, redisTimeoutMs: 20, tiersEnabled: true }, failing, 'p');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 50; i++) await limiter.check(['auth-login'], { ip: `198.51.100.${i}` });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({
        msg: 'rate limiter fell back to memory',
        err: 'ERR script failed',
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('does not let a hung Redis hold a request longer than its timeout', async () => {
    const limiter = new GatewayRateLimiter({ policies, redisTimeoutMs: 20, tiersEnabled: true }, redisIn('ready'), 'p');
    const started = Date.now();
    expect((await limiter.check(['auth-login'], { ip: '198.51.100.2' })).allowed).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('bounds the requests of one turn with one timer, and each falls back when it fires', async () => {
    const limiter = new GatewayRateLimiter({ policies, redisTimeoutMs: 20, tiersEnabled: true }, redisIn('ready'), 'p');
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) => limiter.check(['auth-login'], { ip: `198.51.100.${100 + i}` })),
      );
      expect(decisions.every((d) => d.allowed)).toBe(true);
      expect(timers.mock.calls.filter(([, ms]) => ms === 20)).toHaveLength(1);
    } finally {
      timers.mockRestore();
    }
  });

  it('refuses, at the first check, a policy nobody defined', async () => {
    const limiter = new GatewayRateLimiter({ policies, redisTimeoutMs: 20, tiersEnabled: true }, redisIn('ready'), 'p');
    await expect(limiter.check(['auth-typo'], { ip: '198.51.100.3' })).rejects.toThrow(
      /unknown rate-limit policy auth-typo/,
    );
  });
});
