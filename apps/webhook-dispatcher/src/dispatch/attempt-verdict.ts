import { TransportResponse } from './webhook-transport';

/** 2xx is the only success; 410 Gone means "stop sending, ever"; anything else may be retried. */
export type Verdict = 'succeeded' | 'gone' | 'failed';

export function verdictOf(status: number | null): Verdict {
  if (status !== null && status >= 200 && status < 300) return 'succeeded';
  return status === 410 ? 'gone' : 'failed';
}

/** What the attempt history says went wrong; null for a success. */
export function failureOf(response: TransportResponse): string | null {
  if (response.error) return response.error;
  const status = response.status;
  if (status === null || verdictOf(status) === 'succeeded') return null;
  if (status >= 300 && status < 400) return `receiver answered ${status}; redirects are not followed`;
  return `receiver answered ${status}`;
}
