/**
 * The probes and the scrape come from libraries (libs/observability, @willsoto/nestjs-prometheus),
 * so the gateway's decorators cannot describe them; their replies are described here instead.
 * They are open by design (the auth guard lets them through) and, except `/health`, answer only
 * on the ops port (3007).
 */
const healthReport = {
  type: 'object',
  required: ['status'],
  description: "Terminus' health body: 200 when every check is up, 503 (same shape) when one is down",
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

export interface OpsOperation {
  description: string;
  content: Record<string, { schema: unknown; example?: unknown }>;
  /** Query parameters, which Nest's explorer does not read from the library's controller. */
  parameters?: Array<Record<string, unknown>>;
}

export const OPS_OPERATIONS: Record<string, OpsOperation> = {
  '/health': {
    description: 'Liveness: the process is up',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['status', 'service', 'version', 'uptimeSeconds'],
          properties: {
            status: { type: 'string', enum: ['ok'] },
            service: { type: 'string' },
            version: { type: 'string' },
            uptimeSeconds: { type: 'integer', minimum: 0 },
          },
        },
        example: { status: 'ok', service: 'gateway', version: '0.1.0', uptimeSeconds: 42 },
      },
    },
  },
  '/health/ready': {
    description:
      'Readiness (ops port): PostgreSQL, Redis, the signing keys and a bus round trip to every app; ' +
      "`?scope=self` checks this pod's own needs alone (what the orchestrator probes)",
    parameters: [
      {
        name: 'scope',
        in: 'query',
        required: false,
        description: "`self`: only this pod's own needs (PostgreSQL, Redis, signing keys), not the other apps",
        schema: { type: 'string', enum: ['self'] },
      },
    ],
    content: {
      'application/json': {
        schema: healthReport,
        example: {
          status: 'ok',
          info: { postgres: { status: 'up' }, 'bus:token': { status: 'up' } },
          error: {},
          details: { postgres: { status: 'up' }, 'bus:token': { status: 'up' } },
        },
      },
    },
  },
  '/health/dependencies': {
    description: 'A bus round trip to every app the gateway calls (ops port; a report, not a probe)',
    content: {
      'application/json': {
        schema: healthReport,
        example: { status: 'ok', info: { user: { status: 'up' } }, error: {}, details: { user: { status: 'up' } } },
      },
    },
  },
  '/metrics': {
    description: 'Prometheus exposition (ops port): the DESIGN §6 metrics and Node defaults',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example: 'bus_rpc_duration_seconds_count{pattern="user.findById",side="client",outcome="ok"} 12\n',
      },
    },
  },
};
