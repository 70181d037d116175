import type { Tracer } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { FileSpanExporter } from './file-span-exporter';

/** `OTEL_TRACES_EXPORTER`: `none` (default) records nothing; `file` writes JSON lines to `OTEL_TRACES_FILE`. */
export type TracesExporter = 'none' | 'otlp' | 'console' | 'file';

export interface TracingOptions {
  service: string;
  version?: string;
  exporter: TracesExporter;
  /** Required for `file`. */
  filePath?: string;
}

export interface Tracing {
  /** The tracer to hand to libs/common's `enableSpans` (absent when tracing is off). */
  tracer?: Tracer;
  /** Flushes spans still buffered; called at shutdown. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { shutdown: () => Promise.resolve() };

/**
 * Starts the OpenTelemetry SDK for this process, or does nothing when the exporter is `none`: then
 * no provider is registered and every span helper returns at its first check, so tracing costs a
 * boolean test per hop. `otlp` sends to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads the standard
 * OTEL_EXPORTER_OTLP_* variables itself) in batches; `file` and `console` export each span as it ends.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (options.exporter === 'none') return OFF;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: options.version ?? '0.0.0',
    }),
    spanProcessors: [processorFor(options)],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return { tracer: trace.getTracer('portcullis', options.version), shutdown: () => provider.shutdown() };
}

function processorFor(options: TracingOptions): SpanProcessor {
  switch (options.exporter) {
    case 'otlp':
      return new BatchSpanProcessor(new OTLPTraceExporter());
    case 'console':
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    case 'file':
      if (!options.filePath) throw new Error('OTEL_TRACES_FILE is required when OTEL_TRACES_EXPORTER=file');
      return new SimpleSpanProcessor(new FileSpanExporter(options.filePath, options.service));
  }
  throw new Error(`Unknown traces exporter ${String(options.exporter)}`);
}
