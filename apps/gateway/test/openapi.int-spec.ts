import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Platform, testEnv } from '@portcullis/testing';
import { loadGatewayConfig } from '../src/config/gateway.config';
import { GatewayModule } from '../src/gateway.module';
import { PROXY_OPENAPI_PATH } from '../src/proxy/proxy.openapi';
import { configureHttp } from '../src/http/configure-http';

jest.setTimeout(90_000);

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** Documents routes the way OpenAPI spells them: `/api/v1/admin/users/:id` → `/api/v1/admin/users/{id}`. */
/** Fastify's `:param` as OpenAPI's `{param}`; the proxy's wildcard routes as its one documented path. */
const openApiPath = (url: string) =>
  url.startsWith('/api/v1/proxy/') ? PROXY_OPENAPI_PATH : url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** @All registers methods OpenAPI cannot name (QUERY) or that the proxy does not document (TRACE). */
const UNDOCUMENTED_METHODS = new Set([
  'HEAD',
  'OPTIONS',
  'TRACE',
  'QUERY',
  'SEARCH',
  'PROPFIND',
  'LOCK',
  'UNLOCK',
  'MKCOL',
  'COPY',
  'MOVE',
  'PROPPATCH',
]);
/** Served by plugins next to the API, not API operations: the docs themselves and the queue dashboard (CORS preflights are skipped too). */
const NOT_API = /^\/(docs|admin\/queues)/;

/**
 * The document the built gateway serves at /docs-json, checked against the routes Fastify really
 * registers (collected from a gateway module started in-process) and linted with Redocly's rules.
 */
describe('OpenAPI document at /docs-json', () => {
  const env = testEnv('openapi');
  const platform = new Platform(env);
  let document: OpenApi;
  const routes = new Set<string>();

  beforeAll(async () => {
    await platform.start(['gateway']);
    const res = await fetch(`${platform.gatewayUrl}/docs-json`);
    expect(res.status).toBe(200);
    document = (await res.json()) as OpenApi;

    const adapter = new FastifyAdapter();
    adapter.getInstance().addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (!UNDOCUMENTED_METHODS.has(method) && !NOT_API.test(route.url))
          routes.add(`${method.toLowerCase()} ${openApiPath(route.url)}`);
      }
    });
    const config = loadGatewayConfig({ ...env, NODE_ENV: 'test', DB_MIGRATE_ON_START: 'false' });
    const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
      logger: false,
    });
    await configureHttp(app, config);
    await app.init();
    await app.close();
  });

  afterAll(() => platform.stop());

  it('is OpenAPI 3.1 and lists every route the gateway registers', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(routes.size).toBeGreaterThan(20);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`)),
    );
    expect([...routes].filter((route) => !documented.has(route))).toEqual([]);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${platform.gatewayUrl}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
  });

  it('describes request bodies from the validation DTOs and errors as problem+json', () => {
    expect(Object.keys(document.components.schemas.RegisterDto.properties ?? {})).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
    const login = document.paths['/api/v1/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.responses['400'].content).toHaveProperty(['application/problem+json']);
    expect(document.paths['/api/v1/auth/me'].get.responses['401'].content).toHaveProperty(['application/problem+json']);
    // The probes come from a library; their query parameters are described by hand (ops-operations.ts).
    expect((document.paths['/health/ready'].get as { parameters?: unknown[] }).parameters).toEqual([
      expect.objectContaining({ name: 'scope', in: 'query', required: false }),
    ]);
  });

  it('gives every operation a success response with a schema (or 204) and its errors as problem+json', () => {
    const gaps: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) gaps.push(`${name}: no 2xx response`);
        for (const [status, response] of success) {
          const schemas = Object.values(response.content ?? {}).filter((media) => media.schema);
          if (status !== '204' && schemas.length === 0) gaps.push(`${name}: ${status} has no schema`);
        }
        const problems = Object.entries(operation.responses).filter(([status]) => /^[45]\d\d$|^default$/.test(status));
        if (!problems.some(([status]) => status.startsWith('4'))) gaps.push(`${name}: no 4xx problem`);
        for (const [status, response] of problems) {
          if (!response.content?.['application/problem+json']?.schema)
            gaps.push(`${name}: ${status} is not problem+json`);
        }
      }
    }
    expect(gaps).toEqual([]);
    // A route's own codes sit beside the common ones (one example each), not instead of them.
    const register = document.paths['/api/v1/auth/register'].post.responses;
    expect(Object.keys(register)).toEqual(expect.arrayContaining(['201', '400', '409', '429']));
    expect(
      Object.keys((register['400'].content!['application/problem+json'] as { examples: object }).examples),
    ).toEqual(['AUTH_WEAK_PASSWORD', 'VALIDATION_FAILED']);
    expect(register['201'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RegisteredUser',
    });
  });

  // Redocly also checks every example against its schema (no-invalid-media-type-examples), so the
  // reply examples in docs/reply-examples.ts cannot drift from docs/reply-schemas.ts unnoticed.
  it('passes Redocly lint (recommended rules) without errors', async () => {
    // DESIGN fixes both /agents/types/{id} and /agents/{agentId}/decisions; Fastify matches the
    // static segment first, so the pair the rule warns about is not ambiguous to the router.
    const config = await createConfig({ extends: ['recommended'], rules: { 'no-ambiguous-paths': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    const warnings = problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId}: ${p.message}`);
    expect(warnings).toEqual([]);
  });
});
