// (b) Traceloop OpenLLMetry: @traceloop/node-server-sdk (bundles
// @traceloop/instrumentation-openai and -anthropic). It exports OTLP/HTTP
// protobuf to `${baseUrl}/v1/traces` with `Authorization: Bearer <apiKey>`.
// TRACELOOP_MANUAL=1 uses instrumentModules (manual patching) instead of
// require-hook auto-instrumentation.
'use strict'
const traceloop = require('@traceloop/node-server-sdk')

const manual = process.env.TRACELOOP_MANUAL === '1'
const OpenAIForManual = manual ? require('openai') : undefined
const AnthropicForManual = manual ? require('@anthropic-ai/sdk') : undefined

traceloop.initialize({
  appName: 'otlp-fixture-traceloop',
  baseUrl: process.env.OTLP_BASE, // -> POST ${baseUrl}/v1/traces
  apiKey: process.env.TRACELOOP_API_KEY || 'tl-mock-api-key', // -> Authorization: Bearer <apiKey>
  disableBatch: false,
  traceloopSyncEnabled: false, // no prompt-registry polling
  ...(manual
    ? { instrumentModules: { openAI: OpenAIForManual.OpenAI, anthropic: AnthropicForManual } }
    : {}),
})

const OpenAI = require('openai')
const Anthropic = require('@anthropic-ai/sdk')
const { runOpenAI, runAnthropic, step, SYSTEM, QUESTION } = require('../../common/calls.cjs')

const flush = () => traceloop.forceFlush()

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

  // Traceloop-specific: workflow/task/tool spans + association properties (user/session).
  await step(
    'workflow',
    flush,
    () =>
      traceloop.withAssociationProperties(
        { user_id: 'user-123', session_id: 'session-abc', customer_id: 'cust-9' },
        () =>
          traceloop.withWorkflow({ name: 'answer_question', version: 2 }, async () => {
            const answer = await traceloop.withTask({ name: 'ask_llm' }, () =>
              openai.chat.completions.create({
                model: 'gpt-4o-mini',
                messages: [
                  { role: 'system', content: SYSTEM },
                  { role: 'user', content: QUESTION },
                ],
              }),
            )
            const weather = await traceloop.withTool(
              { name: 'get_weather' },
              async (city) => ({ city, temperature: 21 }),
              'Paris',
            )
            return { answer: answer.choices[0].message.content, weather }
          }),
      ),
    { only },
  )
  await flush()
})()
