import { STATUS_CODES } from 'http';

/** RFC 9457 problem details, plus our stable `code` and the request id to quote to support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: Array<{ field: string; messages: string[] }>;
  errorId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extra: Partial<Problem> = {},
): Problem {
  return {
    type: `https://portcullis.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    requestId,
    ...extra,
  };
}
