import { applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiResponseOptions } from '@nestjs/swagger';
import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorCode, httpStatusForCode } from '@portcullis/contracts';
import { PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { problemExample } from './problem.schema';
import { ReplySchemaName } from './reply-schemas';

/**
 * How a gateway route documents what it answers (the OpenAPI test fails on a route without a 2xx
 * schema). On a new controller method:
 *
 *   @ApiReply(200, 'Webhook', webhookExample)               // a component from reply-schemas.ts
 *   @ApiReply(200, pageOf('Webhook'), { items: [...], … })  // a page of them; arrayOf() for a bare list
 *   @ApiReply(204)                                         // no body
 *   @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND, ErrorCode.WEBHOOK_DISABLED)
 *
 * Add a new reply shape to REPLY_SCHEMAS (reply-schemas.ts) and type its example with the contract
 * type, so a changed contract breaks the build instead of the docs. 400, 401, 403, 503 and the
 * default problem are added to every operation by openapi-document.ts; ApiProblems is for the
 * route's own codes (404s, 409s, 429, 423…), each shown as an example of its status.
 */
export function ApiReply(
  status: 200 | 201 | 202 | 204,
  schema?: ReplySchemaName | SchemaObject,
  example?: unknown,
  description?: string,
): MethodDecorator {
  if (!schema) return ApiResponse({ status, description: description ?? 'Done; no body' });
  const options = {
    status,
    description: description ?? 'Success',
    schema: typeof schema === 'string' ? ref(schema) : schema,
    example,
  };
  return ApiResponse(options);
}

export function ApiProblems(...codes: ErrorCode[]): MethodDecorator {
  return applyDecorators(
    ...Object.entries(problemResponses(...codes)).map(([status, response]) =>
      ApiResponse({ status: Number(status), ...response } as ApiResponseOptions),
    ),
  );
}

/** The OpenAPI responses of `codes`, one per status, each code an example of it (ApiProblems, hand-written paths). */
export function problemResponses(
  ...codes: ErrorCode[]
): Record<string, { description: string; content: Record<string, unknown> }> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(httpStatusForCode(code), [...(byStatus.get(httpStatusForCode(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: group.join(', '),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: '#/components/schemas/Problem' },
            examples: Object.fromEntries(
              group.map((code) => [
                code,
                { summary: code, value: problemExample(status, code, PROBLEM_DETAILS[code] ?? code) },
              ]),
            ),
          },
        },
      },
    ]),
  );
}

// A reference is typed as a schema here so the helpers compose (Nest's SchemaObject has no $ref).
export const ref = (name: ReplySchemaName): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
export const arrayOf = (name: ReplySchemaName): SchemaObject => ({ type: 'array', items: ref(name) });

/** `Page<T>` from libs/contracts: every paginated list answers this shape. */
export const pageOf = (name: ReplySchemaName): SchemaObject => ({
  type: 'object',
  required: ['items', 'total', 'page', 'limit'],
  properties: {
    items: arrayOf(name),
    total: { type: 'integer', minimum: 0 },
    page: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1 },
  },
});

/** Example details for the documented codes (the real ones come from the service that failed). */
const PROBLEM_DETAILS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.RATE_LIMITED]: 'Too many requests; retry after Retry-After seconds',
  [ErrorCode.AUTH_EMAIL_TAKEN]: 'An account with this email already exists',
  [ErrorCode.AUTH_WEAK_PASSWORD]: 'The password is too weak',
  [ErrorCode.AUTH_INVALID_CREDENTIALS]: 'Email or password is wrong',
  [ErrorCode.AUTH_ACCOUNT_LOCKED]: 'Too many failed logins; try again later',
  [ErrorCode.AUTH_ACCOUNT_DISABLED]: 'The account is disabled',
  [ErrorCode.AUTH_INVALID_REFRESH]: 'The refresh token is invalid or expired',
  [ErrorCode.AUTH_REFRESH_REUSED]: 'The refresh token was already used; the session is revoked',
  [ErrorCode.USER_NOT_FOUND]: 'No such user',
  [ErrorCode.SESSION_NOT_FOUND]: 'No such session',
  [ErrorCode.WEBHOOK_NOT_FOUND]: 'No such webhook',
  [ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND]: 'No such delivery',
  [ErrorCode.WEBHOOK_DISABLED]: 'The webhook is disabled',
  [ErrorCode.WEBHOOK_URL_FORBIDDEN]: 'The URL points at a private or forbidden address',
  [ErrorCode.WEBHOOK_SCOPE_FORBIDDEN]: 'Only an administrator may subscribe to every event',
  [ErrorCode.API_NOT_FOUND]: 'No such API',
  [ErrorCode.REQUEST_TIMEOUT]: 'The request body stalled: no byte arrived for 5000 ms',
  [ErrorCode.UPSTREAM_TIMEOUT]: 'The upstream did not answer within 5000 ms',
  [ErrorCode.UPSTREAM_ERROR]: 'The upstream could not be reached or gave no usable answer',
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 'The upstream is failing; calls are paused (circuit open)',
};
