import { Counter, register } from 'prom-client';

const NAME = 'failed_auth_attempts_total';

/**
 * `failed_auth_attempts_total` (DESIGN §6) in prom-client's default registry, which the ops port
 * serves at /metrics. Looked up before it is created, because registering a name twice throws.
 */
export function failedAuthAttempts(): Counter {
  return (
    (register.getSingleMetric(NAME) as Counter | undefined) ??
    new Counter({ name: NAME, help: 'Failed login attempts recorded by security (any account, any IP)' })
  );
}
