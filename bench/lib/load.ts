import { ChildProcess, execFile, spawn } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

/** Runs the load generator; a failure names the URL and what it printed, never its arguments (tokens, keys). */
async function run(command: string, args: string[], url: string): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(command, args, { maxBuffer: 1 << 24 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    // No `cause`: the caught error's message and `cmd` hold the command line, headers included.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`load on ${url} failed: ${stderr || String((err as { code?: unknown }).code)}`);
  }
}

const ROOT = join(__dirname, '..', '..');
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((path) => existsSync(path));

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** With `countMatching`: how many answers' bodies contained it. */
  matched?: number;
}

export interface LoadOptions {
  connections?: number;
  durationSeconds?: number;
  headers?: Record<string, string>;
  /** A POST with this JSON body (content-type set) instead of a GET. */
  jsonBody?: unknown;
  /** POSTs with these JSON bodies in turn, request after request (wrk only). */
  jsonBodies?: unknown[];
  /** Counts the answers whose body contains this text, e.g. a refusal inside a 200 (wrk only). */
  countMatching?: string;
}

/**
 * Drives `url` from a process of its own: `wrk` when it is installed (`apt-get install wrk`), else
 * the autocannon CLI. Either way the load generator never shares the measured server's event loop.
 * Latencies are in milliseconds. Any non-2xx answer or socket error fails the measurement.
 */
export async function measure(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const connections = options.connections ?? 50;
  const duration = options.durationSeconds ?? 10;
  const bodies = (options.jsonBodies ?? (options.jsonBody === undefined ? [] : [options.jsonBody])).map((b) =>
    JSON.stringify(b),
  );
  const headers = Object.entries({
    ...options.headers,
    ...(bodies.length > 0 && { 'content-type': 'application/json' }),
  });
  if (WRK) return wrk(url, connections, duration, headers, bodies, options.countMatching);
  // autocannon's CLI sends one body and cannot look into answers: a measurement that needs either is
  // not quietly made of another workload.
  if (bodies.length > 1 || options.countMatching !== undefined)
    throw new Error(`${url}: rotating bodies and counting answers need wrk (apt-get install wrk)`);
  return autocannon(url, connections, duration, headers, bodies[0]);
}

/** How many times `inTurns` runs each row (BENCH_ROUNDS, default 3). */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/**
 * Runs every row once as a warm-up, then `rounds` times in turn (A B C, A B C, …), and keeps each
 * row's median run (by req/s). This machine's speed drifts by tens of percent between minutes; in
 * turns, a drift hits every row alike, so the ratios between rows hold where single runs did not.
 */
export async function inTurns(rows: Array<() => Promise<LoadResult>>, rounds = ROUNDS): Promise<LoadResult[]> {
  return (await runsInTurns(rows, rounds)).map(medianRun);
}

/** As inTurns, but every run: per row, its runs in round order (for ratios within a round). */
export async function runsInTurns(rows: Array<() => Promise<LoadResult>>, rounds = ROUNDS): Promise<LoadResult[][]> {
  for (const row of rows) await row();
  const runs: LoadResult[][] = rows.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, row] of rows.entries()) runs[i].push(await row());
  }
  return runs;
}

/** A row's median run by req/s. */
export function medianRun(runs: LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)];
}

/**
 * `a`'s rate over `b`'s within each round, and their median: the two rows of a round ran a few
 * seconds apart, so a drift of the machine's speed between rounds cancels out of each ratio, where
 * it stays in the ratio of the two rows' medians (their median runs may come from different rounds).
 */
export function roundRatios(a: LoadResult[], b: LoadResult[]): { each: number[]; median: number } {
  const each = a.map((run, i) => run.rps / b[i].rps);
  const sorted = [...each].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { each, median };
}

export const loadGenerator = (): string => (WRK ? 'wrk' : 'autocannon (own process)');

async function wrk(
  url: string,
  connections: number,
  duration: number,
  headers: [string, string][],
  bodies: string[],
  countMatching?: string,
): Promise<LoadResult> {
  const script = bodies.length === 0 && countMatching === undefined ? [] : ['-s', wrkScript(bodies, countMatching)];
  const args = [
    '-t2',
    `-c${connections}`,
    `-d${duration}s`,
    '--latency',
    ...script,
    ...headers.flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  const { stdout } = await run(WRK!, args, url);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(stdout) ?? /Socket errors: .*/.exec(stdout);
  if (bad) throw new Error(`${url}: ${bad[0]}`);
  const matched = /^matched (\d+)$/m.exec(stdout);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]),
    p50: percentile(stdout, '50%'),
    p99: percentile(stdout, '99%'),
    ...(matched && { matched: Number(matched[1]) }),
  };
}

/** wrk prints `99%    4.12ms` (or us / s) under "Latency Distribution". */
function percentile(out: string, label: string): number {
  const match = new RegExp(`\\s${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
  if (!match) throw new Error(`wrk output has no ${label} latency`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/**
 * wrk sends a body, or several in turn, only from a Lua script; counting answers needs one too. Each
 * wrk thread runs its own Lua state, so `done` adds up what every thread counted.
 */
function wrkScript(bodies: string[], countMatching?: string): string {
  const literals = bodies.map((body) => JSON.stringify(body));
  const lua: string[] = [];
  if (literals.length === 1) lua.push('wrk.method = "POST"', `wrk.body = ${literals[0]}`);
  else if (literals.length > 1)
    lua.push(
      'wrk.method = "POST"',
      `local bodies = {${literals.join(', ')}}`,
      'local n = 0',
      'request = function()',
      '  n = n % #bodies + 1',
      '  return wrk.format(nil, nil, nil, bodies[n])',
      'end',
    );
  if (countMatching !== undefined)
    lua.push(
      'local threads = {}',
      'matched = 0',
      'function setup(thread) table.insert(threads, thread) end',
      `local needle = ${JSON.stringify(countMatching)}`,
      'response = function(status, headers, body)',
      '  if body and body:find(needle, 1, true) then matched = matched + 1 end',
      'end',
      'done = function()',
      '  local total = 0',
      '  for _, thread in ipairs(threads) do total = total + thread:get("matched") end',
      '  io.write("matched " .. total .. "\\n")',
      'end',
    );
  const path = join(tmpdir(), `wrk-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(path, lua.join('\n') + '\n');
  return path;
}

async function autocannon(
  url: string,
  connections: number,
  duration: number,
  headers: [string, string][],
  body?: string,
): Promise<LoadResult> {
  const cli = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const post = body === undefined ? [] : ['-m', 'POST', '-b', body];
  const args = [
    cli,
    '-j',
    '-c',
    String(connections),
    '-d',
    String(duration),
    ...post,
    ...headers.flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    url,
  ];
  const { stdout } = await run(process.execPath, args, url);
  const result = JSON.parse(stdout) as {
    non2xx: number;
    errors: number;
    requests: { average: number };
    latency: { p50: number; p99: number };
  };
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
/** The AsyncResource#bind fix every app installs in runMain (lean-bind.preload.ts). */
const LEAN_BIND = [...TS_NODE, '-r', join(__dirname, 'lean-bind.preload.ts')];

/** An answer as the gateway sent it, for the bare server to send as it is (see bare-fastify.js). */
export interface RecordedAnswer {
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The bare Fastify ceiling in its own process; resolves with its URL and a stop function. As
 * installed, unless `leanBind`: then with the apps' AsyncResource#bind fix, which changes what a
 * request with a body costs (a GET never binds). With `answer`, its `answerUrl` sends that answer
 * (recordAnswer) rather than a hello.
 */
export async function startBareFastify(
  options: { leanBind?: boolean; answer?: RecordedAnswer } = {},
): Promise<{ url: string; answerUrl: string; stop: () => void }> {
  const preload = options.leanBind ? LEAN_BIND : [];
  const env = options.answer && { BARE_ANSWER: JSON.stringify(options.answer) };
  const server = await startServerProcess('bare Fastify', [...preload, join(__dirname, 'bare-fastify.js')], env);
  return { ...server, answerUrl: `${server.url}answer` };
}

/**
 * What `url` answers to a GET with `headers`: the headers the server chose (not those Node adds to
 * every answer: date, connection, keep-alive, content-length; nor `x-request-id`, which the bare
 * server makes for each request) and the parsed JSON body.
 */
export async function recordAnswer(url: string, headers: Record<string, string>): Promise<RecordedAnswer> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  const chosen: Record<string, string> = {};
  const added = new Set(['date', 'connection', 'keep-alive', 'content-length', 'x-request-id']);
  res.headers.forEach((value, name) => {
    if (!added.has(name)) chosen[name] = value;
  });
  return { headers: chosen, body: await res.json() };
}

/**
 * An empty Nest app on the gateway's adapter and ValidationPipe (bare-nest.ts), with the apps'
 * AsyncResource#bind fix: the framework floor.
 */
export function startBareNest(): Promise<{ url: string; stop: () => void }> {
  return startServerProcess('bare Nest', [...LEAN_BIND, join(__dirname, 'bare-nest.ts')]);
}

const EXIT_WITH_PARENT = join(__dirname, 'exit-with-parent.js');

/**
 * A server in a process of its own (node with `args`) that prints its port once listening, and exits
 * with the benchmark (exit-with-parent.js).
 */
export async function startServerProcess(
  what: string,
  args: string[],
  env?: Record<string, string>,
): Promise<{ url: string; port: string; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, ['-r', EXIT_WITH_PARENT, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: env && { ...process.env, ...env },
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, port, stop: () => child.kill('SIGTERM') };
}
