export interface PingRequest {
  /** Echoed back so the caller can match replies in tests and benchmarks. */
  nonce?: string;
}

export interface PingReply {
  service: string;
  instanceId: string;
  nonce?: string;
  uptimeSeconds: number;
}
