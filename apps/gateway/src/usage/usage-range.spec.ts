import { splitRange } from './usage-range';

const at = (iso: string) => new Date(iso);
const hours = (from: string, to: string) => ({ from: at(from), to: at(to) });

describe('splitRange', () => {
  it('reads a range within one day by the hour, from its first hour to the last one started before `to`', () => {
    expect(splitRange(at('2026-10-15T03:20:00Z'), at('2026-10-15T17:00:01Z'))).toEqual({
      hours: [hours('2026-10-15T03:00:00Z', '2026-10-15T18:00:00Z')],
      days: null,
    });
  });

  it('reads a range crossing midnight but holding no whole day by the hour', () => {
    expect(splitRange(at('2026-10-15T20:00:00Z'), at('2026-10-16T05:30:00Z'))).toEqual({
      hours: [hours('2026-10-15T20:00:00Z', '2026-10-16T06:00:00Z')],
      days: null,
    });
  });

  it('reads a day-aligned range from the daily rollups only', () => {
    expect(splitRange(at('2026-10-01T00:00:00Z'), at('2026-10-31T00:00:00Z'))).toEqual({
      hours: [],
      days: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect(splitRange(at('2026-10-15T00:00:00Z'), at('2026-10-16T00:00:00Z'))).toEqual({
      hours: [],
      days: { from: '2026-10-15', to: '2026-10-16' },
    });
  });

  it('reads whole days daily and the partial days at both ends by the hour', () => {
    expect(splitRange(at('2026-10-01T22:15:00Z'), at('2026-10-05T02:00:00Z'))).toEqual({
      hours: [
        hours('2026-10-01T22:00:00Z', '2026-10-02T00:00:00Z'),
        hours('2026-10-05T00:00:00Z', '2026-10-05T02:00:00Z'),
      ],
      days: { from: '2026-10-02', to: '2026-10-05' },
    });
  });

  it('counts a day as whole when `to` falls inside its last hour', () => {
    expect(splitRange(at('2026-10-15T00:59:00Z'), at('2026-10-15T23:00:01Z'))).toEqual({
      hours: [],
      days: { from: '2026-10-15', to: '2026-10-16' },
    });
  });

  it('splits at UTC midnight whatever offset the dates were written with', () => {
    expect(splitRange(at('2026-10-15T00:00:00+02:00'), at('2026-10-17T00:00:00+02:00'))).toEqual({
      hours: [
        hours('2026-10-14T22:00:00Z', '2026-10-15T00:00:00Z'),
        hours('2026-10-16T00:00:00Z', '2026-10-16T22:00:00Z'),
      ],
      days: { from: '2026-10-15', to: '2026-10-16' },
    });
  });
});
