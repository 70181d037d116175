/**
 * The deployment's Redis Cluster hash tag: every key a multi-key script or transaction touches
 * carries it, so all of them live in one slot (the bus's dead-letter MULTI, the heartbeat script,
 * and lockout's script that appends to the events stream). The prefix may not hold braces.
 */
export const slotTag = (prefix: string) => `{${prefix}}`;

/**
 * Every Redis key the bus touches, in one place.
 * - `{<prefix>}:bus:rpc:<service>`   requests for one service; its replicas share one consumer group.
 * - `{<prefix>}:bus:events`          every domain event; each consuming service has its own group.
 * - `{<prefix>}:bus:dead:<service>`  messages no redelivery will fix, kept for inspection.
 * - `<prefix>:bus:reply:<client>`    pub/sub channel where one client instance receives its replies (no slot).
 * - `{<prefix>}:bus:alive:<group>:<consumer>`  a consumer's heartbeat (short TTL): gone means dead.
 */
export const streamKeys = {
  rpc: (prefix: string, service: string) => `${slotTag(prefix)}:bus:rpc:${service}`,
  events: (prefix: string) => `${slotTag(prefix)}:bus:events`,
  deadLetter: (prefix: string, service: string) => `${slotTag(prefix)}:bus:dead:${service}`,
  replyChannel: (prefix: string, clientId: string) => `${prefix}:bus:reply:${clientId}`,
  alive: (prefix: string, group: string, consumer: string) => `${slotTag(prefix)}:bus:alive:${group}:${consumer}`,
};
