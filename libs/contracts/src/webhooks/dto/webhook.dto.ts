import { PageRequest } from '../../common/page';

/**
 * Who is asking, as the gateway established it from the access token. Every webhook request carries
 * it so the dispatcher enforces ownership itself: a non-admin sees only their own subscriptions
 * (anyone else's id answers WEBHOOK_NOT_FOUND, never 403, so ids cannot be probed).
 */
export interface WebhookOwner {
  userId: string;
  isAdmin: boolean;
}

/** `own`: events whose subject or actor is the owner. `all`: every event (admins only). */
export type WebhookScope = 'own' | 'all';

/**
 * Why a subscription stopped receiving: the receiver answered 410, failed for too long, or (a
 * scope-all subscription) its owner no longer holds `webhooks:scope-all` (demoted or disabled).
 */
export type WebhookDisabledReason = 'gone' | 'failing' | 'owner_unauthorized';

/** A subscription as clients see it: never the secret (only create and rotateSecret return that). */
export interface WebhookDto {
  id: string;
  ownerUserId: string;
  url: string;
  /** Exact types, `prefix.*` families, or `*`. */
  events: string[];
  description: string | null;
  scope: WebhookScope;
  isActive: boolean;
  disabledReason: WebhookDisabledReason | null;
  /** Start of the current run of failed attempts; cleared by any success. */
  failingSince: string | null;
  /** Until then, deliveries also carry a signature made with the secret before the last rotation. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `secret` is `whsec_<base64 of 32 bytes>`, shown once. */
export interface WebhookWithSecret extends WebhookDto {
  secret: string;
}

/** WEBHOOK_INVALID (details.errors), WEBHOOK_URL_FORBIDDEN, WEBHOOK_SCOPE_FORBIDDEN. */
export interface CreateWebhookRequest {
  owner: WebhookOwner;
  url: string;
  events: string[];
  description?: string | null;
  scope?: WebhookScope;
}

/** One subscription, addressed by its owner (or an admin). */
export interface WebhookRef {
  owner: WebhookOwner;
  id: string;
}

/** Newest first; admins list everyone's. Page defaults to 1, limit to 20 (at most 100). */
export interface ListWebhooksRequest extends Partial<PageRequest> {
  owner: WebhookOwner;
}

/** Only the fields given change. `isActive: true` re-enables a disabled subscription. */
export interface UpdateWebhookRequest extends WebhookRef {
  url?: string;
  events?: string[];
  description?: string | null;
  scope?: WebhookScope;
  isActive?: boolean;
}

export interface TestWebhookReply {
  eventId: string;
  deliveryId: string;
}
