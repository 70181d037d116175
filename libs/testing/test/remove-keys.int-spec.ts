import Redis from 'ioredis';
import { randomBytes } from 'crypto';
import { removeKeysUnder } from '../src/remove-keys';

const REDIS_URL = process.env.PORTCULLIS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe("removeKeysUnder (a test run's teardown, a benchmark's clean-up)", () => {
  const redis = new Redis(REDIS_URL);
  // A prefix of its own, so this never touches the keys of the run it is part of.
  const prefix = `pcteardown:${randomBytes(4).toString('hex')}`;
  const mine = [`${prefix}:plain`, `{${prefix}:e2e-suite-1a2b3c}:bull:audit-events:1`, `{${prefix}}:ratelimit:ip:1`];
  const others = [`${prefix}x:plain`, `{${prefix}x:suite}:tagged`, `other:${prefix}:key`];

  afterAll(async () => {
    await redis.del(...mine, ...others);
    await redis.quit();
  });

  it("deletes the run's plain and hash-tagged keys and nothing else", async () => {
    for (const key of [...mine, ...others]) await redis.set(key, '1');

    await removeKeysUnder(REDIS_URL, prefix);

    expect(await redis.exists(...mine)).toBe(0);
    expect(await redis.exists(...others)).toBe(others.length);
  });
});
