import pino, { Logger } from 'pino';
import { REDACT_PATHS } from './redact-paths';

export interface LoggerOptions {
  service: string;
  level: string;
  format: 'json' | 'pretty';
}

/** Structured JSON logs (pino) with secrets redacted; `pretty` is for humans at a terminal. */
export function createLogger(opts: LoggerOptions): Logger {
  return pino({
    level: opts.level,
    base: { service: opts.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport:
      opts.format === 'pretty'
        ? { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname,service' } }
        : undefined,
  });
}
