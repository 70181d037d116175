import { ChildProcess, spawn } from 'child_process';
import { appendFileSync } from 'fs';
import { join } from 'path';
import { waitFor } from './wait-for';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface AppProcessOptions {
  /** Label used in failure messages. */
  name: string;
  /** Arguments to `node` (an entry file, maybe with -r hooks). */
  args: string[];
  env: Record<string, string>;
  /** Resolves once the process is ready to work (e.g. its /health answers). */
  ready: (proc: AppProcess) => Promise<boolean> | boolean;
  readyTimeoutMs?: number;
}

/**
 * A real app started as a child process, as in production: tests stop it with SIGTERM (graceful)
 * or SIGKILL (crash) and read its output when something fails.
 */
export class AppProcess {
  private child?: ChildProcess;
  private output: string[] = [];
  private exit?: Promise<number | null>;
  /** Set when a test stops the app: any other exit is a crash worth reporting. */
  private stopping = false;

  constructor(readonly options: AppProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    const child = spawn(process.execPath, this.options.args, {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_FORMAT: 'json', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // PORTCULLIS_TEST_APP_LOGS=<dir>: every app's whole output also goes to <dir>/<name>.log, for debugging a run.
    const logDir = process.env.PORTCULLIS_TEST_APP_LOGS;
    const keep = (chunk: Buffer) => {
      if (logDir) appendFileSync(join(logDir, `${this.options.name}.log`), chunk);
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.stopping = false;
    this.exit = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        // An app dying on its own mid-suite otherwise shows only as timeouts in later tests.
        if (!this.stopping) console.error(this.crashReport(code, signal));
        resolve(code);
      }),
    );
    // A crash during start fails at once with the output, instead of waiting out the ready timeout.
    const crashed = this.exit.then((code) => {
      throw new Error(`${this.options.name} exited (code ${code}) during start:\n${this.logs()}`);
    });
    const ready = waitFor(() => this.options.ready(this), {
      timeoutMs: this.options.readyTimeoutMs ?? 30_000,
      intervalMs: 100,
      what: `${this.options.name} to be ready`,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.options.name} output ---\n${this.logs()}`);
    });
    crashed.catch(() => undefined);
    await Promise.race([ready, crashed]);
    return this;
  }

  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    if (!this.child || !this.exit) return null;
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  logs(): string {
    return this.output.join('');
  }

  private crashReport(code: number | null, signal: NodeJS.Signals | null): string {
    const tail = this.logs().split('\n').slice(-40).join('\n');
    return `${this.options.name} (pid ${this.pid}) exited on its own: code ${code}, signal ${signal}; its last output:\n${tail}`;
  }

  /** The recent JSON log lines (pino, LOG_FORMAT=json), parsed; other output is skipped. */
  logLines(): Array<Record<string, unknown>> {
    return this.logs()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }
}

/** Resolves true when `url` answers 200. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}
