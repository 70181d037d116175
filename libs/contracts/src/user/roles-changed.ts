/**
 * Broadcast by the user app after the role → permission table changed (its catalog is the one
 * source; it reloads its own copy before announcing). Every holder of a derived copy — the gateway's
 * user views, the webhook dispatcher's owner standings, other user-app replicas — drops it on this
 * message and on every resubscription, so a change is seen everywhere within the broadcast's latency.
 */
export const ROLES_CHANGED_TOPIC = 'roles-changed';

export interface RolesChanged {
  /** Epoch milliseconds of the change, for logs. */
  at: number;
}
