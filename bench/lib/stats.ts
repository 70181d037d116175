/** Latency samples in ms → the figures the benchmarks print. */
export function summarize(
  samplesMs: number[],
  wallMs: number,
): { p50: number; p99: number; perSecond: number; count: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), perSecond: (sorted.length / wallMs) * 1000, count: sorted.length };
}

/** Runs `op` `total` times with `concurrency` in flight; returns per-op latencies and wall time. */
export async function runLoad(
  op: () => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < total) {
      issued++;
      const t0 = performance.now();
      await op();
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, wallMs: performance.now() - started };
}

export function row(label: string, s: ReturnType<typeof summarize>): string {
  return `| ${label.padEnd(34)} | ${s.p50.toFixed(3).padStart(8)} | ${s.p99.toFixed(3).padStart(8)} | ${(s.perSecond < 100 ? s.perSecond.toFixed(1) : Math.round(s.perSecond).toString()).padStart(9)} |`;
}

export const HEADER = `| ${'what'.padEnd(34)} | ${'p50 ms'.padStart(8)} | ${'p99 ms'.padStart(8)} | ${'per sec'.padStart(9)} |\n|${'-'.repeat(36)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(11)}|`;
