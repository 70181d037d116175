/**
 * Login throughput at concurrency 1, 4 and 16 (bcrypt cost 12, as in production), beside the
 * bcrypt-12 compare ceiling measured in the same run with the same libuv thread pool size. A login
 * is one bcrypt compare plus three or four bus round trips, so the ceiling bounds it.
 *   npm run bench:login
 */
import bcrypt from 'bcrypt';
import { benchPlatform, postJson } from './lib/bench-platform';
import { HEADER, row, runLoad, summarize } from './lib/stats';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const ACCOUNTS = 16;
const LEVELS: Array<[number, number]> = [
  [1, 16],
  [4, 40],
  [16, 80],
];

async function main(): Promise<void> {
  const { platform, dispose } = await benchPlatform(['gateway', 'auth', 'user', 'token', 'security'], {
    BCRYPT_COST: '12',
    IP_FAILURE_LIMIT: '1000000',
  });
  try {
    const base = `${platform.gatewayUrl}/api/v1/auth`;
    // As many accounts as the highest concurrency, taken in turn: the lockout lets at most
    // LOCKOUT_MAX_FAILURES password checks of one account run at once, so 16 parallel logins of one
    // account would measure that cap (by design) instead of login throughput.
    const emails = Array.from({ length: ACCOUNTS }, (_, i) => `bench.${Date.now()}.${i}@example.test`);
    for (const email of emails) {
      const reg = await postJson(`${base}/register`, { email, password: PASSWORD });
      if (reg.status !== 201) throw new Error(`register failed: ${JSON.stringify(reg.body)}`);
    }
    let next = 0;
    const login = async () => {
      const r = await postJson(`${base}/login`, { email: emails[next++ % emails.length], password: PASSWORD });
      if (r.status !== 200) throw new Error(`login ${r.status}`);
    };
    await runLoad(login, 4, 2);

    const hash = await bcrypt.hash(PASSWORD, 12);
    const compare = () => bcrypt.compare(PASSWORD, hash);
    console.log(
      `\nLogin benchmark (bcrypt cost 12, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4}, node ${process.version})\n`,
    );
    console.log(HEADER);
    for (const [concurrency, total] of LEVELS) {
      const ceiling = summarize(...spread(await runLoad(compare, total, concurrency)));
      const logins = summarize(...spread(await runLoad(login, total, concurrency)));
      console.log(row(`bcrypt-12 compare ceiling, c=${concurrency}`, ceiling));
      console.log(row(`POST /auth/login, c=${concurrency}`, logins));
      console.log(
        `| ${`  → ${((logins.perSecond / ceiling.perSecond) * 100).toFixed(0)}% of the ceiling`.padEnd(34)} |          |          |           |`,
      );
    }
  } finally {
    await dispose();
  }
}

function spread(r: { samples: number[]; wallMs: number }): [number[], number] {
  return [r.samples, r.wallMs];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
