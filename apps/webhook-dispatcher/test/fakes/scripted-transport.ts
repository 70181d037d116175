import { TransportResponse, WebhookTransport } from '../../src/dispatch/webhook-transport';

export interface SentRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  pinnedAddresses?: string[];
}

/** Answers each POST with the next scripted response (the last one repeats) and keeps what was sent. */
export class ScriptedTransport extends WebhookTransport {
  readonly sent: SentRequest[] = [];
  private script: Array<Partial<TransportResponse>> = [{ status: 200 }];

  answer(...responses: Array<Partial<TransportResponse>>): this {
    this.script = responses;
    return this;
  }

  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    _timeoutMs: number,
    pinnedAddresses?: string[],
  ): Promise<TransportResponse> {
    this.sent.push({ url, body, headers, pinnedAddresses });
    const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
    return { sent: true, status: null, body: null, retryAfter: null, error: null, durationMs: 12, ...next };
  }
}
