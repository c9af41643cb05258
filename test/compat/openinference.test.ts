// Arize OpenInference instrumentation-openai 4.2 / -anthropic 0.2 (stacks/openinference):
// `llm.*` indexed attributes, INTERNAL spans with status OK, context attributes for
// session/user/metadata/tags. OTLP/HTTP protobuf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  calls,
  captureStack,
  describeSpan,
  onlyLlmSpan,
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
import { anthropicMessages, claude35HaikuCost, claudeText } from './expected.js'

describe('OpenInference instrumentations through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('openinference', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes a chat call: models, 19/9 tokens with cached and reasoning details, computed cost, messages', () => {
    const span = onlyLlmSpan(cap.traceOf('chat'))
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
    expect(span.total_tokens, describeSpan(span)).toBe(28)
    expectComputedCost(span, openAiChatCost(true))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
    expect(span.status, describeSpan(span)).toBe('ok')
  })

  it('keeps the tokens of an OpenAI stream unknown (OpenInference sends none), not 0 or estimated', () => {
    const span = onlyLlmSpan(cap.traceOf('chat-stream'))
    expect(span.request_model, describeSpan(span)).toBe('gpt-4o-mini')
    expect(span.stream, describeSpan(span)).toBe(true)
    expect([span.input_tokens, span.output_tokens, span.cost_usd], describeSpan(span)).toEqual([
      null,
      null,
      null,
    ])
    expect(span.usage_estimated, describeSpan(span)).toBe(false)
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
  })

  it('exports no span for the failed OpenAI call (an OpenInference bug: the span is never ended)', () => {
    expect(cap.tracesOf('error')).toEqual([])
  })

  it('keeps embeddings without token counts as unknown, not 0', () => {
    const [span] = cap.traceOf('embeddings').spans
    expect(span?.kind, describeSpan(span)).toBe('embedding')
    expect(span?.request_model, describeSpan(span)).toBe('text-embedding-3-small')
    expect([span?.input_tokens, span?.cost_usd], describeSpan(span)).toEqual([null, null])
  })

  it('counts the OpenInference Anthropic span once (25 incl. 4 cache read / 11) and reads the system prompt from the request', () => {
    const trace = cap.traceOf('anthropic-messages')
    const span = onlyLlmSpan(trace)
    expect(span.provider, describeSpan(span)).toBe('anthropic')
    expect(span.request_model, describeSpan(span)).toBe(calls.ANTHROPIC_MODEL)
    expect(
      [span.input_tokens, span.cached_input_tokens, span.output_tokens],
      describeSpan(span),
    ).toEqual([anthropicMessages.input, anthropicMessages.cacheRead, anthropicMessages.output])
    expectComputedCost(span, claude35HaikuCost(anthropicMessages))
    expectTraceUsage(trace, {
      input: anthropicMessages.input,
      output: anthropicMessages.output,
    })
    // OpenInference puts Anthropic's system prompt only into input.value / llm.invocation_parameters.
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span, claudeText)
  })

  it('takes the Anthropic stream TTFT from the SDK child span', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-messages-stream'))
    expectStreamTtft(span)
    expect([span.input_tokens, span.output_tokens], describeSpan(span)).toEqual([
      anthropicMessages.input,
      anthropicMessages.output,
    ])
  })

  it('marks the failed Anthropic call as an error with the provider message', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-error'))
    expectError(span, { messageContains: anthropicErrorText })
  })

  it('carries session, user, metadata and tags from the OpenInference context attributes', () => {
    const { trace, spans } = cap.traceOf('context-attributes')
    const span = onlyLlmSpan({ trace, spans })
    expect(span.user_id, describeSpan(span)).toBe('user-123')
    expect(span.session_id, describeSpan(span)).toBe('session-abc')
    expect([...span.tags].sort(), describeSpan(span)).toEqual(['fixture', 'otlp'])
    expect(span.metadata, describeSpan(span)).toMatchObject({
      tenant: 'acme',
      experiment: 'fixtures',
    })
    expect(trace.user_id).toBe('user-123')
    expect(trace.session_id).toBe('session-abc')
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
  })
})
