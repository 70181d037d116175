import { BroadcastChannel } from '@portcullis/bus';
import { createRedis } from '@portcullis/common';
import { ROLES_CHANGED_TOPIC, RolesChanged } from '@portcullis/contracts';
import { withTimeout } from '@portcullis/observability';
import { redisSettings } from '@portcullis/runtime';
import { loadUserConfig } from '../../apps/user/src/config/user.config';

/**
 * After `npm run migrate` applied the user app's migrations: the role → permission table may have
 * changed under running user replicas and gateways, which hold it in memory. Tells them as the user
 * app's own announce does (`roles-changed`); with nobody running, nobody listens and nothing is lost.
 * Bounded, so an unreachable Redis cannot hold up a finished migration.
 */
export async function announceRolesChanged(): Promise<void> {
  const config = loadUserConfig();
  const redis = createRedis(redisSettings(config));
  try {
    const message: RolesChanged = { at: Date.now() };
    await withTimeout(new BroadcastChannel(redis, config.REDIS_PREFIX).publish(ROLES_CHANGED_TOPIC, message), 5000);
  } finally {
    redis.disconnect();
  }
}
