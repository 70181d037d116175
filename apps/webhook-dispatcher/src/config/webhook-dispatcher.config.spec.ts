import { ConfigError } from '@portcullis/config';
import { DEV_SECRET_ENCRYPTION_KEY, loadWebhookDispatcherConfig } from './webhook-dispatcher.config';

describe('loadWebhookDispatcherConfig', () => {
  it('has defaults for a developer machine: the dev key, 5 days, the long retry schedule, no private targets', () => {
    const config = loadWebhookDispatcherConfig({});
    expect(config).toMatchObject({
      OPS_PORT: 3006,
      WEBHOOK_SECRET_ENCRYPTION_KEY: DEV_SECRET_ENCRYPTION_KEY,
      usingDevSecretEncryptionKey: true,
    });
    expect(config).toMatchObject({
      ALLOW_PRIVATE_TARGETS: false,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_DISABLE_AFTER_SECONDS: 432_000,
      WEBHOOK_PER_ENDPOINT_CONCURRENCY: 4,
      BUS_CONCURRENCY: 256,
    });
    expect(config.WEBHOOK_RETRY_SCHEDULE).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000].map((s) => s * 1000));
  });

  it('reads a fractional schedule in seconds, and refuses a bad one naming the variable', () => {
    expect(loadWebhookDispatcherConfig({ WEBHOOK_RETRY_SCHEDULE: '0.1, 0.2,0.3' }).WEBHOOK_RETRY_SCHEDULE).toEqual([
      100, 200, 300,
    ]);
    for (const bad of ['', 'soon', '5,-1', '5,,x']) {
      expect(() => loadWebhookDispatcherConfig({ WEBHOOK_RETRY_SCHEDULE: bad })).toThrow(/WEBHOOK_RETRY_SCHEDULE/);
    }
  });

  it('in production, requires an encryption key and refuses private targets', () => {
    const error = (() => {
      try {
        loadWebhookDispatcherConfig({ NODE_ENV: 'production', ALLOW_PRIVATE_TARGETS: 'true' });
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/WEBHOOK_SECRET_ENCRYPTION_KEY/);
    expect(error!.message).toMatch(/ALLOW_PRIVATE_TARGETS/);
    const config = loadWebhookDispatcherConfig({
      NODE_ENV: 'production',
      WEBHOOK_SECRET_ENCRYPTION_KEY: 'a-long-production-key-value',
    });
    expect(config.usingDevSecretEncryptionKey).toBe(false);
  });
});
