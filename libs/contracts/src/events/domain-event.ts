/**
 * Every durable domain event on the bus has this envelope; it is also the webhook payload
 * (DESIGN §3). `data` never holds a password, hash or token.
 */
export interface DomainEvent<TData = Record<string, unknown>> {
  id: string;
  type: string;
  occurredAt: string;
  subject: { type: 'user' | 'session' | 'agent' | 'api_key' | 'webhook' | 'system'; id: string };
  actor?: { type: 'user' | 'agent' | 'system'; id: string };
  data: TData;
  /** Where the request came from, for the audit trail. */
  meta?: { ip?: string; userAgent?: string; requestId?: string };
}
