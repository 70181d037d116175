import cookie from '@fastify/cookie';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusClient } from '@portcullis/bus';
import { RedisConnectionSettings } from '@portcullis/common';
import { bullConnection, bullPrefix, QueueName } from '@portcullis/queue';
import { Queue } from 'bullmq';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { PermissionChecker } from '../rbac/permission-checker';
import { DashboardAccess, refuseUnauthenticated } from './dashboard-access';
import { dashboardHeaders } from './dashboard-headers';
import { DashboardSession } from './dashboard-session';
import { loginPage } from './login-page';
import { isCrossSite, isMutating } from './same-origin';

const BASE = '/admin/queues';
const FORM = 'application/x-www-form-urlencoded';
/** The sign-in form: an email and a password. */
const FORM_LIMIT_BYTES = 16 * 1024;

/**
 * Never writable from the dashboard, whoever asks: their jobs become history, so adding or editing
 * one would forge it. `audit-events` jobs become records in the hash-chained audit log (the writer
 * also refuses jobs it did not sign itself; see the security app's audit-job-signature.ts), and
 * `agent-uses` jobs become entries of agents' decision logs.
 */
export const READ_ONLY_QUEUES: ReadonlySet<string> = new Set([QueueName.AuditEvents, QueueName.AgentUses]);

/**
 * Bull Board for every queue at /admin/queues, for admins in a browser: a sign-in form sets a
 * short-lived HttpOnly, SameSite=Strict cookie holding an access token; every dashboard request
 * (pages, assets, its JSON API) is checked for `queues:read`, which only views. Changing jobs needs
 * `queues:write` (super_admin) and a same-origin request. Anonymous users are sent to the form;
 * non-admins get nothing but the form. Every response carries a CSP and no-store.
 */
export async function registerQueueDashboard(
  app: NestFastifyApplication,
  redis: RedisConnectionSettings,
  prefix: string,
): Promise<Queue[]> {
  const fastify = app.getHttpAdapter().getInstance();
  const access = new DashboardAccess(app.get(AccessTokenVerifier), app.get(PermissionChecker));
  const bus = app.get(BusClient);
  const connection = bullConnection(redis);
  const queues = Object.values(QueueName).map((name) => new Queue(name, { connection, prefix: bullPrefix(prefix) }));

  const board = new BullBoardFastifyAdapter();
  board.setBasePath(BASE);
  const adapters = queues.map((q) => new BullMQAdapter(q, { readOnlyMode: READ_ONLY_QUEUES.has(q.name) }));
  createBullBoard({
    queues: adapters,
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Portcullis queues' } },
  });
  const session = new DashboardSession(BASE, access, bus);

  // Everything of the dashboard lives in one plugin scope with its own cookie plugin and form
  // parser: registered on the root, @fastify/cookie would add two hooks to every API request.
  // Nest adds its form-body parser to the root only after this runs, so the scope brings its own.
  await fastify.register(async (dashboard) => {
    await dashboard.register(cookie as never);
    if (!dashboard.hasContentTypeParser(FORM))
      dashboard.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_req, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );
    const headers = { onRequest: dashboardHeaders };
    dashboard.get(`${BASE}/login`, headers, async (_req, reply) => reply.type('text/html').send(loginPage(false)));
    dashboard.post(`${BASE}/login`, headers, async (req, reply) => session.signIn(req, reply));
    dashboard.post(`${BASE}/logout`, headers, async (req, reply) => session.signOut(req, reply));
    await dashboard.register(async (scope) => {
      scope.addHook('onRequest', dashboardHeaders);
      scope.addHook('onRequest', async (req, reply) => {
        const caller = await access.callerOf(req);
        if (caller) {
          if (!isMutating(req)) return;
          if (isCrossSite(req, caller.via === 'cookie'))
            return reply
              .status(403)
              .type('application/problem+json')
              .send({ status: 403, code: 'AUTH_FORBIDDEN', title: 'Cross-site request refused' });
          if (await access.canWrite(caller.principal)) return;
          return reply.status(403).type('application/problem+json').send({
            status: 403,
            code: 'AUTH_FORBIDDEN',
            title: 'The queue dashboard is read-only without queues:write',
          });
        }
        const wantsHtml = (req.headers.accept ?? '').includes('text/html');
        return wantsHtml ? reply.redirect(`${BASE}/login`, 303) : refuseUnauthenticated(req, reply);
      });
      await scope.register(board.registerPlugin() as never, { prefix: BASE });
    });
  });
  return queues;
}
