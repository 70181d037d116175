import { waitFor } from '@portcullis/testing';

/** A tiny JSON client for e2e tests that keeps every response body, for the no-secrets check. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class Api {
  readonly seen: Array<{ path: string; status: number; text: string }> = [];

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    this.seen.push({ path, status: res.status, text });
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, body, text };
  }

  post<T = any>(path: string, body?: unknown, token?: string) {
    return this.request<T>('POST', path, { body, token });
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }

  /**
   * The agent's uses and budget refusals from its decision log (`kind:reason`, newest first), once
   * `count` of them are there: the gateway counts a use at once, the log gets it through the
   * `agent-uses` queue a moment later.
   */
  loggedUses(agentId: string, token: string, count: number): Promise<string[]> {
    return waitFor(
      async () => {
        const page = await this.get(`/agents/${agentId}/decisions`, token);
        const uses = (page.body.items as Array<{ kind: string; reason: string }>)
          .filter((d) => d.kind === 'use' || d.reason === 'budget_exhausted')
          .map((d) => `${d.kind}:${d.reason}`);
        return uses.length === count ? uses : undefined;
      },
      { timeoutMs: 5000, what: `${count} uses of ${agentId} in its decision log` },
    );
  }

  /**
   * An access token for the account, the platform having just started: a login that meets a cold,
   * loaded machine may outrun the gateway's 5 s deadline (503/504), which says nothing of the
   * password, so it is tried again; any other refusal fails at once, saying what it was.
   */
  async accessToken(email: string, password: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const login = await this.post('/auth/login', { email, password });
      if (login.status === 200) return login.body.accessToken as string;
      if (![502, 503, 504].includes(login.status) || Date.now() > deadline)
        throw new Error(`login of ${email}: ${login.status} ${login.text}`);
    }
  }
}

let counter = 0;
/** A unique, valid email per call (tests share one database per run). */
export function uniqueEmail(tag = 'user'): string {
  counter++;
  return `${tag}.${Date.now().toString(36)}.${counter}.${Math.random().toString(36).slice(2, 7)}@example.test`;
}

/** Passes the strength policy (zxcvbn ≥ 3) and contains no email local part. */
export const STRONG_PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
