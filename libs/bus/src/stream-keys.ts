/**
 * Every Redis key the bus touches, in one place.
 * - `<prefix>:bus:rpc:<service>`   requests for one service; its replicas share one consumer group.
 * - `<prefix>:bus:events`          every domain event; each consuming service has its own group.
 * - `<prefix>:bus:dead:<service>`  messages that failed too often, kept for inspection.
 * - `<prefix>:bus:reply:<client>`  pub/sub channel where one client instance receives its replies.
 * - `<prefix>:bus:alive:<group>:<consumer>`  a consumer's heartbeat (short TTL): gone means dead.
 */
export const streamKeys = {
  rpc: (prefix: string, service: string) => `${prefix}:bus:rpc:${service}`,
  events: (prefix: string) => `${prefix}:bus:events`,
  deadLetter: (prefix: string, service: string) => `${prefix}:bus:dead:${service}`,
  replyChannel: (prefix: string, clientId: string) => `${prefix}:bus:reply:${clientId}`,
  alive: (prefix: string, group: string, consumer: string) => `${prefix}:bus:alive:${group}:${consumer}`,
};
