// The tracing built into @anthropic-ai/sdk 0.137 (stacks/anthropic-native), with no
// instrumentation library: one CLIENT span per API call through the app's global tracer
// provider, content with contentMode 'content'. OTLP/HTTP protobuf.
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
  expectAssistantOutput,
  expectComputedCost,
  expectError,
  expectStreamTtft,
  expectSystemAndUserMessages,
} from './assertions.js'
import { anthropicMessages, anthropicToolStep, claude35HaikuCost, claudeText } from './expected.js'

describe('Anthropic SDK native tracing through the real server', () => {
  let server: ObservatoryProcess
  let cap: StackCapture

  beforeAll(async () => {
    server = await ObservatoryProcess.start()
    cap = await captureStack('anthropic-native', server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('normalizes a messages call: models, 25 input incl. 4 cache read, 11 output, computed cost, messages', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-messages'))
    expect(span.provider, describeSpan(span)).toBe('anthropic')
    expect(span.request_model, describeSpan(span)).toBe(calls.ANTHROPIC_MODEL)
    expect(span.response_model, describeSpan(span)).toBe(calls.ANTHROPIC_MODEL)
    expect(
      [span.input_tokens, span.cached_input_tokens, span.cache_write_tokens, span.output_tokens],
      describeSpan(span),
    ).toEqual([anthropicMessages.input, anthropicMessages.cacheRead, 0, anthropicMessages.output])
    expectComputedCost(span, claude35HaikuCost(anthropicMessages))
    expectSystemAndUserMessages(span)
    expectAssistantOutput(span, claudeText)
    expect(span.status, describeSpan(span)).toBe('ok')
    expect(span.service_name).toBe('otlp-fixture-anthropic-native')
  })

  it('reads the stream flag, usage and TTFT (time_to_first_chunk, seconds) of a stream', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-messages-stream'))
    expect(span.stream, describeSpan(span)).toBe(true)
    expect([span.input_tokens, span.output_tokens], describeSpan(span)).toEqual([
      anthropicMessages.input,
      anthropicMessages.output,
    ])
    expectStreamTtft(span)
    expectComputedCost(span, claude35HaikuCost(anthropicMessages))
  })

  it('keeps the tool_use step (384 incl. cache / 40) and the final answer as two traces', () => {
    const traces = cap.tracesOf('anthropic-tool-use')
    expect(traces).toHaveLength(2)
    const [first, second] = traces.map(onlyLlmSpan)
    expect([first!.input_tokens, first!.output_tokens], describeSpan(first)).toEqual([
      anthropicToolStep.input,
      anthropicToolStep.output,
    ])
    expect(
      first!.output_messages?.[0]?.parts.filter((p) => p.type === 'tool_call').map((p) => p.name),
      describeSpan(first),
    ).toEqual(['get_weather'])
    expect([second!.input_tokens, second!.output_tokens], describeSpan(second)).toEqual([
      anthropicMessages.input,
      anthropicMessages.output,
    ])
  })

  it('marks the HTTP 400 as an error with the provider error type', () => {
    const span = onlyLlmSpan(cap.traceOf('anthropic-error'))
    // The SDK sets status ERROR without a message; error.type carries the provider's code.
    expectError(span, { type: 'invalid_request_error', messageContains: '' })
    expect(span.request_model, describeSpan(span)).toBe('mock-error-model')
  })
})
