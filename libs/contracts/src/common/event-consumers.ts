import { ServiceName } from './service-names';

/**
 * The services that consume the shared events stream, each through a consumer group named after
 * it. Every app creates all of these groups when it starts (at the stream's beginning), and the
 * stream is never trimmed past the slowest of them, so a consumer that is down, restarting or has
 * never started yet still finds every event waiting for it. Add a service here when it gains an
 * `@EventPattern` handler. (The gateway learns of revocations over pub/sub, not this stream.)
 */
export const EVENT_CONSUMERS: readonly ServiceName[] = ['security', 'webhook-dispatcher', 'agent-capability'];
