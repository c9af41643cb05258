// (e) OpenLIT (`openlit` npm): openlit.init() sets up its own tracer, logger
// (events) and meter providers with @opentelemetry/exporter-*-otlp-http
// (OTLP/HTTP JSON) to `${otlpEndpoint}/v1/{traces,logs,metrics}` (endpoint
// from the option or OTEL_EXPORTER_OTLP_ENDPOINT, headers from otlpHeaders or
// OTEL_EXPORTER_OTLP_HEADERS). pricingJson is given inline so it does not
// fetch its pricing table from the internet (that table drives gen_ai.usage.cost).
'use strict'
const openlit = require('openlit').default || require('openlit')

openlit.init({
  applicationName: 'otlp-fixture-openlit',
  environment: 'fixtures',
  otlpEndpoint: process.env.OTLP_BASE,
  otlpHeaders: process.env.OTLP_HEADERS
    ? JSON.parse(process.env.OTLP_HEADERS)
    : { Authorization: 'Bearer openlit-mock-key' },
  captureMessageContent: true,
  pricingJson: {
    chat: {
      'gpt-4o-mini': { promptPrice: 0.00015, completionPrice: 0.0006 },
      'gpt-4o-mini-2024-07-18': { promptPrice: 0.00015, completionPrice: 0.0006 },
      'claude-3-5-haiku-20241022': {
        promptPrice: 0.0008,
        completionPrice: 0.004,
        cacheReadPrice: 0.00008,
      },
    },
    embeddings: { 'text-embedding-3-small': 0.00002 },
  },
})

const OpenAI = require('openai')
const Anthropic = require('@anthropic-ai/sdk')
const { trace, metrics } = require('@opentelemetry/api')
const { logs } = require('@opentelemetry/api-logs')
const { runOpenAI, runAnthropic } = require('../../common/calls.cjs')

async function flush() {
  for (const p of [
    trace.getTracerProvider(),
    metrics.getMeterProvider(),
    logs.getLoggerProvider(),
  ]) {
    const real = p.getDelegate ? p.getDelegate() : p
    if (real && typeof real.forceFlush === 'function') await real.forceFlush()
  }
}

;(async () => {
  await new Promise((r) => setTimeout(r, 200)) // let pricingJson resolve
  const openai = new OpenAI({
    baseURL: `${process.env.MOCK_BASE_URL}/v1`,
    apiKey: process.env.OPENAI_API_KEY,
  })
  const anthropic = new Anthropic({
    baseURL: process.env.MOCK_BASE_URL,
    apiKey: process.env.ANTHROPIC_API_KEY,
  })
  const only = process.env.CAPTURE_ONLY ? process.env.CAPTURE_ONLY.split(',') : undefined
  await runOpenAI(openai, flush, { only })
  await runAnthropic(anthropic, flush, { only })
  await flush()
  process.exit(0)
})()
