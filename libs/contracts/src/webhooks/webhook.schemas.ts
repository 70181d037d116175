import { z } from 'zod';
import { pageLimit, pageNumber } from '../common/common.schemas';
import { objectOf, stringList, uuid } from '../common/schema-helpers';
import { anyDomainEvent } from '../events/domain-event.schema';
import {
  DeliveryAttemptDto,
  DeliveryDto,
  ListDeliveriesRequest,
  RecoverDeliveriesReply,
  RecoverDeliveriesRequest,
  RetryDeliveryRequest,
} from './dto/delivery.dto';
import {
  CreateWebhookRequest,
  ListWebhooksRequest,
  TestWebhookReply,
  UpdateWebhookRequest,
  WebhookDto,
  WebhookOwner,
  WebhookRef,
} from './dto/webhook.dto';
import { matchesEventType } from './event-filter';
import { EventTypeInfo, WEBHOOK_EVENT_TYPES } from './webhook-event-catalog';

const MAX_URL_LENGTH = 2048;
const MAX_FILTERS = 100;
const MAX_DESCRIPTION_LENGTH = 500;

/** The shape of the URL only; where it points is the URL guard's business (it needs DNS). */
const webhookUrl = () =>
  z
    .string()
    .trim()
    .min(1, 'url must be a non-empty string')
    .max(MAX_URL_LENGTH, `url must be at most ${MAX_URL_LENGTH} characters`)
    .superRefine((raw, ctx) => {
      const problem = urlProblem(raw);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });

function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not contain a user name or password';
  return undefined;
}

/** A filter is `*`, a catalogued type, or `prefix.*` naming at least one catalogued type. */
function isKnownFilter(filter: string): boolean {
  if (filter === '*' || WEBHOOK_EVENT_TYPES.includes(filter)) return true;
  return (
    filter.endsWith('.*') && filter.length > 2 && WEBHOOK_EVENT_TYPES.some((type) => matchesEventType([filter], type))
  );
}

/** Filters are kept in the order given, without repeats. */
const eventFilters = () =>
  z
    .array(z.unknown(), { message: 'events must be a non-empty array of event types' })
    .min(1, 'events must be a non-empty array of event types')
    .max(MAX_FILTERS, `events must name at most ${MAX_FILTERS} types`)
    // One message for the whole list, naming every bad filter, so the caller can fix them all at once.
    .superRefine((filters, ctx) => {
      const unknown = filters
        .filter((f) => typeof f !== 'string' || !isKnownFilter(f))
        .map((f) => (typeof f === 'string' ? JSON.stringify(f.slice(0, 100)) : typeof f));
      if (unknown.length)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `unknown event types: ${unknown.join(', ')} (see the event catalog)`,
        });
    })
    .transform((filters) => [...new Set(filters as string[])]);

/** Trimmed; blank is no description. */
const description = () =>
  z
    .string({ message: 'description must be a string or null' })
    .refine(
      (d) => [...d].length <= MAX_DESCRIPTION_LENGTH,
      `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
    )
    .nullable()
    .transform((d) => (d == null || d.trim() === '' ? null : d.trim()));

const scope = () => z.enum(['own', 'all'], { message: 'scope must be "own" or "all"' });

/** The gateway always names the caller; a request without one is a bug upstream, refused plainly. */
const ownerSchema = objectOf<WebhookOwner>()({ userId: uuid(), isAdmin: z.boolean() });

/** An id that is not a UUID is simply not found, as an unknown one. */
export const webhookRefSchema = objectOf<WebhookRef>()({ owner: ownerSchema, id: z.string().max(64) });

export const createWebhookRequestSchema = objectOf<CreateWebhookRequest>()({
  owner: ownerSchema,
  url: webhookUrl(),
  events: eventFilters(),
  description: description().optional(),
  scope: scope().default('own'),
});

export const updateWebhookRequestSchema = objectOf<UpdateWebhookRequest>()({
  ...webhookRefSchema.shape,
  url: webhookUrl().optional(),
  events: eventFilters().optional(),
  description: description().optional(),
  scope: scope().optional(),
  isActive: z.boolean().optional(),
});

export const listWebhooksRequestSchema = objectOf<ListWebhooksRequest>()({
  owner: ownerSchema,
  page: pageNumber().optional(),
  limit: pageLimit().optional(),
});

export const webhookDtoSchema = objectOf<WebhookDto>()({
  id: z.string(),
  ownerUserId: z.string(),
  url: z.string(),
  events: stringList(),
  description: z.string().nullable(),
  scope: scope(),
  isActive: z.boolean(),
  disabledReason: z.enum(['gone', 'failing', 'owner_unauthorized']).nullable(),
  failingSince: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const webhookWithSecretSchema = webhookDtoSchema.extend({ secret: z.string() });

export const testWebhookReplySchema = objectOf<TestWebhookReply>()({ eventId: z.string(), deliveryId: z.string() });

const attemptSchema = objectOf<DeliveryAttemptDto>()({
  attemptNo: z.number().int(),
  status: z.enum(['succeeded', 'failed', 'interrupted']),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  at: z.string(),
});

export const deliveryDtoSchema = objectOf<DeliveryDto>()({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']),
  attemptCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  payload: anyDomainEvent,
  attempts: z.array(attemptSchema),
});

export const listDeliveriesRequestSchema = objectOf<ListDeliveriesRequest>()({
  ...webhookRefSchema.shape,
  page: pageNumber().optional(),
  limit: pageLimit().optional(),
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']).optional(),
});

export const retryDeliveryRequestSchema = objectOf<RetryDeliveryRequest>()({
  ...webhookRefSchema.shape,
  deliveryId: z.string().max(64),
});

/** The range itself (order, length) is the dispatcher's to judge. */
export const recoverDeliveriesRequestSchema = objectOf<RecoverDeliveriesRequest>()({
  ...webhookRefSchema.shape,
  since: z.string().max(64),
  until: z.string().max(64).optional(),
});
export const recoverDeliveriesReplySchema = objectOf<RecoverDeliveriesReply>()({ requeued: z.number().int() });

export const eventTypeInfoSchema = objectOf<EventTypeInfo>()({
  type: z.string(),
  description: z.string(),
  adminOnly: z.boolean(),
  example: anyDomainEvent,
});
