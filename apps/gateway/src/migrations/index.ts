import { createSchemaMigration } from '@portcullis/database';
import { UpstreamApis1766300000000 } from './1766300000000-upstream-apis';
import { UsageDailyRollups1766400000000 } from './1766400000000-usage-daily-rollups';
import { UsageBatches1766800000000 } from './1766800000000-usage-batches';

/** Applied in order; a new migration is appended here. */
export const gatewayMigrations = [
  createSchemaMigration('gateway'),
  UpstreamApis1766300000000,
  UsageDailyRollups1766400000000,
  UsageBatches1766800000000,
];
