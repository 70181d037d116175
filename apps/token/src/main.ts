import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadTokenConfig } from './config/token.config';
import { tokenDataSourceOptions } from './data-source';
import { TokenModule } from './token.module';

runMain(async () => {
  const config = loadTokenConfig();
  await bootstrapService({
    service: 'token',
    config,
    module: (instanceId) => TokenModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (config.usingDevKeyEncryptionKey) {
        logger.warn(
          'TOKEN_KEY_ENCRYPTION_KEY is not set: sealing signing keys with the built-in development key (never do this in production)',
        );
      }
      if (config.usingDevApiKeyPepper) {
        logger.warn(
          'API_KEY_PEPPER is not set: hashing API keys with the built-in development pepper (never do this in production)',
        );
      }
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(tokenDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
