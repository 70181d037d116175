import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { APP_VERSION } from '@portcullis/config';
import { PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { PUBLIC_EXTENSION } from '../auth/public.decorator';
import { CAPABILITIES_EXTENSION } from '../rbac/require-capabilities.decorator';
import { PERMISSIONS_EXTENSION } from '../rbac/require-permissions.decorator';
import { PROBLEM_SCHEMA, problemExample } from './problem.schema';
import { OPS_OPERATIONS } from './ops-operations';
import { PROXY_OPENAPI_PATH, proxyPathItem } from '../proxy/proxy.openapi';
import { REPLY_SCHEMAS } from './reply-schemas';

type Operation = Record<string, unknown> & { responses: Record<string, unknown>; tags?: string[] };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The OpenAPI 3.1 document of every gateway route. Request bodies come from the class-validator
 * DTOs (the Nest CLI's swagger plugin reads them at build time); what Nest cannot know — which routes
 * are public, which permissions a route needs, the problem+json error shape — is added here once
 * for every operation instead of by hand on each controller.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Portcullis')
    .setDescription('Authentication and API gateway for multi-agent systems. Every error is RFC 9457 problem JSON.')
    .setVersion(APP_VERSION)
    .setLicense('UNLICENSED', 'https://portcullis.dev/license')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths[PROXY_OPENAPI_PATH] = proxyPathItem();
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...REPLY_SCHEMAS, Problem: PROBLEM_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) describeOperation(path, operation);
    }
  }
  return document;
}

function describeOperation(path: string, operation: Operation): void {
  operation.tags = operation.tags?.length ? operation.tags : [tagOf(path)];
  operation.summary ??= summaryOf(typeof operation.operationId === 'string' ? operation.operationId : '');
  const ops = OPS_OPERATIONS[path];
  if (ops) {
    const { parameters, ...reply } = ops;
    operation.responses['200'] = reply;
    if (parameters) operation.parameters = parameters;
  }
  const isPublic = operation[PUBLIC_EXTENSION] === true || ops !== undefined;
  delete operation[PUBLIC_EXTENSION];
  if (isPublic) operation.security = [];
  const permissions = operation[PERMISSIONS_EXTENSION] as string[] | undefined;
  if (permissions?.length)
    operation.description = [operation.description, `Requires: ${permissions.join(', ')}.`]
      .filter(Boolean)
      .join('\n\n');
  const capabilities = operation[CAPABILITIES_EXTENSION] as string[] | undefined;
  if (capabilities?.length)
    operation.description = [operation.description, `Agent capabilities: ${capabilities.join(', ')}.`]
      .filter(Boolean)
      .join('\n\n');
  addProblem(operation, 400, 'VALIDATION_FAILED', 'The request is malformed or fails validation');
  if (!isPublic) {
    addProblem(operation, 401, 'AUTH_UNAUTHENTICATED', 'No valid access token');
    addProblem(operation, 403, 'AUTH_FORBIDDEN', 'The token lacks a required permission');
  }
  addProblem(operation, 503, 'SERVICE_UNAVAILABLE', 'A dependency is unavailable; retry after Retry-After');
  operation.responses.default ??= problemResponse(500, 'INTERNAL_ERROR', 'Any other error, as problem JSON');
}

/** `/api/v1/admin/users/{id}` → `admin`; root routes (probes, well-known documents) → `operations`. */
function tagOf(path: string): string {
  const segments = path
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean);
  return path.startsWith('/api/v1/') && segments[0] ? segments[0] : 'operations';
}

/** A handler without a doc comment is summarised by its name: `AuthController_changePassword` → `Change password`. */
function summaryOf(operationId: string): string {
  const words = (operationId.split('_').pop() ?? '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Adds a problem every route can answer. When the route already documents that status with its own
 * codes (`@ApiProblems`), the common code joins them as one more example instead of replacing them.
 */
function addProblem(operation: Operation, status: number, code: string, description: string): void {
  const existing = operation.responses[String(status)] as ProblemResponse | undefined;
  const examples = existing?.content?.[PROBLEM_CONTENT_TYPE]?.examples;
  if (!existing) operation.responses[String(status)] = problemResponse(status, code, description);
  else if (examples && !examples[code]) {
    examples[code] = { summary: code, value: problemExample(status, code, description) };
    existing.description = `${existing.description}, ${code}`;
  }
}

type ProblemResponse = { description: string; content?: Record<string, { examples?: Record<string, unknown> }> };

function problemResponse(status: number, code: string, description: string): Record<string, unknown> {
  return {
    description,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: { [code]: { summary: code, value: problemExample(status, code, description) } },
      },
    },
  };
}
