import { problem } from '../filters/problem';

/** RFC 9457 problem details as every gateway error is shaped (see filters/problem.ts). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Identifies the problem type' },
    title: { type: 'string', description: 'The HTTP reason phrase' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong, for a person' },
    code: {
      type: 'string',
      description: 'Stable machine-readable code, e.g. AUTH_INVALID_CREDENTIALS',
      pattern: '^[A-Z][A-Z0-9_]*$',
    },
    requestId: { type: 'string', description: 'The X-Request-Id of the request, to quote to support' },
    errors: {
      type: 'array',
      description: 'Per-field validation messages (400 VALIDATION_FAILED)',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      },
    },
    errorId: { type: 'string', description: 'Logged id of an unexpected error (500)' },
  },
};

export function problemExample(status: number, code: string, detail: string): Record<string, unknown> {
  return { ...problem(status, code, detail, '3f1c2a9e-7b4d-4e21-9c55-0a8f6d2e1b77') };
}
