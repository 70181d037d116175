/** What came back from one POST, or why nothing did. */
export interface TransportResponse {
  /** False when the request never went out (a forbidden address, a disabled subscription). */
  sent: boolean;
  /** Null when no response arrived (refused, timed out, not sent at all). */
  status: number | null;
  /** The first MAX_BODY_BYTES of the body, as text. */
  body: string | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * Enough of a response body to show what a receiver said (an error line), without storing
 * whatever it sends: a receiver's answer is kept in the attempt and shown in listings, so a large
 * one would be a way to park data, or the contents of an internal page, in our database.
 */
export const MAX_BODY_BYTES = 256;

/** Sends one webhook request (node:http in the app, a scripted fake in unit tests). */
export abstract class WebhookTransport {
  /**
   * `pinnedAddresses`, when given, are the only addresses the request may connect to: the ones the
   * SSRF check just approved, so a second DNS answer (rebinding) cannot send it somewhere else.
   */
  abstract post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
    pinnedAddresses?: string[],
  ): Promise<TransportResponse>;
}

/** An attempt that never reached the network (a forbidden address, a disabled subscription). */
export function notSent(error: string): TransportResponse {
  return { sent: false, status: null, body: null, retryAfter: null, error, durationMs: 0 };
}
