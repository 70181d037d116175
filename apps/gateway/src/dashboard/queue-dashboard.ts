import cookie from '@fastify/cookie';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusClient } from '@portcullis/bus';
import { AuthPatterns } from '@portcullis/contracts';
import { bullConnection, bullPrefix, QueueName } from '@portcullis/queue';
import { Queue } from 'bullmq';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { PermissionChecker } from '../rbac/permission-checker';
import { DASHBOARD_COOKIE, DashboardAccess, refuseUnauthenticated } from './dashboard-access';
import { loginPage } from './login-page';

const BASE = '/admin/queues';

/**
 * Bull Board for every queue at /admin/queues, for admins in a browser: a sign-in form sets a
 * short-lived HttpOnly, SameSite=Strict cookie holding an access token; every dashboard request
 * (pages, assets, its JSON API) is checked for `queues:read`. Anonymous users are sent to the form;
 * non-admins get nothing but the form.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, redisUrl: string, prefix: string): Promise<Queue[]> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const access = new DashboardAccess(app.get(AccessTokenVerifier), app.get(PermissionChecker));
  const bus = app.get(BusClient);
  const queues = Object.values(QueueName).map((name) => new Queue(name, { connection: bullConnection(redisUrl), prefix: bullPrefix(prefix) }));

  const board = new BullBoardFastifyAdapter();
  board.setBasePath(BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: board, options: { uiConfig: { boardTitle: 'Portcullis queues' } } });

  await app.register(cookie as never);
  fastify.get(`${BASE}/login`, async (_req, reply) => reply.type('text/html').send(loginPage(false)));
  fastify.post(`${BASE}/login`, async (req, reply) => signIn(req, reply, access, bus));
  fastify.post(`${BASE}/logout`, async (_req, reply) => reply.clearCookie(DASHBOARD_COOKIE, { path: BASE }).redirect(`${BASE}/login`, 303));
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      if (await access.principalOf(req)) return;
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      return wantsHtml ? reply.redirect(`${BASE}/login`, 303) : refuseUnauthenticated(req, reply);
    });
    await scope.register(board.registerPlugin() as never, { prefix: BASE });
  });
  return queues;
}

async function signIn(req: FastifyRequest, reply: FastifyReply, access: DashboardAccess, bus: BusClient): Promise<FastifyReply> {
  const { email, password } = (req.body ?? {}) as { email?: string; password?: string };
  if (typeof email !== 'string' || typeof password !== 'string') return reply.status(400).type('text/html').send(loginPage(true));
  try {
    const pair = await bus.call(AuthPatterns.login, { email, password, deviceName: 'queue dashboard', meta: { ip: req.ip, requestId: String(req.id) } });
    if (!(await access.allowed(pair.accessToken))) return reply.status(403).type('text/html').send(loginPage(true));
    return reply
      .setCookie(DASHBOARD_COOKIE, pair.accessToken, { path: BASE, httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: pair.expiresIn })
      .redirect(BASE, 303);
  } catch {
    return reply.status(401).type('text/html').send(loginPage(true));
  }
}
