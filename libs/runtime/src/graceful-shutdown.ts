import { INestApplication } from '@nestjs/common';
import { Logger } from 'pino';

export interface Closable {
  close(): Promise<void> | void;
}

/**
 * On SIGTERM/SIGINT: stop taking bus work and finish what is in flight (the bus server drains),
 * then close HTTP and the rest of the app, then `closeLast` (the trace exporter), then exit. A second signal, or a shutdown that overruns
 * its budget, exits at once: whatever was not acked stays pending for another replica.
 */
export function exitGracefullyOnSignal(
  app: INestApplication,
  drainFirst: Closable[],
  logger: Logger,
  budgetMs: number,
  closeLast: Closable[] = [],
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const overrun = setTimeout(() => {
      logger.error('shutdown overran its budget; exiting');
      process.exit(1);
    }, budgetMs + 5000);
    overrun.unref();
    void (async () => {
      for (const item of drainFirst) await item.close();
      await app.close();
      // Last, so spans of the final requests are flushed too.
      for (const item of closeLast) await item.close();
      logger.info('stopped');
      logger.flush?.();
      process.exit(0);
    })().catch((err) => {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
