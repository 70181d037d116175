import { DataSource } from 'typeorm';
import {
  SUBSCRIPTION_COLUMNS_AS_S,
  PrefixedSubscriptionRow,
  toPrefixedSubscription,
} from '../subscriptions/subscription-row';
import { DeliveryRow, toDeliveryRecord } from './delivery-rows';
import { AttemptOutcome, AttemptTarget } from './delivery.repository';
import { preparedQuery } from '../common/prepared-query';

/**
 * The two statements of the delivery worker's hot path, each for a batch of concurrent attempts
 * (see MicroBatcher): a batch costs one round trip and, for the write, one commit.
 */

export interface AttemptKey {
  id: string;
  generation: number;
}

/** Per key, the open delivery of that generation with its subscription, or null. */
export async function findForAttempts(
  dataSource: DataSource,
  keys: AttemptKey[],
): Promise<Array<AttemptTarget | null>> {
  const rows = await preparedQuery<DeliveryRow & PrefixedSubscriptionRow>(
    dataSource,
    'find-for-attempts',
    `SELECT d.*, ${SUBSCRIPTION_COLUMNS_AS_S}
     FROM unnest($1::uuid[], $2::int[]) AS k(id, generation)
     JOIN webhooks.deliveries d ON d.id = k.id AND d.generation = k.generation AND d.status IN ('pending', 'failed')
     JOIN webhooks.subscriptions s ON s.id = d.subscription_id`,
    [keys.map((k) => k.id), keys.map((k) => k.generation)],
  );
  const found = new Map(rows.map((row) => [`${row.id}:${row.generation}`, row]));
  return keys.map(({ id, generation }) => {
    const row = found.get(`${id}:${generation}`);
    return row ? { delivery: toDeliveryRecord(row), subscription: toPrefixedSubscription(row) } : null;
  });
}

/**
 * Records every attempt under its delivery's next attempt number and counts it; settles each
 * delivery only where its generation is still current. The UPDATE's row locks order concurrent
 * attempts of one delivery, so each gets its own number; within one statement a delivery may
 * appear only once, so repeats go in a following statement.
 */
export async function finishAttempts(dataSource: DataSource, outcomes: AttemptOutcome[]): Promise<void[]> {
  const seen = new Set<string>();
  const first = outcomes.filter((o) => !seen.has(o.attempt.deliveryId) && seen.add(o.attempt.deliveryId));
  const repeats = outcomes.filter((o) => !first.includes(o));
  const column = <T>(pick: (o: AttemptOutcome) => T) => first.map(pick);
  await preparedQuery(
    dataSource,
    'finish-attempts',
    `WITH outcome AS (
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::int[], $7::text[], $8::int[], $9::text[], $10::timestamptz[])
         AS o(delivery_id, generation, delivery_status, next_attempt_at, status, response_status, response_body, duration_ms, error, at)),
     counted AS (
       UPDATE webhooks.deliveries d SET attempt_count = d.attempt_count + 1, updated_at = now(),
         status = CASE WHEN d.generation = o.generation THEN o.delivery_status ELSE d.status END,
         next_attempt_at = CASE WHEN d.generation = o.generation THEN o.next_attempt_at ELSE d.next_attempt_at END
       FROM outcome o WHERE d.id = o.delivery_id
       RETURNING d.id, d.attempt_count)
     INSERT INTO webhooks.delivery_attempts (delivery_id, attempt_no, status, response_status, response_body, duration_ms, error, at)
     SELECT o.delivery_id, c.attempt_count, o.status, o.response_status, o.response_body, o.duration_ms, o.error, o.at
     FROM outcome o JOIN counted c ON c.id = o.delivery_id`,
    [
      column((o) => o.attempt.deliveryId),
      column((o) => o.generation),
      column((o) => o.status),
      column((o) => o.nextAttemptAt),
      column((o) => o.attempt.status),
      column((o) => o.attempt.responseStatus),
      column((o) => o.attempt.responseBody),
      column((o) => o.attempt.durationMs),
      column((o) => o.attempt.error),
      column((o) => o.attempt.at),
    ],
  );
  if (repeats.length) await finishAttempts(dataSource, repeats);
  return outcomes.map(() => undefined);
}
