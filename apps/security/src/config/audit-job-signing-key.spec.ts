import { ConfigError } from '@portcullis/config';
import { DEV_AUDIT_JOB_SIGNING_KEY, loadSecurityConfig } from './security.config';

describe('AUDIT_JOB_SIGNING_KEY', () => {
  it('falls back to the dev key outside production', () => {
    expect(loadSecurityConfig({}).AUDIT_JOB_SIGNING_KEY).toBe(DEV_AUDIT_JOB_SIGNING_KEY);
    expect(loadSecurityConfig({ AUDIT_JOB_SIGNING_KEY: '' }).AUDIT_JOB_SIGNING_KEY).toBe(DEV_AUDIT_JOB_SIGNING_KEY);
  });

  it('is required in production, and at least 16 characters when given', () => {
    expect(() => loadSecurityConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadSecurityConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_JOB_SIGNING_KEY/);
    expect(() => loadSecurityConfig({ AUDIT_JOB_SIGNING_KEY: 'short' })).toThrow(/AUDIT_JOB_SIGNING_KEY/);
    expect(
      loadSecurityConfig({
        NODE_ENV: 'production',
        DEVICE_TOKEN_SECRET: 'a-production-device-secret',
        AUDIT_JOB_SIGNING_KEY: 'a-production-signing-key',
      }).AUDIT_JOB_SIGNING_KEY,
    ).toBe('a-production-signing-key');
  });
});
