/**
 * Field names that never reach a log line, wherever they appear in a logged object. pino's redaction
 * works on paths, so each name is listed at the depths our log objects use.
 */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'refreshToken',
  'accessToken',
  'token',
  'agentToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'x-api-key',
];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pathTo(prefix: string, field: string): string {
  if (IDENTIFIER.test(field)) return prefix ? `${prefix}.${field}` : field;
  return `${prefix}["${field}"]`;
}

export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [
  pathTo('', f),
  pathTo('*', f),
  pathTo('*.*', f),
  pathTo('req.headers', f),
]);
