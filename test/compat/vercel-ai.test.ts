// Vercel AI SDK 7 (`ai` + @ai-sdk/openai + @ai-sdk/anthropic) with @ai-sdk/otel's
// OpenTelemetry integration (stacks/vercel-ai): agent-shaped traces invoke_agent → step N →
// chat / execute_tool, whose wrappers repeat the usage of their children. OTLP/HTTP protobuf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  calls,
  captureStack,
  countedLlmSpans,
  describeSpan,
  onlyLlmSpan,
  ObservatoryProcess,
  type StackCapture,
} from './harness.js'
import {
  expectAssistantOutput,
  expectComputedCost,
  expectError,
  expectGpt4oMiniModels,
  expectOpenAiChatUsage,
  expectStreamTtft,
  expectSystemAndUserMessages,
  openAiChatCost,
  openAiErrorText,
  expectTraceUsage,
} from './assertions.js'
import {
  anthropicMessages,
  claude35HaikuCost,
  claudeText,
  embeddingTokens,
  openAiChat,
  openAiToolStep,
  textEmbedding3SmallCost,
  toolAnswerText,
} from './expected.js'

describe('Vercel AI SDK 7 with @ai-sdk/otel through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('vercel-ai', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('counts a generateText call once: the chat span, not invoke_agent or the step', () => {
    const trace = cap.traceOf('chat')
    expect(trace.spans.map((s) => s.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'invoke_agent gpt-4o-mini',
      'step 1',
    ])
    const span = onlyLlmSpan(trace)
    expect(span.name).toBe('chat gpt-4o-mini')
    expectGpt4oMiniModels(span)
    // Reasoning tokens come from the opt-in ai.usage.outputTokenDetails.reasoningTokens.
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
    expectComputedCost(span, openAiChatCost(true))
    expectTraceUsage(trace, {
      input: openAiChat.input,
      output: openAiChat.output,
    })
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
  })

  it('carries the runtime context user and session to the trace', () => {
    const { trace } = cap.traceOf('chat')
    expect(trace.user_id).toBe('user-123')
    expect(trace.session_id).toBe('session-abc')
  })

  it('reads the stream TTFT from time_to_first_chunk (seconds) on the chat span', () => {
    const trace = cap.traceOf('chat-stream')
    const span = onlyLlmSpan(trace)
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: true, reasoning: true })
    expectStreamTtft(span)
    expectTraceUsage(trace, {
      input: openAiChat.input,
      output: openAiChat.output,
    })
  })

  it('counts only the inner embeddings span: 10 tokens', () => {
    const trace = cap.traceOf('embeddings')
    const counted = trace.spans.filter((s) => s.counts_usage && s.input_tokens !== null)
    expect(counted, JSON.stringify(trace.spans.map(describeSpan))).toHaveLength(1)
    expect(counted[0]!.kind, describeSpan(counted[0])).toBe('embedding')
    expect(counted[0]!.input_tokens).toBe(embeddingTokens)
    expectComputedCost(counted[0]!, textEmbedding3SmallCost(embeddingTokens))
  })

  it('counts both tool-call steps (57/17 + 19/9) and keeps the tool execution span', () => {
    const trace = cap.traceOf('tool-call')
    const llm = countedLlmSpans(trace)
    expect(llm.map((s) => [s.input_tokens, s.output_tokens])).toEqual([
      [openAiToolStep.input, openAiToolStep.output],
      [openAiChat.input, openAiChat.output],
    ])
    expectTraceUsage(trace, {
      input: openAiToolStep.input + openAiChat.input,
      output: openAiToolStep.output + openAiChat.output,
    })
    const tool = trace.spans.find((s) => s.name === 'execute_tool get_weather')
    expect(tool?.kind, describeSpan(tool)).toBe('tool')
    expect(
      llm[0]!.output_messages?.[0]?.parts.map((p) => [p.type, p.name]),
      describeSpan(llm[0]),
    ).toEqual([['tool_call', 'get_weather']])
    expectAssistantOutput(llm[1]!, toolAnswerText)
  })

  it('marks the failed call as an error on the chat span with AI_APICallError', () => {
    const trace = cap.traceOf('error')
    const chat = trace.spans.find((s) => s.name === 'chat mock-error-model')
    expectError(chat!, { type: 'AI_APICallError', messageContains: openAiErrorText })
    expect(trace.trace.has_error).toBe(true)
  })

  it('normalizes an Anthropic call: 25 input incl. 4 cache read, 11 output, computed cost', () => {
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
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span, claudeText)
  })

  it('reads the Anthropic stream TTFT', () => {
    expectStreamTtft(onlyLlmSpan(cap.traceOf('anthropic-messages-stream')))
  })
})
