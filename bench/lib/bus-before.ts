import { execFileSync } from 'child_process';
import { existsSync } from 'fs';

export interface Figures {
  p50: number;
  perSecond: number;
}

/**
 * The same benchmark, run from another checkout (BUS_BENCH_BEFORE, e.g. a worktree of the commit
 * before a bus change, with node_modules linked in): its own client and server, so key formats
 * and wire formats match. Its table is read back for the before/after lines.
 */
export function runBefore(dir: string | undefined, requests: number): Map<string, Figures> | undefined {
  if (!dir || !existsSync(dir)) return undefined;
  const out = execFileSync('npm', ['run', '--silent', 'bench:bus'], {
    cwd: dir,
    env: { ...process.env, REQUESTS: String(requests), BUS_BENCH_BEFORE: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures = new Map<string, Figures>();
  for (const line of out.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1].startsWith('bus RPC')) continue;
    figures.set(cells[1], { p50: Number(cells[2]), perSecond: Number(cells[4]) });
  }
  return figures;
}

export function compareLine(label: string, before: Figures, after: Figures): string {
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
  return `${label}: p50 ${before.p50} → ${after.p50} ms (${pct(before.p50, after.p50)}), ${before.perSecond} → ${after.perSecond}/s (${pct(before.perSecond, after.perSecond)})`;
}
