// (f) Native tracing built into @anthropic-ai/sdk (scope "com.anthropic.sdk.typescript"):
// no instrumentation library at all. The SDK starts a CLIENT span per API call
// whenever a global tracer provider is registered (opt out with
// ANTHROPIC_OPEN_TELEMETRY=false); prompt/response content only with
// ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content (default metadata_only),
// or `new Anthropic({ openTelemetry: { traces: { contentMode: 'content' } } })`.
// Set ANTHROPIC_CONTENT=0 to capture the default metadata_only shape instead.
'use strict'
const { NodeSDK } = require('@opentelemetry/sdk-node')
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace')
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto')

const headers = process.env.OTLP_HEADERS ? JSON.parse(process.env.OTLP_HEADERS) : {}
const spanProcessor = new BatchSpanProcessor({
  exporter: new OTLPTraceExporter({ url: `${process.env.OTLP_BASE}/v1/traces`, headers }),
})
const sdk = new NodeSDK({
  serviceName: 'otlp-fixture-anthropic-native',
  spanProcessors: [spanProcessor],
})
sdk.start()

const Anthropic = require('@anthropic-ai/sdk')
const { runAnthropic } = require('../../common/calls.cjs')

;(async () => {
  const content = process.env.ANTHROPIC_CONTENT !== '0'
  const anthropic = new Anthropic({
    baseURL: process.env.MOCK_BASE_URL,
    apiKey: process.env.ANTHROPIC_API_KEY,
    openTelemetry: {
      traces: { enabled: true, contentMode: content ? 'content' : 'metadata_only' },
    },
  })
  const only = process.env.CAPTURE_ONLY ? process.env.CAPTURE_ONLY.split(',') : undefined
  await runAnthropic(anthropic, () => spanProcessor.forceFlush(), { only })
  await sdk.shutdown()
})()
