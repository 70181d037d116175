import { Injectable } from '@nestjs/common';
import { MAX_BODY_BYTES, TransportResponse, WebhookTransport } from './webhook-transport';

/**
 * POST with Node's fetch. Redirects are never followed (`redirect: 'manual'` hands back the 3xx):
 * following one would let a receiver bounce us to an address the SSRF check never saw. The whole
 * exchange, body included, is bounded by the timeout, and at most 1 KiB of the body is read.
 */
@Injectable()
export class FetchWebhookTransport extends WebhookTransport {
  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<TransportResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const text = await readPrefix(response);
      return { sent: true, status: response.status, body: text, retryAfter: response.headers.get('retry-after'), error: null, durationMs: elapsed() };
    } catch (err) {
      return { sent: true, status: null, body: null, retryAfter: null, error: describe(err, timeoutMs), durationMs: elapsed() };
    }
  }
}

/** Reads no more than it keeps, then lets the connection go; a body that stalls costs nothing here. */
async function readPrefix(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // The status already arrived; a body cut short (timeout, reset) does not change the verdict.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES);
  // PostgreSQL text cannot hold NUL, and a cut multi-byte character decodes to U+FFFD harmlessly.
  return bytes.length ? bytes.toString('utf8').replace(/\u0000/g, '') : null;
}

/** A short, stable description of why no response came: the system error code when there is one. */
function describe(err: unknown, timeoutMs: number): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  // fetch itself only says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, bad port, …).
  const cause = error?.cause;
  const reason = cause?.code ? `${cause.code}: ${cause.message ?? 'request failed'}` : (cause?.message ?? error?.message ?? String(err));
  return reason.slice(0, 500);
}
