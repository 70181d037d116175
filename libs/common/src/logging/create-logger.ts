import pino, { Logger } from 'pino';
import { serializeError } from './error-serializer';
import { REDACT_PATHS } from './redact-paths';
import { mergeRequestLogFields, requestLogFields } from './request-log-fields';

export interface LoggerOptions {
  service: string;
  level: string;
  format: 'json' | 'pretty';
}

/**
 * Structured JSON logs (pino) with secrets and query values redacted; `pretty` is for humans at a
 * terminal. `destination` is for tests that read what was written.
 */
export function createLogger(opts: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { service: opts.service },
    mixin: requestLogFields,
    mixinMergeStrategy: mergeRequestLogFields,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport:
      opts.format === 'pretty'
        ? { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname,service' } }
        : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
