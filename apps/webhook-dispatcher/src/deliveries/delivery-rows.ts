import { DeliveryAttemptStatus, DeliveryStatus, WebhookPayload } from '@portcullis/contracts';
import { AttemptRecord, DeliveryRecord } from './delivery.repository';

/** A row of webhooks.deliveries as the pg driver returns it (timestamps as Date, jsonb parsed). */
export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  subscription_id: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  generation: number;
  created_at: Date;
  updated_at: Date;
}

export interface AttemptRow {
  delivery_id: string;
  attempt_no: number;
  status: DeliveryAttemptStatus;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
  at: Date;
}

export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    subscriptionId: row.subscription_id,
    payload: row.payload,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    generation: row.generation,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
    deliveryId: row.delivery_id,
    attemptNo: row.attempt_no,
    status: row.status,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    durationMs: row.duration_ms,
    error: row.error,
    at: row.at,
  };
}
