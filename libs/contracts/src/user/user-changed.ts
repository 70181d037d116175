/**
 * Broadcast to every gateway replica when anything a cached user view shows has changed (profile,
 * roles, active flag), so `/auth/me` can be answered from memory and still never be stale for long.
 */
export const USER_CHANGED_TOPIC = 'user-changed';

export interface UserChanged {
  userId: string;
}
