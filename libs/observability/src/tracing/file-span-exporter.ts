import { ExportResult, ExportResultCode, hrTimeToMicroseconds } from '@opentelemetry/core';
import { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { appendFileSync } from 'fs';

/** One finished span as a JSON line: enough to rebuild a trace's tree across processes. */
export interface SpanRecord {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startUs: number;
  endUs: number;
  status: number;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
}

/**
 * Appends finished spans as JSON lines to a file (`OTEL_TRACES_EXPORTER=file`), which several
 * processes may share: one appendFileSync per batch, so lines never interleave. For tests that assert
 * a trace across real processes, and for a look at a trace on a machine without a collector.
 */
export class FileSpanExporter implements SpanExporter {
  constructor(
    private readonly path: string,
    private readonly service: string,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.path, spans.map((span) => `${JSON.stringify(this.record(span))}\n`).join(''));
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private record(span: ReadableSpan): SpanRecord {
    const context = span.spanContext();
    return {
      service: this.service,
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      name: span.name,
      kind: span.kind,
      startUs: hrTimeToMicroseconds(span.startTime),
      endUs: hrTimeToMicroseconds(span.endTime),
      status: span.status.code,
      attributes: { ...span.attributes },
      links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId })),
    };
  }
}
