import { OwnerAuthority, OwnerStanding } from '../../src/owners/owner-authority';

/**
 * Owner standings from a table the test sets. Owners it was not told about hold scope-all, so
 * tests about something else need not set up their admins; `lookups` counts questions asked.
 */
export class FakeOwnerAuthority extends OwnerAuthority {
  readonly standings = new Map<string, OwnerStanding>();
  readonly forgotten: string[] = [];
  lookups = 0;

  async standingOf(userId: string): Promise<OwnerStanding> {
    this.lookups += 1;
    return this.standings.get(userId) ?? 'all';
  }

  forget(userId: string): void {
    this.forgotten.push(userId);
  }
}
