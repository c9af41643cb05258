// (e) Vercel AI SDK v7 (`ai` + @ai-sdk/openai + @ai-sdk/anthropic). In v7 the
// OpenTelemetry support moved out of `ai` into @ai-sdk/otel: register it with
// registerTelemetry(new OpenTelemetry()) (GenAI-semconv spans) or
// registerTelemetry(new LegacyOpenTelemetry()) (the v4-v6 `ai.*` span format),
// then pass `telemetry: { isEnabled: true, ... }` (experimental_telemetry is a
// deprecated alias). Spans go through the global tracer provider -> OTLP/HTTP
// protobuf (exporter-trace-otlp-proto). AI_OTEL=legacy selects LegacyOpenTelemetry.
'use strict'
const { NodeSDK } = require('@opentelemetry/sdk-node')
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace')
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto')

const legacy = process.env.AI_OTEL === 'legacy'
const headers = process.env.OTLP_HEADERS ? JSON.parse(process.env.OTLP_HEADERS) : {}
const spanProcessor = new BatchSpanProcessor({
  exporter: new OTLPTraceExporter({ url: `${process.env.OTLP_BASE}/v1/traces`, headers }),
})
const sdk = new NodeSDK({
  serviceName: legacy ? 'otlp-fixture-vercel-ai-legacy' : 'otlp-fixture-vercel-ai',
  spanProcessors: [spanProcessor],
})
sdk.start()
const { step, SYSTEM, QUESTION } = require('../../common/calls.cjs')
const flush = () => spanProcessor.forceFlush()

;(async () => {
  const { generateText, streamText, embedMany, tool, isStepCount, registerTelemetry } =
    await import('ai')
  const { OpenTelemetry, LegacyOpenTelemetry } = await import('@ai-sdk/otel')
  const { createOpenAI } = await import('@ai-sdk/openai')
  const { createAnthropic } = await import('@ai-sdk/anthropic')
  const { z } = await import('zod')
  // runtimeContext/usage/providerMetadata are opt-in supplemental (non-semconv) attributes of the
  // new integration: they make user/session (ai.settings.context.*) and reasoning/no-cache token
  // details (ai.usage.*) visible. LegacyOpenTelemetry takes no such options.
  registerTelemetry(
    legacy
      ? new LegacyOpenTelemetry()
      : new OpenTelemetry({ runtimeContext: true, usage: true, providerMetadata: true }),
  )

  const openai = createOpenAI({
    baseURL: `${process.env.MOCK_BASE_URL}/v1`,
    apiKey: process.env.OPENAI_API_KEY,
  })
  const anthropic = createAnthropic({
    baseURL: `${process.env.MOCK_BASE_URL}/v1`,
    apiKey: process.env.ANTHROPIC_API_KEY,
  })
  const only = process.env.CAPTURE_ONLY ? process.env.CAPTURE_ONLY.split(',') : undefined
  const telemetry = (functionId) => ({
    isEnabled: true,
    functionId,
    includeRuntimeContext: { userId: true, sessionId: true },
  })
  const runtimeContext = { userId: 'user-123', sessionId: 'session-abc', secret: 'not-exported' }
  const params = {
    temperature: 0.2,
    topP: 0.9,
    maxOutputTokens: 64,
    presencePenalty: 0.1,
    frequencyPenalty: 0.2,
    seed: 7,
    stopSequences: ['END'],
  }
  const weather = tool({
    description: 'Get the current weather for a city',
    inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
    execute: async ({ city }) => ({ city, temperature: 21, unit: 'celsius', sky: 'sunny' }),
  })

  await step(
    'chat',
    flush,
    async () =>
      (
        await generateText({
          model: openai.chat('gpt-4o-mini'),
          system: SYSTEM,
          prompt: QUESTION,
          ...params,
          runtimeContext,
          telemetry: telemetry('fixture-chat'),
        })
      ).text,
    { only },
  )
  await step(
    'chat-stream',
    flush,
    async () => {
      const r = streamText({
        model: openai.chat('gpt-4o-mini'),
        system: SYSTEM,
        prompt: QUESTION,
        ...params,
        runtimeContext,
        telemetry: telemetry('fixture-chat-stream'),
      })
      let text = ''
      for await (const t of r.textStream) text += t
      return text
    },
    { only },
  )
  await step(
    'embeddings',
    flush,
    async () => {
      const r = await embedMany({
        model: openai.embedding('text-embedding-3-small'),
        values: ['hello world', 'goodbye world'],
        telemetry: telemetry('fixture-embed'),
      })
      return { n: r.embeddings.length, usage: r.usage }
    },
    { only },
  )
  await step(
    'tool-call',
    flush,
    async () =>
      (
        await generateText({
          model: openai.chat('gpt-4o-mini'),
          prompt: 'What is the weather in Paris?',
          tools: { get_weather: weather },
          stopWhen: isStepCount(2),
          temperature: 0,
          runtimeContext,
          telemetry: telemetry('fixture-tool-call'),
        })
      ).text,
    { only },
  )
  await step(
    'tool-call-stream',
    flush,
    async () => {
      const r = streamText({
        model: openai.chat('gpt-4o-mini'),
        prompt: 'What is the weather in Paris?',
        tools: { get_weather: weather },
        stopWhen: isStepCount(2),
        runtimeContext,
        telemetry: telemetry('fixture-tool-call-stream'),
      })
      let text = ''
      for await (const t of r.textStream) text += t
      return text
    },
    { only },
  )
  await step(
    'error',
    flush,
    async () =>
      (
        await generateText({
          model: openai.chat('mock-error-model'),
          prompt: 'This request fails with HTTP 400.',
          maxRetries: 0,
          runtimeContext,
          telemetry: telemetry('fixture-error'),
        })
      ).text,
    { only },
  )
  await step(
    'responses',
    flush,
    async () =>
      (
        await generateText({
          model: openai.responses('gpt-4o-mini'),
          system: 'Be brief.',
          prompt: 'Say hello.',
          temperature: 0.3,
          maxOutputTokens: 50,
          runtimeContext,
          telemetry: telemetry('fixture-responses'),
        })
      ).text,
    { only },
  )
  await step(
    'anthropic-messages',
    flush,
    async () =>
      (
        await generateText({
          model: anthropic('claude-3-5-haiku-20241022'),
          system: SYSTEM,
          prompt: QUESTION,
          temperature: 0.2,
          maxOutputTokens: 128,
          runtimeContext,
          telemetry: telemetry('fixture-anthropic'),
        })
      ).text,
    { only },
  )
  await step(
    'anthropic-messages-stream',
    flush,
    async () => {
      const r = streamText({
        model: anthropic('claude-3-5-haiku-20241022'),
        system: SYSTEM,
        prompt: QUESTION,
        temperature: 0.2,
        maxOutputTokens: 128,
        runtimeContext,
        telemetry: telemetry('fixture-anthropic-stream'),
      })
      let text = ''
      for await (const t of r.textStream) text += t
      return text
    },
    { only },
  )
  await step(
    'anthropic-tool-use',
    flush,
    async () =>
      (
        await generateText({
          model: anthropic('claude-3-5-haiku-20241022'),
          prompt: 'What is the weather in Paris?',
          tools: { get_weather: weather },
          stopWhen: isStepCount(2),
          maxOutputTokens: 128,
          runtimeContext,
          telemetry: telemetry('fixture-anthropic-tool-use'),
        })
      ).text,
    { only },
  )
  await sdk.shutdown()
})()
