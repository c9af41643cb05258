// Langfuse @langfuse/otel 5.11 LangfuseSpanProcessor + @langfuse/openai observeOpenAI +
// @langfuse/tracing (stacks/langfuse): `langfuse.observation.*` attributes only, OTLP/HTTP
// JSON to `{baseUrl}/api/public/otel/v1/traces` with Basic auth (our project keys), sent to
// the API port as a Langfuse user would configure it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  captureStack,
  countedUsage,
  describeSpan,
  onlyLlmSpan,
  ObservatoryProcess,
  type StackCapture,
} from './harness.js'
import {
  expectAssistantOutput,
  expectComputedCost,
  expectError,
  expectOpenAiChatUsage,
  expectReportedCost,
  expectStreamTtft,
  expectSystemAndUserMessages,
  openAiChatCost,
  openAiErrorText,
} from './assertions.js'
import { assistantText, openAiChat } from './expected.js'

describe('Langfuse OTel span processor through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('langfuse', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes an observeOpenAI chat generation: model, tokens back to 19/9 incl. cache and reasoning, computed cost', () => {
    const span = onlyLlmSpan(cap.traceOf('chat'))
    // Langfuse sends one model name (the response model on non-streamed calls) and no provider.
    expect(span.model, describeSpan(span)).toBe('gpt-4o-mini-2024-07-18')
    expect(span.provider, describeSpan(span)).toBe('openai')
    // usage_details input 16 / output 7 exclude the 3 cached and 2 reasoning tokens.
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
    expect(span.total_tokens, describeSpan(span)).toBe(openAiChat.total)
    expectComputedCost(span, openAiChatCost(true))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
  })

  it('carries user, session, tags, environment and release of the observeOpenAI trace', () => {
    const { trace, spans } = cap.traceOf('chat')
    const span = onlyLlmSpan({ trace, spans })
    expect(span.user_id, describeSpan(span)).toBe('user-123')
    expect(span.session_id, describeSpan(span)).toBe('session-abc')
    expect([...span.tags].sort(), describeSpan(span)).toEqual(['fixture', 'otlp'])
    expect(span.environment, describeSpan(span)).toBe('fixtures')
    expect(span.release, describeSpan(span)).toBe('v1.2.3')
    expect(trace.user_id).toBe('user-123')
    expect(trace.session_id).toBe('session-abc')
    expect([...trace.tags].sort()).toEqual(['fixture', 'otlp'])
  })

  it('computes a stream TTFT from completion_start_time and keeps the streamed text', () => {
    const span = onlyLlmSpan(cap.traceOf('chat-stream'))
    // On streams Langfuse sends the request model.
    expect(span.model, describeSpan(span)).toBe('gpt-4o-mini')
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
    expectComputedCost(span, openAiChatCost(true))
    expectStreamTtft(span)
    expectAssistantOutput(span, assistantText)
  })

  it('keeps embeddings, for which the wrapper sends no usage, as unknown tokens', () => {
    const span = cap.traceOf('embeddings').spans[0]
    expect(span?.kind, describeSpan(span)).toBe('embedding')
    expect(span?.model, describeSpan(span)).toBe('text-embedding-3-small')
    expect([span?.input_tokens, span?.cost_usd], describeSpan(span)).toEqual([null, null])
  })

  it('turns level ERROR with status UNSET into an error with the status message', () => {
    const span = onlyLlmSpan(cap.traceOf('error'))
    expectError(span, { messageContains: openAiErrorText })
    expect(cap.traceOf('error').trace.has_error).toBe(true)
  })

  it('keeps the manual trace: reported generation cost, tool kind, failing step, propagated attributes', () => {
    const { trace, spans } = cap.traceOf('manual-observations')
    expect(spans).toHaveLength(4)
    const generation = onlyLlmSpan({ trace, spans })
    expect(generation.name).toBe('llm-call')
    expect(generation.model, describeSpan(generation)).toBe('gpt-4o-mini')
    // cost_details {input: 0.0000029, output: 0.0000054, total: 0.0000083} set by the app.
    expectReportedCost(generation, 0.0000083)
    expectSystemAndUserMessages(generation)
    expectAssistantOutput(generation, 'The answer is 42.')
    expect(spans.find((s) => s.name === 'get_weather')?.kind).toBe('tool')
    const failing = spans.find((s) => s.name === 'flaky-step')
    expectError(failing!, { messageContains: 'upstream timed out' })
    for (const s of spans) {
      expect([s.user_id, s.session_id, s.tags], describeSpan(s)).toEqual([
        'user-123',
        'session-abc',
        ['manual'],
      ])
    }
    expect(trace.has_error).toBe(true)
    expect(countedUsage(spans).output).toBe(openAiChat.output)
  })
})
