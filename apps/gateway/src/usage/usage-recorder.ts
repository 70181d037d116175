/** One proxied request, as usage analytics counts it. */
export interface UsageSample {
  apiId: string;
  /** When the request arrived, epoch ms. */
  at: number;
  /** The matched route (`GET /users/:id`), or the method and `*`: never the raw path, which is unbounded. */
  route: string;
  /** `user:<id>`, `api-key:<id>` or `agent:<id>`. */
  caller: string;
  status: number;
  latencyMs: number;
}

/** Takes samples off the request path; implementations batch and write them later. */
export abstract class UsageRecorder {
  abstract record(sample: UsageSample): void;
}
