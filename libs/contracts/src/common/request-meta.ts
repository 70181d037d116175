/**
 * Who was asking, as the gateway saw it: what an event's `meta` records for the audit trail and
 * webhooks. It is not in any payload: services read it from the request context the bus restores.
 */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}
