/** The permission that lets a subscription receive everyone's events (seeded for admin and above). */
export const SCOPE_ALL_PERMISSION = 'webhooks:scope-all';

/**
 * What a subscription owner may receive right now: everyone's events (`all`: an active user holding
 * webhooks:scope-all), only their own (`own`), or nothing, because the account is gone.
 */
export type OwnerStanding = 'all' | 'own' | 'gone';

/**
 * The owners' current authority, as the user app says. Fan-out asks it for the owners of scope-all
 * subscriptions in every batch, so answers are cached (see bus-owner-authority.ts) and dropped when
 * the user app announces a change, never looked up per event.
 */
export abstract class OwnerAuthority {
  abstract standingOf(userId: string): Promise<OwnerStanding>;

  /** Forgets what is known of the user: the next question asks the user app again. */
  abstract forget(userId: string): void;

  /** Which of these users may receive everyone's events now. */
  async holdersOf(userIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(userIds)];
    const standings = await Promise.all(unique.map((id) => this.standingOf(id)));
    return new Set(unique.filter((_, i) => standings[i] === 'all'));
  }
}
