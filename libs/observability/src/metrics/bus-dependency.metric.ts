import { Gauge } from 'prom-client';
import { once } from './metric-registry';

const refreshers = new Set<() => Promise<void>>();

/**
 * Registers a function that re-checks this app's bus dependencies; it runs on every scrape of
 * /metrics, so `bus_dependency_up` is as fresh as the scrape without a timer pinging in between.
 * Returns the function that unregisters it (at shutdown).
 */
export function refreshBusDependenciesOnScrape(refresh: () => Promise<void>): () => void {
  refreshers.add(refresh);
  busDependencyUp();
  return () => refreshers.delete(refresh);
}

export const busDependencyUp = once(
  'bus_dependency_up',
  () =>
    new Gauge({
      name: 'bus_dependency_up',
      help: 'Whether a service this app calls answered a bus round trip (1) or not (0), as of the last check',
      // Not `service`: that default label already names the app exporting the metric.
      labelNames: ['dependency'],
      async collect() {
        await Promise.all([...refreshers].map((refresh) => refresh().catch(() => undefined)));
      },
    }),
);
