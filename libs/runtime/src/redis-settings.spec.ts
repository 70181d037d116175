import { baseConfigSchema, loadConfig } from '@portcullis/config';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { redisSettings } from './redis-settings';

describe('redisSettings', () => {
  it('carries the validated variables over as connection settings', () => {
    const config = loadConfig(baseConfigSchema, {
      REDIS_URL: 'redis://:pw@ignored:6379',
      REDIS_SENTINELS: 's1:26379,s2:26379',
      REDIS_SENTINEL_NAME: 'portcullis',
      REDIS_TLS_REJECT_UNAUTHORIZED: 'false',
    });

    expect(redisSettings(config)).toEqual({
      url: 'redis://:pw@ignored:6379',
      tlsCa: undefined,
      tlsRejectUnauthorized: false,
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      sentinelName: 'portcullis',
      clusterNodes: [],
    });
  });

  it('reads the CA file once, however many connections are made from it', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'redis-ca-')), 'ca.pem');
    writeFileSync(ca, 'FIRST PEM');
    const config = loadConfig(baseConfigSchema, { REDIS_URL: 'rediss://h', REDIS_TLS_CA_FILE: ca });

    expect(redisSettings(config).tlsCa).toBe('FIRST PEM');
    writeFileSync(ca, 'SECOND PEM');
    expect(redisSettings(config).tlsCa).toBe('FIRST PEM');
  });
});
