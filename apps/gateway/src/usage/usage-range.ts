import { BUCKET_MS } from './usage-rollup';

const DAY_MS = 86_400_000;

/** A half-open range [from, to) of hourly buckets. */
export interface HourRange {
  from: Date;
  to: Date;
}

/** A half-open range [from, to) of UTC days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

/** Where the rollups of a query range are read: whole UTC days from the daily table, the ragged edges by the hour. */
export interface RollupRanges {
  hours: HourRange[];
  days: DayRange | null;
}

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The hourly buckets a query covers are those from `from`'s hour up to any that starts before
 * `to`: [floor(from), ceil(to)) in hours. Every UTC day lying wholly inside that is read as one
 * daily row per key, the hours before and after it as hourly rows; the sums are the same either way.
 */
export function splitRange(from: Date, to: Date): RollupRanges {
  const first = floorTo(from.getTime(), BUCKET_MS);
  const end = ceilTo(to.getTime(), BUCKET_MS);
  const firstDay = ceilTo(first, DAY_MS);
  const endDay = floorTo(end, DAY_MS);
  if (firstDay >= endDay)
    return { hours: first < end ? [{ from: new Date(first), to: new Date(end) }] : [], days: null };
  const hours: HourRange[] = [];
  if (first < firstDay) hours.push({ from: new Date(first), to: new Date(firstDay) });
  if (endDay < end) hours.push({ from: new Date(endDay), to: new Date(end) });
  return { hours, days: { from: dayOf(firstDay), to: dayOf(endDay) } };
}
