import { ConfigError } from '@portcullis/config';
import { DEV_API_KEY_PEPPER, DEV_KEY_ENCRYPTION_KEY, loadTokenConfig } from './token.config';

describe('token config', () => {
  it('starts on a developer machine with documented defaults and the dev key, flagged', () => {
    const config = loadTokenConfig({});
    expect(config).toMatchObject({
      OPS_PORT: 3003,
      JWT_ISSUER: 'portcullis',
      JWT_AUDIENCE: 'portcullis-api',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 604800,
      REFRESH_REUSE_GRACE_SECONDS: 10,
      TOKEN_KEY_ENCRYPTION_KEY: DEV_KEY_ENCRYPTION_KEY,
      usingDevKeyEncryptionKey: true,
    });
  });

  it('refuses to start in production without a key-encryption key, naming the variable', () => {
    expect(() => loadTokenConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadTokenConfig({ NODE_ENV: 'production', TOKEN_KEY_ENCRYPTION_KEY: '' })).toThrow(
      /TOKEN_KEY_ENCRYPTION_KEY/,
    );
  });

  it('uses the operator key when given and never echoes it in an error', () => {
    const key = 'a-real-operator-supplied-secret';
    expect(
      loadTokenConfig({
        NODE_ENV: 'production',
        TOKEN_KEY_ENCRYPTION_KEY: key,
        API_KEY_PEPPER: 'an-operator-api-key-pepper',
      }),
    ).toMatchObject({
      TOKEN_KEY_ENCRYPTION_KEY: key,
      usingDevKeyEncryptionKey: false,
    });
    expect(() => loadTokenConfig({ TOKEN_KEY_ENCRYPTION_KEY: 'short-secret' })).toThrow(/at least 16/);
    expect(() => loadTokenConfig({ TOKEN_KEY_ENCRYPTION_KEY: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('uses a development API-key pepper outside production, flagged', () => {
    expect(loadTokenConfig({})).toMatchObject({
      API_KEY_PEPPER: DEV_API_KEY_PEPPER,
      usingDevApiKeyPepper: true,
      API_KEY_OWNER_CACHE_SECONDS: 30,
      API_KEY_LAST_USED_FLUSH_MS: 5000,
    });
  });

  it('refuses to start in production without API_KEY_PEPPER, naming it and never echoing a value', () => {
    const key = 'a-real-operator-supplied-secret';
    expect(() => loadTokenConfig({ NODE_ENV: 'production', TOKEN_KEY_ENCRYPTION_KEY: key })).toThrow(
      /API_KEY_PEPPER: required/,
    );
    expect(() =>
      loadTokenConfig({ NODE_ENV: 'production', TOKEN_KEY_ENCRYPTION_KEY: key, API_KEY_PEPPER: '' }),
    ).toThrow(/API_KEY_PEPPER/);
    expect(() => loadTokenConfig({ API_KEY_PEPPER: 'short-pepper' })).toThrow(/API_KEY_PEPPER.*at least 16/);
    expect(() => loadTokenConfig({ API_KEY_PEPPER: 'short-pepper' })).not.toThrow(/short-pepper/);
    expect(
      loadTokenConfig({
        NODE_ENV: 'production',
        TOKEN_KEY_ENCRYPTION_KEY: key,
        API_KEY_PEPPER: 'an-operator-api-key-pepper',
      }),
    ).toMatchObject({
      API_KEY_PEPPER: 'an-operator-api-key-pepper',
      usingDevApiKeyPepper: false,
    });
  });
});
