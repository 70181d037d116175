import { execFileSync } from 'child_process';
import { existsSync } from 'fs';

/** One row of a benchmark's markdown table: its label and its figures, in the table's order. */
export type Rows = Map<string, number[]>;

/**
 * The same benchmark, run from another checkout (BENCH_BEFORE, e.g. a worktree of the commit
 * before a change, with node_modules linked in), one run after the other on the same machine: its
 * own apps, key formats and wire formats. Its markdown table is read back for the before/after lines.
 */
export function runBefore(script: string, env: Record<string, string> = {}): Rows | undefined {
  const dir = process.env.BENCH_BEFORE;
  if (!dir || !existsSync(dir)) return undefined;
  const out = execFileSync('npm', ['run', '--silent', script], {
    cwd: dir,
    env: { ...process.env, ...env, BENCH_BEFORE: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rows: Rows = new Map();
  for (const line of out.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || cells[1] === 'what' || cells[1].startsWith('---')) continue;
    const figures = cells.slice(2, -1).map(Number);
    if (figures.every((n) => Number.isFinite(n))) rows.set(cells[1], figures);
  }
  return rows;
}

const change = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;

/** `label: name a → b (±x %), …` for the named columns both runs have. */
export function compareLine(label: string, columns: string[], before: number[], after: number[]): string {
  const parts = columns.map((name, i) => `${name} ${before[i]} → ${after[i]} (${change(before[i], after[i])})`);
  return `${label}: ${parts.join(', ')}`;
}

/** The before → after lines for every row of this run that the earlier run also has. */
export function printBeforeAfter(before: Rows | undefined, after: Rows, columns: string[]): void {
  if (!before) return;
  console.log(`\nBefore (${process.env.BENCH_BEFORE}) → after (this checkout), run one after the other:`);
  for (const [label, figures] of after) {
    const then = before.get(label);
    if (then) console.log(compareLine(label, columns, then, figures));
  }
}
