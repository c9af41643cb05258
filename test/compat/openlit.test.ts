// OpenLIT `openlit` 1.15 (stacks/openlit): openlit.init() with its own OTLP/HTTP JSON
// exporters and `otlpHeaders`; new-style GenAI attributes plus its own cost
// (`gen_ai.usage.cost`, from the pricingJson the capture script passes), content both on
// spans and in log records. Its Anthropic spans get a child span from the Anthropic SDK.
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
  expectError,
  expectGpt4oMiniModels,
  expectOpenAiChatUsage,
  expectReportedCost,
  expectStreamTtft,
  expectSystemAndUserMessages,
  openAiErrorText,
  expectTraceUsage,
} from './assertions.js'
import {
  anthropicMessages,
  claude35HaikuCost,
  claudeText,
  embeddingTokens,
  gpt4oMiniCost,
  openAiChat,
  textEmbedding3SmallCost,
} from './expected.js'

// capture.cjs gives OpenLIT gpt-4o-mini at 0.15 / 0.60 per MTok without a cache price, so
// its reported cost charges the 3 cached tokens at the full input price.
const openLitChatCost = gpt4oMiniCost({ input: openAiChat.input, output: openAiChat.output })

describe('OpenLIT through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('openlit', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes a chat call: models, 19/9 tokens with cached, the reported cost, messages once', () => {
    const span = onlyLlmSpan(cap.traceOf('chat'))
    expectGpt4oMiniModels(span)
    expectOpenAiChatUsage(span, { cached: true, reasoning: false })
    expectReportedCost(span, openLitChatCost)
    // The same messages also arrive in a log record; they must not be doubled.
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span)
    expect(span.status, describeSpan(span)).toBe('ok')
    expect(span.service_name).toBe('otlp-fixture-openlit')
    expect(span.environment, describeSpan(span)).toBe('fixtures')
  })

  it('takes the end user from the OpenAI `user` parameter (gen_ai.request.user)', () => {
    const { trace, spans } = cap.traceOf('chat')
    expect(onlyLlmSpan({ trace, spans }).user_id).toBe('user-123')
    expect(trace.user_id).toBe('user-123')
  })

  it('does not show OpenLIT’s 1 ms time_to_first_token as the stream TTFT', () => {
    const span = onlyLlmSpan(cap.traceOf('chat-stream'))
    expectOpenAiChatUsage(span, { cached: true, reasoning: false })
    expect(span.stream, describeSpan(span)).toBe(true)
    // OpenLIT sends gen_ai.server.time_to_first_token 0.001 s although the first chunk came
    // after ~60 ms: either no TTFT or a real one.
    if (span.ttft_ms !== null) expectStreamTtft(span)
  })

  it('marks the HTTP 400 as an error with the SDK error class and message', () => {
    const span = onlyLlmSpan(cap.traceOf('error'))
    expectError(span, { type: 'BadRequestError', messageContains: openAiErrorText })
  })

  it('normalizes embeddings: 10 tokens and the reported cost', () => {
    const [span] = cap.traceOf('embeddings').spans
    expect(span?.kind, describeSpan(span)).toBe('embedding')
    expect(span?.input_tokens, describeSpan(span)).toBe(embeddingTokens)
    expectReportedCost(span!, textEmbedding3SmallCost(embeddingTokens))
  })

  it('counts the OpenLIT Anthropic span once: 21 raw input + 4 cache read = 25, 11 output', () => {
    const trace = cap.traceOf('anthropic-messages')
    expect(trace.spans).toHaveLength(2)
    const span = onlyLlmSpan(trace)
    expect(span.provider, describeSpan(span)).toBe('anthropic')
    expect(span.request_model, describeSpan(span)).toBe(calls.ANTHROPIC_MODEL)
    expect(
      [span.input_tokens, span.cached_input_tokens, span.output_tokens],
      describeSpan(span),
    ).toEqual([anthropicMessages.input, anthropicMessages.cacheRead, anthropicMessages.output])
    // OpenLIT's pricingJson for the haiku model equals the list prices, cache read included.
    expectReportedCost(span, claude35HaikuCost(anthropicMessages))
    expectTraceUsage(trace, {
      input: anthropicMessages.input,
      output: anthropicMessages.output,
    })
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span, claudeText)
  })

  it('takes the Anthropic stream TTFT from the SDK child span, not OpenLIT’s 1 ms', () => {
    // (OpenLIT reports output_tokens 12 on this stream: it adds message_start's 1 to the final 11.)
    expectStreamTtft(onlyLlmSpan(cap.traceOf('anthropic-messages-stream')))
  })

  it('marks the failed Anthropic call as an error with the provider message', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-error'))
    expectError(span, { messageContains: anthropicErrorText })
  })
})
