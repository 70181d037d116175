/** Who is asking, as the gateway saw it; carried into sessions, events and the audit trail. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}
