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
}

let counter = 0;
/** A unique, valid email per call (tests share one database per run). */
export function uniqueEmail(tag = 'user'): string {
  counter++;
  return `${tag}.${Date.now().toString(36)}.${counter}.${Math.random().toString(36).slice(2, 7)}@example.test`;
}

/** Passes the strength policy (zxcvbn ≥ 3) and contains no email local part. */
export const STRONG_PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
