/**
 * GET through /api/v1/proxy/:apiId/* at 50 connections, beside the same upstream alone (a bare
 * node:http server in its own process) and, when the `haproxy` package is installed, HAProxy (its
 * default thread per core, and one thread: the gateway is one process)
 * verifying the same RS256 JWT with jwt_verify in front of it: the C ceiling. The load generator
 * runs in a process of its own too (wrk when installed, else autocannon). Prints; not a test.
 *   npm run bench:proxy            (DURATION=10 seconds per row)
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createPublicKey, JsonWebKey } from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import { connect } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, waitFor } from '@portcullis/testing';
import { benchPlatform, postJson } from './lib/bench-platform';
import { inTurns, LoadResult, loadGenerator, measure, ROUNDS, startServerProcess } from './lib/load';

const DURATION = Number(process.env.DURATION ?? 10);
/** A small JSON body (about 1 KiB), as most API calls carry. */
const KIB_JSON = { items: Array.from({ length: 20 }, (_, i) => `item-${i}-${'x'.repeat(36)}`) };
const ADMIN_EMAIL = `bench.proxy.admin.${Date.now()}@example.test`;
const ADMIN_PASSWORD = 'Cobalt-Juniper-Ferry-64!';

const load = (url: string, headers: Record<string, string> = {}) =>
  measure(url, { connections: 50, durationSeconds: DURATION, headers });

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function haproxyInstalled(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * HAProxy checking the Bearer token's RS256 signature against the gateway's published key, then
 * forwarding. `threads`: HAProxy's own default is a thread per core; the gateway is one process on one
 * core, so the bench also runs it with one thread, the per-core comparison.
 */
async function startHaproxy(
  upstreamPort: string,
  jwk: JsonWebKey,
  threads?: number,
): Promise<{ url: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-haproxy-'));
  writeFileSync(
    join(dir, 'pub.pem'),
    createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global
  maxconn 2000
${threads === undefined ? '' : `  nbthread ${threads}\n`}defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend fe
  bind 127.0.0.1:${port}
  http-request set-var(txn.bearer) http_auth_bearer
  http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('$.alg')
  http-request deny deny_status 401 unless { var(txn.alg) -m str RS256 }
  http-request deny deny_status 401 unless { var(txn.bearer),jwt_verify(txn.alg,"${join(dir, 'pub.pem')}") -m int 1 }
  http-request del-header authorization
  default_backend be
backend be
  server up 127.0.0.1:${upstreamPort}
`,
  );
  const child = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'inherit' });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  await waitFor(
    async () => {
      if (exited !== undefined) throw new Error(`haproxy exited with ${exited}`);
      return accepts(port);
    },
    { what: 'haproxy to listen' },
  );
  return { url: `http://127.0.0.1:${port}/items`, child };
}

async function main(): Promise<void> {
  const upstream = await startServerProcess('upstream', [join(__dirname, 'lib', 'bare-http-upstream.js')]);
  const { platform, dispose } = await benchPlatform(['gateway', 'auth', 'user', 'token', 'security'], {
    BCRYPT_COST: '4',
    ALLOW_PRIVATE_TARGETS: 'true',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PROXY_CONNECTIONS_PER_UPSTREAM: '64',
  });
  const stops = [upstream.stop];
  try {
    const base = `${platform.gatewayUrl}/api/v1`;
    const token = (
      await postJson<{ accessToken: string }>(`${base}/auth/login`, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    ).body.accessToken;
    const api = await postJson<{ id: string }>(
      `${base}/apis`,
      {
        name: 'bench',
        baseUrl: `http://127.0.0.1:${upstream.port}`,
        authType: 'bearer',
        authConfig: { token: 'upstream-token' },
      },
      token,
    );
    if (api.status !== 201) throw new Error(`registering the API failed: ${api.status} ${JSON.stringify(api.body)}`);
    const proxied = `${base}/proxy/${api.body.id}/items`;

    const alone = `http://127.0.0.1:${upstream.port}/items`;
    const key = await postJson<{ key?: string }>(
      `${base}/api-keys`,
      { name: 'bench', environment: 'test', scopes: ['proxy:use'] },
      token,
    );
    const apiKey = key.status === 201 ? key.body.key : undefined;
    let haproxyUrl: string | undefined;
    let oneThreadUrl: string | undefined;
    if (haproxyInstalled()) {
      const jwks = (await (await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`)).json()) as {
        keys: JsonWebKey[];
      };
      const kid = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };
      const jwk = jwks.keys.find((k) => k.kid === kid.kid) ?? jwks.keys[0];
      const started = await startHaproxy(upstream.port, jwk);
      const oneThread = await startHaproxy(upstream.port, jwk, 1);
      stops.push(
        ...[started, oneThread].map(
          ({ child }) =>
            () =>
              child.kill('SIGTERM'),
        ),
      );
      haproxyUrl = started.url;
      oneThreadUrl = oneThread.url;
    }

    const bearer = { authorization: `Bearer ${token}` };
    const candidates: Array<[string, (() => Promise<LoadResult>) | undefined]> = [
      ['upstream alone (node:http)', () => load(alone)],
      ['gateway proxy, user JWT', () => load(proxied, bearer)],
      ['gateway proxy, X-API-Key', apiKey ? () => load(proxied, { 'x-api-key': apiKey }) : undefined],
      [
        'gateway proxy, user JWT, POST of 1 KiB JSON',
        () => measure(proxied, { connections: 50, durationSeconds: DURATION, headers: bearer, jsonBody: KIB_JSON }),
      ],
      ['HAProxy jwt_verify RS256', haproxyUrl ? () => load(haproxyUrl, bearer) : undefined],
      ['HAProxy jwt_verify RS256, one thread', oneThreadUrl ? () => load(oneThreadUrl, bearer) : undefined],
    ];
    const present = candidates.filter(([, run]) => run !== undefined);
    const results = await inTurns(present.map(([, run]) => run!));
    const rows: Array<[string, LoadResult | null]> = candidates.map(([label, run]) => [
      label,
      run ? results[present.findIndex(([l]) => l === label)] : null,
    ]);
    const haproxy = rows[4][1];
    const oneThread = rows[5][1];

    console.log(
      `\nProxy benchmark (${loadGenerator()}, 50 connections, ${DURATION} s each; the median of ${ROUNDS} runs in turn; node ${process.version})\n`,
    );
    console.log('| what | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    for (const [label, r] of rows)
      console.log(r ? `| ${label} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} |` : `| ${label} | n/a | | |`);
    const jwt = rows[1][1]!;
    console.log(`\nGateway (user JWT) = ${((jwt.rps / rows[0][1]!.rps) * 100).toFixed(1)} % of the upstream alone`);
    if (haproxy)
      console.log(
        `Gateway (user JWT) = ${((jwt.rps / haproxy.rps) * 100).toFixed(1)} % of HAProxy (goal ≥ 40 %); p99 ${jwt.p99} ms (goal < 10 ms)`,
      );
    if (oneThread)
      console.log(
        `Gateway (user JWT) = ${((jwt.rps / oneThread.rps) * 100).toFixed(1)} % of HAProxy on one thread (one core each)`,
      );
    else console.log('HAProxy not installed (apt-get install -y haproxy): no ceiling row.');
  } finally {
    for (const stop of stops) stop();
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
