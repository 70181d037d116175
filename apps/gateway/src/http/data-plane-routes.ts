import { validatedBody } from '@portcullis/common';
import { AgentVerifyController } from '../agents/agent-verify.controller';
import { VerifyAgentBody } from '../agents/agents.dto';
import { ProxyController } from '../proxy/proxy.controller';
import { dataPlaneRoute } from './data-plane';

/** The routes every proxied call and every checked agent action take (see runOnDataPlane). */
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
];
