import compress from '@fastify/compress';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyError, FastifyInstance } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { problem, PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { ProblemFilter, toProblem } from '../filters/problem.filter';
import { RequestDeadlineInterceptor } from './request-deadline.interceptor';

/** Routes that stay at the root, outside /api/v1 (probes, scrapers and well-known documents). */
const ROOT_ROUTES = ['/', 'health', 'health/ready', 'health/dependencies', 'metrics', '.well-known/jwks.json'];
const OPS_PATHS = new Set(['/health', '/health/ready', '/health/dependencies', '/metrics']);

/** Everything HTTP-facing the gateway applies before a controller runs. */
export async function configureHttp(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  app.setGlobalPrefix('api/v1', { exclude: ROOT_ROUTES.map((path) => ({ path, method: RequestMethod.GET })) });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new RequestDeadlineInterceptor(config.BUS_RPC_TIMEOUT_MS));

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
    // Probes and scrapers address the pod IP, so the ops routes are exempt from the Host check.
    if (!OPS_PATHS.has(request.url.split('?')[0]) && !hostAllowed(request.hostname, config.ALLOWED_HOSTS)) {
      const body = problem(400, ErrorCode.VALIDATION_FAILED, 'Host not allowed', String(request.id));
      return reply.status(400).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
    }
  });
  await app.register(helmet as never, { contentSecurityPolicy: false } as never);
  await app.register(cors as never, { origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] } as never);
  await app.register(compress as never, { threshold: 1024 } as never);
}

function hostAllowed(hostname: string, allowed: string[]): boolean {
  if (allowed.includes('*')) return true;
  const host = hostname.replace(/:\d+$/, '').toLowerCase();
  return allowed.some((a) => a.toLowerCase() === host);
}
