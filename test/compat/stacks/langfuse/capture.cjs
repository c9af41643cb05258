// (d) Langfuse OTel path: @langfuse/otel LangfuseSpanProcessor (+ @langfuse/tracing
// observations, + @langfuse/openai observeOpenAI wrapper for the openai client).
// The processor builds its own OTLPTraceExporter (@opentelemetry/exporter-trace-otlp-http,
// i.e. OTLP/HTTP **JSON**) pointed at `${baseUrl}/api/public/otel/v1/traces` with
// `Authorization: Basic base64(publicKey:secretKey)` + x-langfuse-* headers.
// baseUrl comes from the constructor or LANGFUSE_BASE_URL (legacy LANGFUSE_BASEURL).
'use strict'
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node')
const { LangfuseSpanProcessor } = require('@langfuse/otel')

const langfuseProcessor = new LangfuseSpanProcessor({
  publicKey: process.env.LANGFUSE_PUBLIC_KEY || 'pk-lf-mock-public',
  secretKey: process.env.LANGFUSE_SECRET_KEY || 'sk-lf-mock-secret',
  baseUrl: process.env.LANGFUSE_BASE_URL || process.env.OTLP_BASE, // -> POST ${baseUrl}/api/public/otel/v1/traces
  environment: 'fixtures',
  release: 'v1.2.3',
  mediaUploadEnabled: false,
})
const provider = new NodeTracerProvider({ spanProcessors: [langfuseProcessor] })
provider.register()

const OpenAI = require('openai')
const { observeOpenAI } = require('@langfuse/openai')
const {
  startActiveObservation,
  startObservation,
  propagateAttributes,
} = require('@langfuse/tracing')
const { runOpenAI, step, SYSTEM, QUESTION } = require('../../common/calls.cjs')

const flush = () => langfuseProcessor.forceFlush()

;(async () => {
  const base = new OpenAI({
    baseURL: `${process.env.MOCK_BASE_URL}/v1`,
    apiKey: process.env.OPENAI_API_KEY,
  })
  const openai = observeOpenAI(base, {
    traceName: 'fixture-trace',
    sessionId: 'session-abc',
    userId: 'user-123',
    tags: ['fixture', 'otlp'],
    generationMetadata: { tenant: 'acme' },
  })
  const only = process.env.CAPTURE_ONLY ? process.env.CAPTURE_ONLY.split(',') : undefined
  await runOpenAI(openai, flush, { only })

  // Manual observations with @langfuse/tracing: span -> generation (usage + cost) -> tool,
  // user/session/tags/metadata propagated to every child.
  await step(
    'manual-observations',
    flush,
    () =>
      propagateAttributes(
        {
          userId: 'user-123',
          sessionId: 'session-abc',
          tags: ['manual'],
          metadata: { tenant: 'acme' },
          traceName: 'manual-trace',
          version: '7',
        },
        () =>
          startActiveObservation('handle-request', async (root) => {
            root.update({ input: { question: QUESTION }, metadata: { route: '/ask' } })
            const gen = startObservation(
              'llm-call',
              {
                model: 'gpt-4o-mini',
                input: [
                  { role: 'system', content: SYSTEM },
                  { role: 'user', content: QUESTION },
                ],
                modelParameters: { temperature: 0.2, max_tokens: 64 },
              },
              { asType: 'generation' },
            )
            gen
              .update({
                output: { role: 'assistant', content: 'The answer is 42.' },
                usageDetails: { input: 19, output: 9, total: 28, cache_read_input_tokens: 3 },
                costDetails: { input: 0.0000029, output: 0.0000054, total: 0.0000083 },
                completionStartTime: new Date(),
              })
              .end()
            const tool = startObservation(
              'get_weather',
              { input: { city: 'Paris' } },
              { asType: 'tool' },
            )
            tool.update({ output: { temperature: 21 } }).end()
            const failing = startObservation('flaky-step', { input: 'x' })
            failing.update({ level: 'ERROR', statusMessage: 'upstream timed out' }).end()
            root.update({ output: { answer: 'The answer is 42.' } })
            return 'ok'
          }),
      ),
    { only },
  )
  await provider.shutdown()
})()
