/**
 * Per-call options for `ClientProxy.send`, in the style of Nest's RmqRecord/NatsRecord:
 * `client.send(pattern, new BusRecord(payload, { timeoutMs: 500 }))`.
 */
export interface BusRecordOptions {
  timeoutMs?: number;
  traceparent?: string;
}

export class BusRecord<T = unknown> {
  constructor(
    readonly data: T,
    readonly options: BusRecordOptions = {},
  ) {}
}
