import { execFileSync } from 'child_process';
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

/** CPU time (user and system, every thread) one process has used, from /proc/<pid>/stat; null when unreadable. */
export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name, in parentheses, may hold spaces; utime and stime are the 12th and 13th
  // fields after it (the 14th and 15th of the line).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** The processes whose name is exactly `name` (`pgrep -x`), e.g. PostgreSQL's backends; none off Linux. */
export function pidsNamed(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts a meter over named groups of processes (an app, or every PostgreSQL backend); calling it
 * gives each group's CPU ms since then. Where a request's CPU goes across processes says more
 * than its rate about a path of several hops. A process that starts after the meter is not counted.
 */
export function processCpuMeter(groups: Record<string, number[]>): () => Record<string, number> {
  const before = new Map(Object.values(groups).flatMap((pids) => pids.map((pid) => [pid, processCpuMs(pid)] as const)));
  // A process gone since the start (null now) counts nothing rather than a negative share.
  const spent = (pid: number) => {
    const [start, now] = [before.get(pid), processCpuMs(pid)];
    return start == null || now === null ? 0 : now - start;
  };
  return () =>
    Object.fromEntries(
      Object.entries(groups).map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + spent(pid), 0)]),
    );
}

/**
 * Waits until the machine is nearly idle (under a fifth of one core busy over half a second), or
 * `deadlineMs` passes: work a row left behind (audit jobs of the grants it made, say) would
 * otherwise run during the next row and be counted against it. Resolves with whether it settled.
 */
export async function untilQuiet(deadlineMs = 60_000): Promise<boolean> {
  const windowMs = 500;
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const busy = machineCpuMeter();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const spent = busy();
    if (spent === null) return false;
    if (spent < windowMs / 5) return true;
  }
  return false;
}
