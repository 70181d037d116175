import { z } from 'zod';
import { baseConfigSchema } from './base-config';
import { env } from './env-types';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults that work on a developer machine', () => {
    const config = loadConfig(baseConfigSchema, {});
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.DATABASE_URL).toContain('127.0.0.1:5432');
    expect(config.BUS_RPC_TIMEOUT_MS).toBe(5000);
  });

  it('names every bad variable at once and never echoes a value', () => {
    const schema = z.object({
      PORT: env.port(3000),
      REDIS_URL: env.url('redis://x', ['redis:']),
      FLAG: env.bool(false),
    });
    let error: ConfigError | undefined;
    try {
      loadConfig(schema, { PORT: 'seventy', REDIS_URL: 'http://secret-host', FLAG: 'maybe' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.message).toMatch(/REDIS_URL/);
    expect(error!.message).toMatch(/FLAG/);
    expect(error!.message).not.toContain('secret-host');
  });

  it('parses booleans and lists the way operators write them', () => {
    const schema = z.object({ ON: env.bool(false), HOSTS: env.list('a') });
    expect(loadConfig(schema, { ON: 'yes', HOSTS: ' x, y ,,' })).toEqual({ ON: true, HOSTS: ['x', 'y'] });
  });

  it('takes an ops bind address only as an IP or localhost', () => {
    const schema = z.object({ OPS_HOST: env.host('0.0.0.0') });
    expect(loadConfig(schema, {})).toEqual({ OPS_HOST: '0.0.0.0' });
    expect(loadConfig(schema, { OPS_HOST: '127.0.0.1' })).toEqual({ OPS_HOST: '127.0.0.1' });
    expect(loadConfig(schema, { OPS_HOST: '::' })).toEqual({ OPS_HOST: '::' });
    expect(() => loadConfig(schema, { OPS_HOST: 'ops.example; rm -rf' })).toThrow(/OPS_HOST/);
  });
});
