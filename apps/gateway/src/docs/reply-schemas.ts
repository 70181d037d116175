import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DELIVERY_STATUSES, ROLE_NAMES } from '@portcullis/contracts';

const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const text: SchemaObject = { type: 'string' };
/** OpenAPI 3.1 spells "or null" as a JSON Schema union. */
const orNull = (schema: SchemaObject): SchemaObject => ({ oneOf: [schema, { type: 'null' }] });
const nullableText = orNull(text);
const time: SchemaObject = { type: 'string', format: 'date-time' };
const nullableTime = orNull(time);
const count: SchemaObject = { type: 'integer', minimum: 0 };
const role: SchemaObject = { type: 'string', enum: [...ROLE_NAMES] };
const strings: SchemaObject = { type: 'array', items: text };
const roles: SchemaObject = { type: 'array', items: role };
/** Who a user is, as every user-shaped reply starts. */
const person = { id: uuid, email: { type: 'string', format: 'email' }, displayName: nullableText } satisfies Record<
  string,
  SchemaObject
>;

/** An object schema whose every listed property is required unless named in `optional`. */
function object(properties: Record<string, SchemaObject>, optional: string[] = [], description?: string): SchemaObject {
  return {
    type: 'object',
    description,
    required: Object.keys(properties).filter((p) => !optional.includes(p)),
    properties,
  };
}

/** The event envelope a webhook receiver gets (WebhookPayload in libs/contracts). */
const webhookPayload = object(
  {
    id: uuid,
    type: text,
    occurredAt: time,
    subject: object({ type: text, id: text }),
    actor: object({ type: text, id: text }),
    data: { type: 'object', additionalProperties: true },
  },
  ['actor'],
);

const webhook = object(
  {
    id: uuid,
    ownerUserId: uuid,
    url: { type: 'string', format: 'uri' },
    events: { ...strings, description: 'Exact types, `prefix.*` families, or `*`' },
    description: nullableText,
    scope: { type: 'string', enum: ['own', 'all'] },
    isActive: { type: 'boolean' },
    disabledReason: orNull({ type: 'string', enum: ['gone', 'failing', 'owner_unauthorized'] }),
    failingSince: nullableTime,
    previousSecretExpiresAt: nullableTime,
    createdAt: time,
    updatedAt: time,
  },
  [],
  'A subscription; never its secret',
);

/**
 * The reply shapes of the gateway's routes, mirroring the contract types they are built from
 * (libs/contracts); `@ApiReply` refers to them by name. Their examples (reply-examples.ts) are
 * typed with those contract types, and Redocly checks each example against its schema here.
 */
export const REPLY_SCHEMAS = {
  ServiceInfo: object({ name: text, version: text, status: text }),
  User: object({ ...person, roles, isActive: { type: 'boolean' }, createdAt: time, updatedAt: time }),
  RegisteredUser: object({ ...person, roles, createdAt: time }),
  TokenPair: object({
    accessToken: { ...text, description: 'RS256 JWT' },
    refreshToken: { ...text, description: 'Opaque; rotate it with /auth/refresh' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { ...count, description: 'Access-token lifetime in seconds' },
  }),
  Me: object({ ...person, roles, permissions: strings }),
  Profile: object({ ...person, createdAt: time, updatedAt: time }),
  Session: object({
    id: uuid,
    deviceName: nullableText,
    ip: nullableText,
    userAgent: nullableText,
    createdAt: time,
    lastUsedAt: time,
    current: { type: 'boolean', description: 'The session of the token making this request' },
  }),
  Role: object({
    name: role,
    rank: count,
    description: text,
    permissions: { ...strings, description: 'Own grants plus everything inherited from lower roles' },
  }),
  AuditRecord: object(
    {
      id: uuid,
      seq: { ...count, description: 'Position in the hash chain' },
      type: text,
      actorId: nullableText,
      subject: object({ type: text, id: text }),
      ip: nullableText,
      userAgent: nullableText,
      requestId: nullableText,
      data: { type: 'object', additionalProperties: true },
      occurredAt: time,
      recordedAt: time,
      prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
    ['recordedAt'],
  ),
  AuditChainVerdict: object({ intact: { type: 'boolean' }, checked: count, firstBrokenSeq: count }, ['firstBrokenSeq']),
  SigningKeyRotated: object({
    kid: { ...text, description: 'The new active key; the old one stays in the JWKS until its tokens expire' },
  }),
  Unlocked: object({ unlocked: { type: 'boolean', description: 'False when the account was not locked' } }),
  JwkSet: object({
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kid', 'kty'],
        properties: { kid: text, kty: text, alg: text, use: text },
        additionalProperties: true,
      },
    },
  }),
  EventType: object({ type: text, description: text, adminOnly: { type: 'boolean' }, example: webhookPayload }),
  Webhook: webhook,
  WebhookWithSecret: {
    allOf: [webhook, object({ secret: { type: 'string', pattern: '^whsec_', description: 'Shown only now' } })],
  },
  TestWebhookSent: object({ eventId: uuid, deliveryId: uuid }),
  Delivery: object({
    id: uuid,
    webhookId: uuid,
    eventId: { ...uuid, description: 'Also the webhook-id header, the same on every attempt' },
    eventType: text,
    status: { type: 'string', enum: [...DELIVERY_STATUSES] },
    attemptCount: count,
    nextAttemptAt: nullableTime,
    createdAt: time,
    updatedAt: time,
    payload: webhookPayload,
    attempts: {
      type: 'array',
      items: object({
        attemptNo: count,
        status: { type: 'string', enum: ['succeeded', 'failed', 'interrupted'] },
        responseStatus: orNull({ type: 'integer' }),
        responseBody: nullableText,
        durationMs: count,
        error: nullableText,
        at: time,
      }),
    },
  }),
  DeliveriesRecovered: object({ requeued: count }),
} satisfies Record<string, SchemaObject>;

export type ReplySchemaName = keyof typeof REPLY_SCHEMAS;
