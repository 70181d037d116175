import { serializeError } from '@portcullis/common';

/**
 * An unhandled rejection or an uncaught exception still ends the process, as Node's default would
 * (its state may be broken; the orchestrator starts a fresh one), but first says why as one JSON
 * line at pino's `fatal` level, which a log pipeline keeps and can alert on, instead of a bare stack
 * on stderr. The line is written synchronously: nothing is left in a buffer when the process exits.
 */
export function exitOnUnhandledErrors(write: (line: string) => void = (line) => process.stderr.write(line)): void {
  const die = (what: string, reason: unknown) => {
    write(
      `${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: `${what}; exiting`, err: serializeError(reason) })}\n`,
    );
    process.exit(1);
  };
  process.on('unhandledRejection', (reason) => die('unhandled rejection', reason));
  process.on('uncaughtException', (err) => die('uncaught exception', err));
}
