// Traceloop OpenLLMetry @traceloop/node-server-sdk 0.27 (stacks/traceloop): new-style GenAI
// attributes (JSON message strings), workflow/task/tool spans and association properties,
// OTLP/HTTP protobuf with `Authorization: Bearer <apiKey>`. Its Anthropic spans get a child
// span from the Anthropic SDK's own tracing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  calls,
  captureStack,
  describeSpan,
  onlyLlmSpan,
  textMessages,
  ObservatoryProcess,
  type StackCapture,
} from './harness.js'
import {
  anthropicErrorText,
  expectAssistantOutput,
  expectComputedCost,
  expectError,
  expectGpt4oMiniModels,
  expectOpenAiChatUsage,
  expectStreamTtft,
  expectSystemAndUserMessages,
  openAiChatCost,
  expectTraceUsage,
} from './assertions.js'
import { anthropicMessages, claude35HaikuCost, claudeText, openAiChat } from './expected.js'

describe('Traceloop node-server-sdk through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('traceloop', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes a chat call: models, 19/9 tokens, computed cost, messages', () => {
    const span = onlyLlmSpan(cap.traceOf('chat'))
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: false, reasoning: false })
    expect(span.total_tokens, describeSpan(span)).toBe(28)
    expectComputedCost(span, openAiChatCost(false))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
    expect(span.service_name).toBe('otlp-fixture-traceloop')
  })

  it('keeps the usage Traceloop estimates for OpenAI streams (13/11, not the include_usage chunk)', () => {
    // @traceloop/instrumentation-openai 0.27 counts stream tokens itself and sends
    // gen_ai.usage.input_tokens 13 / output_tokens 11: the server stores what was sent.
    const span = onlyLlmSpan(cap.traceOf('chat-stream'))
    expectGpt4oMiniModels(span)
    expect([span.input_tokens, span.output_tokens], describeSpan(span)).toEqual([13, 11])
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
  })

  it('exports no span for the failed OpenAI call (a Traceloop bug: the span is never ended)', () => {
    expect(cap.tracesOf('error')).toEqual([])
  })

  it('counts the Traceloop Anthropic span once: 25 input incl. 4 cache read, 11 output; the SDK child span does not count', () => {
    const trace = cap.traceOf('anthropic-messages')
    expect(trace.spans).toHaveLength(2)
    const span = onlyLlmSpan(trace)
    expect(span.scope_name, describeSpan(span)).toBe('@traceloop/instrumentation-anthropic')
    expect(span.provider, describeSpan(span)).toBe('anthropic')
    expect(span.request_model, describeSpan(span)).toBe(calls.ANTHROPIC_MODEL)
    // Traceloop sends Anthropic's raw input_tokens 21 (without cache) plus cache_read 4.
    expect(
      [span.input_tokens, span.cached_input_tokens, span.output_tokens],
      describeSpan(span),
    ).toEqual([anthropicMessages.input, anthropicMessages.cacheRead, anthropicMessages.output])
    expectComputedCost(span, claude35HaikuCost(anthropicMessages))
    expectTraceUsage(trace, {
      input: anthropicMessages.input,
      output: anthropicMessages.output,
    })
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span, claudeText)
  })

  it('takes the Anthropic stream TTFT from the SDK child span', () => {
    const trace = cap.traceOf('anthropic-messages-stream')
    const span = onlyLlmSpan(trace)
    expectStreamTtft(span)
    expectTraceUsage(trace, {
      input: anthropicMessages.input,
      output: anthropicMessages.output,
    })
  })

  it('marks the failed Anthropic call as an error with the provider message', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-error'))
    expectError(span, { messageContains: anthropicErrorText })
    expect(span.error_type, describeSpan(span)).not.toBeNull()
  })

  it('carries the association properties as user and session, and the workflow shape', () => {
    const { trace, spans } = cap.traceOf('workflow')
    expect(trace.user_id).toBe('user-123')
    expect(trace.session_id).toBe('session-abc')
    expect(trace.root_name).toBe('answer_question.workflow')
    const llm = onlyLlmSpan({ trace, spans })
    expect(llm.user_id, describeSpan(llm)).toBe('user-123')
    expect(llm.session_id, describeSpan(llm)).toBe('session-abc')
    expectOpenAiChatUsage(llm, { cached: false, reasoning: false })
    const tool = spans.find((s) => s.name === 'get_weather.tool')
    expect(tool?.kind, describeSpan(tool)).toBe('tool')
    expectTraceUsage({ trace, spans }, { input: openAiChat.input, output: openAiChat.output })
    expect(textMessages(llm.output_messages)?.[0]?.role).toBe('assistant')
  })
})
