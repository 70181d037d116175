import { validatedBody } from '@portcullis/common';
import { AgentVerifyController } from '../agents/agent-verify.controller';
import { VerifyAgentBody } from '../agents/agents.dto';
import { AgentsController } from '../agents/agents.controller';
import { AuthController } from '../auth/auth.controller';
import { principalOf } from '../auth/current-principal.decorator';
import { ProxyController } from '../proxy/proxy.controller';
import { dataPlaneRoute } from './data-plane';

/**
 * The routes every proxied call and every checked agent action take, and the two "who am I" routes
 * clients and resource servers ask per request (see runOnDataPlane).
 */
export const DATA_PLANE_ROUTES = [
  dataPlaneRoute({
    controller: ProxyController,
    method: 'forward',
    run: (proxy, request, reply) => proxy.forward(request, reply),
  }),
  dataPlaneRoute({
    controller: AgentVerifyController,
    method: 'verify',
    run: (agents, request) => agents.verify(validatedBody(VerifyAgentBody, request.body)),
  }),
  dataPlaneRoute({
    controller: AuthController,
    method: 'me',
    run: (auth, request) => auth.me(principalOf(request)),
    // The cached view itself, or a key's cut of it, kept per credential (PermissionChecker).
    reusedAnswers: true,
  }),
  dataPlaneRoute({
    controller: AgentsController,
    method: 'me',
    run: (agents, request) => agents.me(principalOf(request)),
    // Made once per verified token (see AgentsController).
    reusedAnswers: true,
  }),
];
