/** A quota refills whole at the start of each UTC day or month (not continuously, unlike a rate). */
export type QuotaRefill = 'daily' | 'monthly';

export interface QuotaPeriod {
  /** Names the period in counter keys (`2026-11-28`, `2026-11`), so a new period starts from zero. */
  id: string;
  startsAtMs: number;
  endsAtMs: number;
}

/** The quota period that holds `nowMs`. */
export function quotaPeriod(refill: QuotaRefill, nowMs: number): QuotaPeriod {
  const d = new Date(nowMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (refill === 'daily') {
    const startsAtMs = Date.UTC(y, m, d.getUTCDate());
    return { id: new Date(startsAtMs).toISOString().slice(0, 10), startsAtMs, endsAtMs: startsAtMs + 86_400_000 };
  }
  const startsAtMs = Date.UTC(y, m, 1);
  return { id: new Date(startsAtMs).toISOString().slice(0, 7), startsAtMs, endsAtMs: Date.UTC(y, m + 1, 1) };
}
