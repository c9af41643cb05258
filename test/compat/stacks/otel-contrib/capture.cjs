// (a) OpenTelemetry contrib @opentelemetry/instrumentation-openai (GenAI semconv)
// with @opentelemetry/sdk-node, exporting traces + logs + metrics over OTLP/HTTP.
// OTLP_ENCODING=proto (default; exporter-*-otlp-proto) | json (exporter-*-otlp-http)
// OTLP_COMPRESSION=gzip to turn on exporter compression. CAPTURE_ONLY=chat,embeddings to limit steps.
// OTLP_HEADERS='{"Authorization":"Bearer sk-..."}' adds headers to every export request.
'use strict'
const { NodeSDK } = require('@opentelemetry/sdk-node')
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace')
const { BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs')
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics')
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai')

const base = process.env.OTLP_BASE
const json = process.env.OTLP_ENCODING === 'json'
const compression = process.env.OTLP_COMPRESSION || 'none'
const headers = process.env.OTLP_HEADERS ? JSON.parse(process.env.OTLP_HEADERS) : {}
const pkg = json
  ? {
      t: '@opentelemetry/exporter-trace-otlp-http',
      l: '@opentelemetry/exporter-logs-otlp-http',
      m: '@opentelemetry/exporter-metrics-otlp-http',
    }
  : {
      t: '@opentelemetry/exporter-trace-otlp-proto',
      l: '@opentelemetry/exporter-logs-otlp-proto',
      m: '@opentelemetry/exporter-metrics-otlp-proto',
    }
const { OTLPTraceExporter } = require(pkg.t)
const { OTLPLogExporter } = require(pkg.l)
const { OTLPMetricExporter } = require(pkg.m)

const spanProcessor = new BatchSpanProcessor({
  exporter: new OTLPTraceExporter({ url: `${base}/v1/traces`, compression, headers }),
})
const logProcessor = new BatchLogRecordProcessor({
  exporter: new OTLPLogExporter({ url: `${base}/v1/logs`, compression, headers }),
})
const metricReader = new PeriodicExportingMetricReader({
  exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, compression, headers }),
  exportIntervalMillis: 600000,
})

const sdk = new NodeSDK({
  serviceName: 'otlp-fixture-otel-contrib',
  spanProcessors: [spanProcessor],
  logRecordProcessors: [logProcessor],
  metricReaders: [metricReader],
  instrumentations: [
    new OpenAIInstrumentation({ captureMessageContent: process.env.CAPTURE_CONTENT !== 'false' }),
  ],
})
sdk.start()

const OpenAI = require('openai') // required after sdk.start() so the instrumentation can patch it
const { runOpenAI } = require('../../common/calls.cjs')

async function flush() {
  await spanProcessor.forceFlush()
  await logProcessor.forceFlush()
  await metricReader.forceFlush()
}

;(async () => {
  const client = new OpenAI({
    baseURL: `${process.env.MOCK_BASE_URL}/v1`,
    apiKey: process.env.OPENAI_API_KEY,
  })
  const only = process.env.CAPTURE_ONLY ? process.env.CAPTURE_ONLY.split(',') : undefined
  await runOpenAI(client, flush, { only })
  await sdk.shutdown()
})()
