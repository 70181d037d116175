/**
 * The same GET (/api/v1/auth/me) authenticated by `X-API-Key` and by a user JWT, beside a bare
 * Fastify hello, and the JWT GET with the tier rate limits on (one EVALSHA per request) and off.
 * Also a bare Fastify sending the very answer the JWT GET gets (its headers and body, recorded
 * first): the part of the gap to the hello that is the answer DESIGN asks for. Every server and
 * the load generator run in processes of their own; 50 connections.
 *   npm run bench:keys
 */
import { benchPlatform, postJson } from './lib/bench-platform';
import {
  loadGenerator,
  LoadResult,
  measure,
  medianRun,
  roundRatios,
  recordAnswer,
  ROUNDS,
  runsInTurns,
  startBareFastify,
} from './lib/load';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const ADMIN_EMAIL = 'bench.keys.admin@example.test';
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';
const DURATION = Number(process.env.DURATION ?? 10);
/** High enough that the benchmark measures the cost of checking, never a refusal. */
const HUGE = { limit: 1_000_000_000, windowSeconds: 60 };

const load = (url: string, headers: Record<string, string> = {}) =>
  measure(url, { connections: 50, durationSeconds: DURATION, headers });
const row = (what: string, r: LoadResult) => `| ${what} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} |`;

async function call<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  const hello = await startBareFastify();
  let answering: Awaited<ReturnType<typeof startBareFastify>> | undefined;
  const { platform, dispose } = await benchPlatform(['user', 'token', 'security', 'auth', 'gateway'], {
    BCRYPT_COST: '4',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMIT_TIERS: 'true',
  });
  try {
    const api = `${platform.gatewayUrl}/api/v1`;
    const admin = (
      await postJson<{ accessToken: string }>(`${api}/auth/login`, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    ).body.accessToken;
    const names = ['ip', 'user:user', 'api-key', 'global'];
    await call('PUT', `${api}/admin/rate-limits`, admin, { policies: names.map((name) => ({ name, ...HUGE })) });
    await platform.startOne('gateway#nolimits', { RATE_LIMIT_TIERS: 'false' });
    const unlimited = `${platform.urlOf('gateway#nolimits')}/api/v1`;

    const email = `bench.keys.${Date.now()}@example.test`;
    await postJson(`${api}/auth/register`, { email, password: PASSWORD });
    const token = (await postJson<{ accessToken: string }>(`${api}/auth/login`, { email, password: PASSWORD })).body
      .accessToken;
    const { key } = await call<{ key: string }>('POST', `${api}/api-keys`, token, {
      name: 'bench',
      environment: 'test',
      scopes: ['profile:read'],
    });
    const jwt = { authorization: `Bearer ${token}` };
    const apiKey = { 'x-api-key': key };
    // The same answer from a bare server: how much of the gap to the hello is the answer itself.
    answering = await startBareFastify({ answer: await recordAnswer(`${api}/auth/me`, jwt) });
    const sameAnswer = answering.answerUrl;

    const runs = await runsInTurns([
      () => load(hello.url),
      () => load(`${api}/auth/me`, apiKey),
      () => load(`${api}/auth/me`, jwt),
      () => load(`${unlimited}/auth/me`, jwt),
      () => load(sameAnswer),
    ]);
    const [bare, byKey, byJwt, off, bareAnswer] = runs.map(medianRun);
    const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
    const withinRounds = (a: number, b: number) => {
      const { each, median } = roundRatios(runs[a], runs[b]);
      return `${percent(median)} (each round: ${each.map(percent).join(', ')})`;
    };

    console.log(
      `\nAPI keys and rate limits (${loadGenerator()}, 50 connections, ${DURATION} s each; the median of ${ROUNDS} runs in turn; node ${process.version})\n`,
    );
    console.log('| what | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    console.log(row('bare Fastify hello', bare));
    console.log(row('GET /auth/me with X-API-Key (limits on)', byKey));
    console.log(row('GET /auth/me with a user JWT (limits on)', byJwt));
    console.log(row('GET /auth/me with a user JWT (limits off)', off));
    console.log(row("bare Fastify sending /auth/me's answer (its headers and body)", bareAnswer));
    console.log(`\nX-API-Key serves ${percent(byKey.rps / byJwt.rps)} of the JWT rate (goal ≥ 90 %);`);
    console.log(`limits on serve ${percent(byJwt.rps / off.rps)} of limits off (goal ≥ 80 %);`);
    console.log(`JWT /auth/me is ${percent(byJwt.rps / bare.rps)} of bare Fastify.`);
    console.log(
      `Bare Fastify sending the same answer serves ${percent(bareAnswer.rps / bare.rps)} of its hello; ` +
        `JWT /auth/me is ${percent(byJwt.rps / bareAnswer.rps)} of it.`,
    );
    console.log(
      `\nThe same ratios within each round, where the rows ran seconds apart (the median over rounds):` +
        `\nkey / JWT ${withinRounds(1, 2)}; limits on / off ${withinRounds(2, 3)}; JWT / bare ${withinRounds(2, 0)};` +
        `\nsame answer / bare ${withinRounds(4, 0)}; JWT / same answer ${withinRounds(2, 4)}.`,
    );
  } finally {
    await dispose();
    hello.stop();
    answering?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
