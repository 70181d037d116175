import { ChildProcess, spawn } from 'child_process';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface OwnRedisOptions {
  /** A fixed port (so its URL is known before it starts); a free one is picked otherwise. */
  port?: number;
  /**
   * Keep an append-only file in this folder, as production Redis must: a SIGTERM restart then loses
   * nothing. Without it the server keeps nothing, and every stop is a total loss.
   */
  appendOnlyDir?: string;
}

/**
 * A Redis server of the test's (or benchmark's) own, for work that flushes or restarts Redis: the
 * run's shared Redis is never touched (other suites use it at the same time). Needs `redis-server`
 * on the PATH, as the run's own Redis does.
 */
export class OwnRedis {
  private child?: ChildProcess;
  private exit?: Promise<void>;
  private port?: number;

  constructor(private readonly options: OwnRedisOptions = {}) {
    this.port = options.port;
  }

  get url(): string {
    if (!this.port) throw new Error('OwnRedis is not started');
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (on the same port as before, after a `stop`) and waits until it answers. */
  async start(): Promise<this> {
    this.port ??= await freePort();
    const persistence = this.options.appendOnlyDir
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.options.appendOnlyDir]
      : ['--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.exit = new Promise((resolve) => child.on('exit', () => resolve()));
    await waitFor(() => this.ping(), { timeoutMs: 10_000, intervalMs: 50, what: `redis-server on port ${this.port}` });
    return this;
  }

  /**
   * Stops the server. SIGKILL (the default) is a crash; SIGTERM lets Redis flush its append-only
   * file first. Without one, everything it held is gone either way.
   */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill(signal);
    await this.exit;
  }

  /** A crash and a fresh start on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // refused until it is up: that is what is being polled for
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
