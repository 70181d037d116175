import { join } from 'path';
import { AppProcess, httpOk, REPO_ROOT } from './app-process';
import { freePort } from './free-port';
import { TestEnv } from './test-env';

export const PLATFORM_APPS = [
  'gateway',
  'auth',
  'user',
  'token',
  'security',
  'agent-capability',
  'webhook-dispatcher',
] as const;
export type PlatformApp = (typeof PLATFORM_APPS)[number];

/**
 * Test processes make many logins and registrations from 127.0.0.1, far beyond the gateway's tight
 * per-IP defaults; a test of the limiter itself sets its own lower limits in extraEnv.
 */
const TEST_RATE_LIMITS = {
  RATE_LIMIT_REGISTER: '100000/60',
  RATE_LIMIT_LOGIN: '100000/60',
  RATE_LIMIT_REFRESH: '100000/60',
  RATE_LIMIT_CHANGE_PASSWORD: '100000/60',
  // The tier limits (per IP, user, key, global) would refuse a suite's many requests from 127.0.0.1; the tests of those limits turn them on.
  RATE_LIMIT_TIERS: 'false',
};

const entryOf = (app: string) => join(REPO_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

/** The whole system as real processes (built by the test run's global setup), on free ports. */
export class Platform {
  readonly processes = new Map<string, AppProcess>();
  private ports = new Map<string, number>();

  constructor(
    readonly env: TestEnv,
    private readonly extraEnv: Record<string, string> = {},
    /** Node flags for every app process, e.g. `--cpu-prof` when a benchmark profiles the apps. */
    private readonly nodeArgs: string[] = [],
  ) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.get('gateway')}`;
  }

  /** Where an app serves /health/ready and /metrics (the gateway: its own ops port, not the public one). */
  opsUrl(label: string): string {
    return `http://127.0.0.1:${this.ports.get(label.startsWith('gateway') ? `${label}:ops` : label)}`;
  }

  /** Starts every app (or the ones named), each under `<app>` or a replica label like `gateway#2`. */
  async start(apps: readonly string[] = PLATFORM_APPS): Promise<this> {
    await Promise.all(apps.map((label) => this.startOne(label)));
    return this;
  }

  async startOne(label: string, env: Record<string, string> = {}): Promise<AppProcess> {
    const app = label.split('#')[0];
    const port = this.ports.get(label) ?? (await freePort());
    this.ports.set(label, port);
    const ports: Record<string, string> =
      app === 'gateway'
        ? { PORT: String(port), OPS_PORT: String(await this.portFor(`${label}:ops`)) }
        : { OPS_PORT: String(port) };
    const proc = new AppProcess({
      name: label,
      args: [...this.nodeArgs, entryOf(app)],
      env: {
        ...this.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        OPS_HOST: '127.0.0.1',
        ...TEST_RATE_LIMITS,
        ...ports,
        ...this.extraEnv,
        ...env,
      },
      ready: () => httpOk(`http://127.0.0.1:${port}/health`),
    });
    this.processes.set(label, proc);
    return proc.start();
  }

  private async portFor(key: string): Promise<number> {
    const port = this.ports.get(key) ?? (await freePort());
    this.ports.set(key, port);
    return port;
  }

  urlOf(label: string): string {
    return `http://127.0.0.1:${this.ports.get(label)}`;
  }

  process(label: string): AppProcess {
    const proc = this.processes.get(label);
    if (!proc) throw new Error(`${label} was not started`);
    return proc;
  }

  /** Stops everything with SIGTERM and returns each app's exit code. */
  async stop(): Promise<Record<string, number | null>> {
    const codes = await Promise.all(
      [...this.processes].map(async ([label, proc]) => [label, await proc.stop('SIGTERM')] as const),
    );
    return Object.fromEntries(codes);
  }

  /** Every app's recent output, for a failure message or a no-secrets-in-logs check. */
  logs(): string {
    return [...this.processes].map(([label, proc]) => `--- ${label} ---\n${proc.logs()}`).join('\n');
  }
}
