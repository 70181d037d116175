import { PingReply, PingRequest } from './ping.dto';
import { pingReplySchema, pingRequestSchema } from './common.schemas';
import { rpc, RpcDefinition } from './rpc-definition';

/** The bus-connected apps, in the order of DESIGN §1; also the default ops port order (3001–3006). */
export const SERVICE_NAMES = ['auth', 'user', 'token', 'security', 'agent-capability', 'webhook-dispatcher'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Every app answers `<service>.ping`; the gateway's readiness check round-trips each one. */
export function pingPattern(service: ServiceName): RpcDefinition<PingRequest, PingReply> {
  return rpc<PingRequest, PingReply>(`${service}.ping`, { payload: pingRequestSchema, reply: pingReplySchema });
}

/** The service that owns a pattern is its first segment: `user.findByEmail` → `user`. */
export function serviceOfPattern(pattern: string): string {
  const dot = pattern.indexOf('.');
  return dot === -1 ? pattern : pattern.slice(0, dot);
}
