import { WebhookDto, WebhookWithSecret } from '@portcullis/contracts';
import { SubscriptionRecord } from './subscription.repository';

/** Field by field, so a sealed secret can never slip into a reply. */
export function toWebhookDto(record: SubscriptionRecord): WebhookDto {
  return {
    id: record.id,
    ownerUserId: record.ownerUserId,
    url: record.url,
    events: [...record.events],
    description: record.description,
    scope: record.scope,
    isActive: record.isActive,
    disabledReason: record.disabledReason,
    failingSince: record.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: record.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function withSecret(record: SubscriptionRecord, secret: string): WebhookWithSecret {
  return { ...toWebhookDto(record), secret };
}
