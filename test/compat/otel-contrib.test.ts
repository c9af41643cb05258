// @opentelemetry/instrumentation-openai 0.22 + sdk-node 0.301 (stacks/otel-contrib): GenAI
// semconv 1.36 spans, message content only as log records, metrics. Exported with the
// protobuf exporters, and once more (chat only) with the JSON exporters and gzip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  calls,
  captureStack,
  countedUsage,
  describeSpan,
  onlyLlmSpan,
  textMessages,
  ObservatoryProcess,
  type StackCapture,
} from './harness.js'
import {
  expectAssistantOutput,
  expectComputedCost,
  expectError,
  expectGpt4oMiniModels,
  expectOpenAiChatUsage,
  expectSystemAndUserMessages,
  openAiChatCost,
  openAiErrorText,
} from './assertions.js'
import {
  embeddingTokens,
  gpt4oMiniCost,
  openAiChat,
  openAiResponses,
  openAiToolStep,
  responsesText,
  textEmbedding3SmallCost,
} from './expected.js'

describe('OpenTelemetry contrib instrumentation-openai through the real server', () => {
  let server: ObservatoryProcess
  let proto: StackCapture
  let jsonGzip: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    proto = await captureStack('otel-contrib', server)
    jsonGzip = await captureStack('otel-contrib', server, {
      OTLP_ENCODING: 'json',
      OTLP_COMPRESSION: 'gzip',
      CAPTURE_ONLY: 'chat',
    })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes a chat call: models, 19/9 tokens, computed cost, messages joined from the log records', () => {
    const span = onlyLlmSpan(proto.traceOf('chat'))
    expectGpt4oMiniModels(span)
    expect(span.operation, describeSpan(span)).toBe('chat')
    // instrumentation-openai reports neither cached nor reasoning tokens.
    expectOpenAiChatUsage(span, { cached: false, reasoning: false })
    expectComputedCost(span, openAiChatCost(false))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
    expect(span.status, describeSpan(span)).not.toBe('error')
    expect(span.service_name).toBe('otlp-fixture-otel-contrib')
  })

  it('reads the usage of a stream from its include_usage chunk; this stack reports no TTFT', () => {
    const span = onlyLlmSpan(proto.traceOf('chat-stream'))
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: false, reasoning: false })
    expectComputedCost(span, openAiChatCost(false))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
    expect(span.ttft_ms, describeSpan(span)).toBeNull()
  })

  it('marks the HTTP 400 as an error with the SDK error class and the provider message', () => {
    const span = onlyLlmSpan(proto.traceOf('error'))
    expectError(span, { type: 'BadRequestError', messageContains: openAiErrorText })
    expect(span.request_model, describeSpan(span)).toBe('mock-error-model')
    expect(proto.traceOf('error').trace.has_error).toBe(true)
  })

  it('normalizes embeddings: kind embedding, 10 input tokens, computed cost', () => {
    const [span] = proto.traceOf('embeddings').spans
    expect(span?.kind, describeSpan(span)).toBe('embedding')
    expect(span?.request_model, describeSpan(span)).toBe('text-embedding-3-small')
    expect(span?.input_tokens, describeSpan(span)).toBe(embeddingTokens)
    expectComputedCost(span!, textEmbedding3SmallCost(embeddingTokens))
  })

  it('keeps the two tool-call requests as two traces with their own usage and the tool call', () => {
    const traces = proto.tracesOf('tool-call')
    expect(traces).toHaveLength(2)
    const [first, second] = traces.map(onlyLlmSpan)
    expect([first!.input_tokens, first!.output_tokens], describeSpan(first)).toEqual([
      openAiToolStep.input,
      openAiToolStep.output,
    ])
    expect(
      first!.output_messages?.[0]?.parts.map((p) => [p.type, p.name]),
      describeSpan(first),
    ).toEqual([['tool_call', 'get_weather']])
    expect([second!.input_tokens, second!.output_tokens], describeSpan(second)).toEqual([
      openAiChat.input,
      openAiChat.output,
    ])
    expect(countedUsage(traces.flatMap((t) => t.spans))).toEqual({
      input: openAiToolStep.input + openAiChat.input,
      output: openAiToolStep.output + openAiChat.output,
    })
  })

  it('normalizes a Responses API call: 14/8 tokens and messages from the structured log record', () => {
    const span = onlyLlmSpan(proto.traceOf('responses'))
    expectGpt4oMiniModels(span)
    expect([span.input_tokens, span.output_tokens], describeSpan(span)).toEqual([
      openAiResponses.input,
      openAiResponses.output,
    ])
    expectComputedCost(
      span,
      gpt4oMiniCost({ input: openAiResponses.input, output: openAiResponses.output }),
    )
    expect(textMessages(span.input_messages), describeSpan(span)).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Say hello.' },
    ])
    expect(textMessages(span.output_messages), describeSpan(span)).toEqual([
      { role: 'assistant', text: responsesText },
    ])
  })

  it('gives the same chat span from the OTLP/JSON exporters with gzip', () => {
    const span = onlyLlmSpan(jsonGzip.traceOf('chat'))
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: false, reasoning: false })
    expectComputedCost(span, openAiChatCost(false))
    expectSystemAndUserMessages(span, calls.QUESTION)
  })
})
