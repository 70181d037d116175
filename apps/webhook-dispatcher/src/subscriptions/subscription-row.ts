import { WebhookDisabledReason, WebhookScope } from '@portcullis/contracts';
import { SubscriptionRecord } from './subscription.repository';

/**
 * The columns of `webhooks.subscriptions s` for raw SQL, each aliased `s_<column>` so that a row
 * joining another table (deliveries also have id, created_at…) keeps them apart.
 */
export const SUBSCRIPTION_COLUMNS_AS_S = [
  'id',
  'owner_user_id',
  'url',
  'events',
  'description',
  'scope',
  'secret_sealed',
  'previous_secret_sealed',
  'previous_secret_expires_at',
  'is_active',
  'disabled_reason',
  'failing_since',
  'created_at',
  'updated_at',
]
  .map((column) => `s.${column} AS s_${column}`)
  .join(', ');

/** Such a row's subscription, as the pg driver returns it (timestamps as Date, text[] as string[]). */
export interface PrefixedSubscriptionRow {
  s_id: string;
  s_owner_user_id: string;
  s_url: string;
  s_events: string[];
  s_description: string | null;
  s_scope: WebhookScope;
  s_secret_sealed: string;
  s_previous_secret_sealed: string | null;
  s_previous_secret_expires_at: Date | null;
  s_is_active: boolean;
  s_disabled_reason: WebhookDisabledReason | null;
  s_failing_since: Date | null;
  s_created_at: Date;
  s_updated_at: Date;
}

export function toPrefixedSubscription(row: PrefixedSubscriptionRow): SubscriptionRecord {
  return {
    id: row.s_id,
    ownerUserId: row.s_owner_user_id,
    url: row.s_url,
    events: row.s_events,
    description: row.s_description,
    scope: row.s_scope,
    secretSealed: row.s_secret_sealed,
    previousSecretSealed: row.s_previous_secret_sealed,
    previousSecretExpiresAt: row.s_previous_secret_expires_at,
    isActive: row.s_is_active,
    disabledReason: row.s_disabled_reason,
    failingSince: row.s_failing_since,
    createdAt: row.s_created_at,
    updatedAt: row.s_updated_at,
  };
}
