import 'reflect-metadata';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadAuthConfig } from './config/auth.config';
import { AuthModule } from './auth.module';

runMain(async () => {
  const config = loadAuthConfig();
  await bootstrapService({ service: 'auth', config, module: (instanceId) => AuthModule.forRoot(config, instanceId) });
});
