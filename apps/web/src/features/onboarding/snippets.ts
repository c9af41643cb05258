/**
 * The first-trace snippets of the empty state, for the server the page was loaded from. The
 * secret key is never known to the page (it is shown once, at creation), so the snippets hold
 * a placeholder with its visible prefix.
 */

export interface SnippetInput {
  /** The API origin, e.g. `http://localhost:8080` (OTLP/HTTP is served on it too). */
  origin: string
  /** `sk-lo-ab12…`, or a generic placeholder when no key is listed. */
  secretPlaceholder: string
}

/** OTLP/HTTP traces endpoint on the API origin. */
export function otlpTracesUrl(origin: string): string {
  return `${origin.replace(/\/$/, '')}/v1/traces`
}

export function nodeSnippet({ origin, secretPlaceholder }: SnippetInput): string {
  return `// npm install @opentelemetry/sdk-node @opentelemetry/exporter-trace-otlp-proto
import { NodeSDK } from '@opentelemetry/sdk-node'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'

const sdk = new NodeSDK({
  serviceName: 'my-llm-app',
  traceExporter: new OTLPTraceExporter({
    url: '${otlpTracesUrl(origin)}',
    headers: { Authorization: 'Bearer ${secretPlaceholder}' },
  }),
})
sdk.start()
// Spans with gen_ai.* attributes (OpenLLMetry, OpenInference, the OTel GenAI
// instrumentations) appear here as LLM calls with tokens and cost.`
}

export function pythonSnippet({ origin, secretPlaceholder }: SnippetInput): string {
  return `# pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

provider = TracerProvider(resource=Resource.create({"service.name": "my-llm-app"}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(
    endpoint="${otlpTracesUrl(origin)}",
    headers={"Authorization": "Bearer ${secretPlaceholder}"},
)))
trace.set_tracer_provider(provider)`
}

export function envSnippet({ origin, secretPlaceholder }: SnippetInput): string {
  return `export OTEL_EXPORTER_OTLP_ENDPOINT=${origin.replace(/\/$/, '')}
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${secretPlaceholder}"`
}
