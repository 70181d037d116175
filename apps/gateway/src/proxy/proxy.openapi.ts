import { ErrorCode } from '@portcullis/contracts';
import { problemResponses } from '../docs/api-responses.decorator';

/**
 * ANY /proxy/:apiId/* in the OpenAPI document. Nest registers it with @All (every method, and the
 * bare `/proxy/:apiId` too), which @nestjs/swagger cannot describe, so the path is written here: one
 * `{path}` for the rest of the URL, and the methods OpenAPI can name.
 */
export const PROXY_OPENAPI_PATH = '/api/v1/proxy/{apiId}/{path}';
export const PROXY_OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function proxyPathItem(): Record<string, unknown> {
  const operation = (method: string) => ({
    operationId: `proxy_${method}`,
    tags: ['proxy'],
    summary: 'Call a registered upstream API',
    description:
      'Authenticated by a user JWT, an agent token or X-API-Key; the route of the API decides the permission ' +
      'or agent capability (agents spend budgets). Method, path, query, body and safe headers are streamed ' +
      "to the API's baseUrl; the caller's credentials are never forwarded.",
    parameters: [
      { name: 'apiId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      {
        name: 'path',
        in: 'path',
        required: true,
        description: 'The rest of the URL, appended to the API baseUrl (`..` in any encoding is refused)',
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': {
        description: "The upstream's answer, streamed back with its status and safe headers",
        content: { '*/*': { schema: { description: 'Whatever the upstream answers' } } },
      },
      ...problemResponses(
        ErrorCode.API_NOT_FOUND,
        ErrorCode.NOT_FOUND,
        ErrorCode.AGENT_CAPABILITY_DENIED,
        ErrorCode.RATE_LIMITED,
        ErrorCode.UPSTREAM_ERROR,
        ErrorCode.UPSTREAM_UNAVAILABLE,
        ErrorCode.UPSTREAM_TIMEOUT,
      ),
    },
  });
  return Object.fromEntries(PROXY_OPENAPI_METHODS.map((method) => [method, operation(method)]));
}
