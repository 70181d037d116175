import { ChildProcess, spawn } from 'child_process';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/**
 * A Redis server of the test's own, without persistence, for tests that flush or restart Redis:
 * the run's shared Redis is never flushed (other suites use it at the same time). Needs
 * `redis-server` on the PATH, as the run's own Redis does.
 */
export class OwnRedis {
  private child?: ChildProcess;
  private exit?: Promise<void>;
  private port?: number;

  get url(): string {
    if (!this.port) throw new Error('OwnRedis is not started');
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (on the same port as before, after a `stop`), empty, and waits until it answers. */
  async start(): Promise<this> {
    this.port ??= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    this.exit = new Promise((resolve) => child.on('exit', () => resolve()));
    await waitFor(() => this.ping(), { timeoutMs: 10_000, intervalMs: 50, what: `redis-server on port ${this.port}` });
    return this;
  }

  /** Stops the server; everything it held is gone (no persistence), as after a crash. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
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
