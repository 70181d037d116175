import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
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

  describe('Redis topology', () => {
    const problemsOf = (vars: NodeJS.ProcessEnv): string => {
      try {
        loadConfig(baseConfigSchema, vars);
        return '';
      } catch (e) {
        return (e as ConfigError).message;
      }
    };

    it('is one server from REDIS_URL unless told otherwise, verifying TLS certificates', () => {
      const config = loadConfig(baseConfigSchema, {});
      expect(config).toMatchObject({
        REDIS_SENTINELS: [],
        REDIS_CLUSTER_NODES: [],
        REDIS_TLS_REJECT_UNAUTHORIZED: true,
      });
      expect(config.REDIS_SENTINEL_NAME).toBeUndefined();
      expect(config.REDIS_TLS_CA_FILE).toBeUndefined();
    });

    it('takes the variables set empty, as a manifest may list them, as unset', () => {
      const empty = { REDIS_SENTINELS: '', REDIS_SENTINEL_NAME: '', REDIS_CLUSTER_NODES: ' ', REDIS_TLS_CA_FILE: '' };
      expect(loadConfig(baseConfigSchema, empty)).toMatchObject({ REDIS_SENTINELS: [], REDIS_CLUSTER_NODES: [] });
      expect(loadConfig(baseConfigSchema, empty).REDIS_SENTINEL_NAME).toBeUndefined();
    });

    it('reads sentinels and cluster nodes as host:port lists, IPv6 in brackets', () => {
      const sentinel = loadConfig(baseConfigSchema, {
        REDIS_SENTINELS: 'sentinel-0:26379, [fd00::1]:26380',
        REDIS_SENTINEL_NAME: 'portcullis',
      });
      expect(sentinel.REDIS_SENTINELS).toEqual([
        { host: 'sentinel-0', port: 26379 },
        { host: 'fd00::1', port: 26380 },
      ]);
      const cluster = loadConfig(baseConfigSchema, { REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' });
      expect(cluster.REDIS_CLUSTER_NODES).toEqual([
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ]);
    });

    it('refuses a list entry that is not host:port', () => {
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'n1:7000,n2' })).toMatch(/REDIS_CLUSTER_NODES: must be host:port/);
      expect(problemsOf({ REDIS_SENTINELS: 's1:0', REDIS_SENTINEL_NAME: 'm' })).toMatch(/REDIS_SENTINELS/);
    });

    it('refuses Sentinel and Cluster at once, naming both variables', () => {
      const message = problemsOf({
        REDIS_SENTINELS: 's1:26379',
        REDIS_SENTINEL_NAME: 'm',
        REDIS_CLUSTER_NODES: 'n1:7000',
      });
      expect(message).toMatch(/REDIS_SENTINELS, REDIS_CLUSTER_NODES: set one or the other/);
    });

    it('needs the master group name with sentinels, and only with them', () => {
      expect(problemsOf({ REDIS_SENTINELS: 's1:26379' })).toMatch(/REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/);
      expect(problemsOf({ REDIS_SENTINEL_NAME: 'm' })).toMatch(/REDIS_SENTINEL_NAME: only used with REDIS_SENTINELS/);
    });

    it('refuses a database other than 0 on a cluster', () => {
      expect(problemsOf({ REDIS_URL: 'redis://h/2', REDIS_CLUSTER_NODES: 'n1:7000' })).toMatch(
        /REDIS_URL: .*database 0/,
      );
      expect(problemsOf({ REDIS_URL: 'redis://h/0', REDIS_CLUSTER_NODES: 'n1:7000' })).toBe('');
    });

    it('takes a CA file only if it can be read, and only for rediss://', () => {
      const ca = join(mkdtempSync(join(tmpdir(), 'redis-ca-')), 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');

      expect(problemsOf({ REDIS_URL: 'rediss://h', REDIS_TLS_CA_FILE: ca })).toBe('');
      expect(problemsOf({ REDIS_URL: 'rediss://h', REDIS_TLS_CA_FILE: `${ca}.missing` })).toMatch(
        /REDIS_TLS_CA_FILE: must be a readable file/,
      );
      expect(problemsOf({ REDIS_URL: 'redis://h', REDIS_TLS_CA_FILE: ca })).toMatch(
        /REDIS_TLS_CA_FILE: needs a rediss:\/\//,
      );
      expect(problemsOf({ REDIS_TLS_REJECT_UNAUTHORIZED: 'false' })).toBe('');
    });
  });
});
