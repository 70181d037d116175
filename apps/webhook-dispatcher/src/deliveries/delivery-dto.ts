import { DeliveryAttemptDto, DeliveryDto } from '@portcullis/contracts';
import { AttemptRecord, DeliveryWithAttempts } from './delivery.repository';

export function toAttemptDto(attempt: AttemptRecord): DeliveryAttemptDto {
  return {
    attemptNo: attempt.attemptNo,
    status: attempt.status,
    responseStatus: attempt.responseStatus,
    responseBody: attempt.responseBody,
    durationMs: attempt.durationMs,
    error: attempt.error,
    at: attempt.at.toISOString(),
  };
}

export function toDeliveryDto(delivery: DeliveryWithAttempts): DeliveryDto {
  return {
    id: delivery.id,
    webhookId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    payload: delivery.payload,
    attempts: delivery.attempts.map(toAttemptDto),
  };
}
