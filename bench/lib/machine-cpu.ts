import { readFileSync } from 'fs';

/** /proc/stat counts in USER_HZ ticks, 100 a second on every Linux architecture Node runs on. */
const MS_PER_TICK = 10;

/**
 * Busy CPU time of the whole machine (every process: the apps, PostgreSQL, Redis, the benchmark
 * itself), from /proc/stat. Wall-clock throughput on a shared 2-core machine swings by a third from
 * run to run; CPU spent per unit of work swings far less, so it is printed beside it to compare two
 * designs. Null where /proc/stat is not there (not Linux).
 */
export function machineBusyMs(): number | null {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle, iowait and steal.
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) * MS_PER_TICK;
}

/** Starts a meter; calling it gives the machine's busy CPU ms since then (null off Linux). */
export function machineCpuMeter(): () => number | null {
  const before = machineBusyMs();
  return () => {
    const now = machineBusyMs();
    return before === null || now === null ? null : now - before;
  };
}
