// (c) Arize OpenInference: @arizeai/openinference-instrumentation-openai and
// -anthropic with @opentelemetry/sdk-node, exporting OTLP/HTTP protobuf
// (exporter-trace-otlp-proto) to ${OTLP_BASE}/v1/traces (what Phoenix
// ingests at <phoenix>/v1/traces).
'use strict'
const { NodeSDK } = require('@opentelemetry/sdk-node')
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace')
const { resourceFromAttributes } = require('@opentelemetry/resources')
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto')
const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai')
const { AnthropicInstrumentation } = require('@arizeai/openinference-instrumentation-anthropic')
const { SEMRESATTRS_PROJECT_NAME } = require('@arizeai/openinference-semantic-conventions')

const headers = process.env.OTLP_HEADERS ? JSON.parse(process.env.OTLP_HEADERS) : {}
const spanProcessor = new BatchSpanProcessor({
  exporter: new OTLPTraceExporter({ url: `${process.env.OTLP_BASE}/v1/traces`, headers }),
})
const sdk = new NodeSDK({
  serviceName: 'otlp-fixture-openinference',
  resource: resourceFromAttributes({ [SEMRESATTRS_PROJECT_NAME]: 'otlp-fixtures' }), // openinference.project.name
  spanProcessors: [spanProcessor],
  instrumentations: [new OpenAIInstrumentation(), new AnthropicInstrumentation()],
})
sdk.start()

const OpenAI = require('openai')
const Anthropic = require('@anthropic-ai/sdk')
const { context } = require('@opentelemetry/api')
const {
  setSession,
  setUser,
  setMetadata,
  setTags,
  setPromptTemplate,
} = require('@arizeai/openinference-core')
const { runOpenAI, runAnthropic, step, SYSTEM, QUESTION } = require('../../common/calls.cjs')

const flush = () => spanProcessor.forceFlush()

;(async () => {
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

  // OpenInference context attributes: session.id, user.id, metadata, tag.tags, llm.prompt_template.*
  await step(
    'context-attributes',
    flush,
    () => {
      let ctx = context.active()
      ctx = setSession(ctx, { sessionId: 'session-abc' })
      ctx = setUser(ctx, { userId: 'user-123' })
      ctx = setMetadata(ctx, { tenant: 'acme', experiment: 'fixtures' })
      ctx = setTags(ctx, ['fixture', 'otlp'])
      ctx = setPromptTemplate(ctx, {
        template: 'Answer: {question}',
        variables: { question: QUESTION },
        version: 'v1',
      })
      return context.with(ctx, async () => {
        const r = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: QUESTION },
          ],
        })
        return r.choices[0].message.content
      })
    },
    { only },
  )
  await sdk.shutdown()
})()
