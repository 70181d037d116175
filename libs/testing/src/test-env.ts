import { randomBytes } from 'crypto';

/**
 * Where this test run's data lives. The global setup creates one database and one Redis key prefix
 * per run and puts them in the environment; each test file adds its own sub-prefix on top.
 */
export interface TestEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
}

export function testEnv(scope: string): TestEnv {
  const base = process.env.PORTCULLIS_TEST_REDIS_PREFIX;
  const db = process.env.PORTCULLIS_TEST_DATABASE_URL;
  if (!base || !db)
    throw new Error('Test environment missing: run the suite with `npm test` (jest global setup creates it)');
  return {
    DATABASE_URL: db,
    REDIS_URL: process.env.PORTCULLIS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${base}:${scope}-${randomBytes(3).toString('hex')}`,
  };
}
