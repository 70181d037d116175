/**
 * An answer that rests on a stale cache (a key verified earlier, a user view loaded earlier, while
 * the token or user app cannot be reached) says so. Whatever used the cache marks the request's
 * context (`markAnswerDegraded`); the gateway's onSend hook answers with this header.
 */
export const DEGRADED_HEADER = 'X-Portcullis-Degraded';
