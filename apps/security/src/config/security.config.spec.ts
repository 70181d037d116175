import { ConfigError } from '@portcullis/config';
import { DEV_DEVICE_TOKEN_SECRET, loadSecurityConfig } from './security.config';

describe('security config', () => {
  it('starts on a developer machine with the dev device-token secret, flagged', () => {
    expect(loadSecurityConfig({})).toMatchObject({
      LOCKOUT_MAX_FAILURES: 5,
      LOCKOUT_RESERVATION_TTL_SECONDS: 15,
      LOCKOUT_RESERVATION_WAIT_MS: 3000,
      DEVICE_TOKEN_SECRET: DEV_DEVICE_TOKEN_SECRET,
      usingDevDeviceTokenSecret: true,
    });
  });

  it('refuses to start in production without a device-token secret, naming it and never echoing one', () => {
    expect(() => loadSecurityConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadSecurityConfig({ NODE_ENV: 'production', DEVICE_TOKEN_SECRET: '' })).toThrow(
      /DEVICE_TOKEN_SECRET/,
    );
    expect(() => loadSecurityConfig({ DEVICE_TOKEN_SECRET: 'short-secret' })).toThrow(/at least 16/);
    expect(() => loadSecurityConfig({ DEVICE_TOKEN_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    const secret = 'a-real-operator-supplied-secret';
    expect(
      loadSecurityConfig({
        NODE_ENV: 'production',
        AUDIT_JOB_SIGNING_KEY: 'a-production-signing-key',
        DEVICE_TOKEN_SECRET: secret,
      }),
    ).toMatchObject({ DEVICE_TOKEN_SECRET: secret, usingDevDeviceTokenSecret: false });
  });
});
