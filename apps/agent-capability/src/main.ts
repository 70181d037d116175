import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadAgentCapabilityConfig } from './config/agent-capability.config';
import { agentCapabilityDataSourceOptions } from './data-source';
import { AgentCapabilityModule } from './agent-capability.module';

runMain(async () => {
  const config = loadAgentCapabilityConfig();
  await bootstrapService({
    service: 'agent-capability',
    config,
    module: (instanceId) => AgentCapabilityModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(agentCapabilityDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
