import { ChildProcess, spawn } from 'child_process';
import { createInterface } from 'readline';

export interface LaunchSpec {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const COLORS = [36, 32, 33, 35, 34, 91, 96];

/**
 * Runs every app in the foreground with prefixed output. Children get their own process group, so
 * Ctrl-C reaches them once — from here, as SIGTERM — and they drain gracefully instead of seeing
 * the terminal's SIGINT and a forwarded signal back to back. A second Ctrl-C signals them again,
 * which makes them exit at once. If one app dies on its own, everything stops with an error.
 * (concurrently was tried: it re-forwards npm's copy of the signal, which forces that second case.)
 */
export function launch(specs: LaunchSpec[], cwd: string): Promise<number> {
  const width = Math.max(...specs.map((s) => s.name.length));
  const running = new Map<string, ChildProcess>();
  let stopping = false;
  let exitCode = 0;

  return new Promise((resolve) => {
    const stopAll = (code: number) => {
      if (stopping) {
        running.forEach((child) => child.kill('SIGTERM'));
        return;
      }
      stopping = true;
      exitCode = code;
      running.forEach((child) => child.kill('SIGTERM'));
    };
    specs.forEach((spec, i) => {
      const label = `\x1b[${COLORS[i % COLORS.length]}m${spec.name.padEnd(width)}\x1b[0m |`;
      const child = spawn(process.execPath, spec.args, {
        cwd,
        env: spec.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.set(spec.name, child);
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label} ${line}\n`));
      }
      child.on('exit', (code, signal) => {
        running.delete(spec.name);
        if (!stopping) {
          process.stdout.write(`${label} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything\n`);
          stopAll(1);
        }
        if (running.size === 0) resolve(exitCode);
      });
    });
    process.on('SIGINT', () => stopAll(0));
    process.on('SIGTERM', () => stopAll(0));
  });
}
