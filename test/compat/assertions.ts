/**
 * Assertions shared by the per-stack compat tests. Each takes the span read back from the
 * API and puts the span's raw attributes in the failure message, so a failure shows what the
 * instrumentation sent next to what the normalizer made of it.
 */
import { expect } from 'vitest'
import {
  calls,
  countedUsage,
  describeSpan,
  textMessages,
  type ApiSpan,
  type CapturedTrace,
} from './harness.js'
import { assistantText, gpt4oMiniCost, openAiChat } from './expected.js'

/** Request model `gpt-4o-mini`, response model `gpt-4o-mini-2024-07-18`, provider openai. */
export function expectGpt4oMiniModels(span: ApiSpan): void {
  expect(span.kind, describeSpan(span)).toBe('llm')
  expect(span.provider, describeSpan(span)).toBe('openai')
  expect(span.request_model, describeSpan(span)).toBe('gpt-4o-mini')
  expect(span.response_model, describeSpan(span)).toBe('gpt-4o-mini-2024-07-18')
}

/**
 * The mock's chat usage (19 in, 9 out). Cached (3) and reasoning (2) tokens are asserted
 * when the stack reports them and must be null when it does not (unknown is never 0).
 */
export function expectOpenAiChatUsage(
  span: ApiSpan,
  reported: { cached: boolean; reasoning: boolean },
): void {
  expect(span.input_tokens, describeSpan(span)).toBe(openAiChat.input)
  expect(span.output_tokens, describeSpan(span)).toBe(openAiChat.output)
  expect(span.cached_input_tokens, describeSpan(span)).toBe(
    reported.cached ? openAiChat.cached : null,
  )
  expect(span.reasoning_tokens, describeSpan(span)).toBe(
    reported.reasoning ? openAiChat.reasoning : null,
  )
  expect(span.usage_estimated, describeSpan(span)).toBe(false)
}

/** Cost computed by the server from the bundled prices, equal to the independent figure. */
export function expectComputedCost(span: ApiSpan, expectedUsd: number): void {
  expect(span.cost_source, describeSpan(span)).toBe('computed')
  expect(span.cost_usd, describeSpan(span)).not.toBeNull()
  expect(span.cost_usd!, describeSpan(span)).toBeGreaterThan(0)
  expect(span.cost_usd!, describeSpan(span)).toBeCloseTo(expectedUsd, 12)
}

/** Cost taken from the instrumentation (OpenLIT's `gen_ai.usage.cost`, Langfuse cost_details). */
export function expectReportedCost(span: ApiSpan, expectedUsd: number): void {
  expect(span.cost_source, describeSpan(span)).toBe('reported')
  expect(span.cost_usd!, describeSpan(span)).toBeCloseTo(expectedUsd, 12)
}

/** The mock chat's cost given which token details the stack reported. */
export function openAiChatCost(cachedReported: boolean): number {
  return gpt4oMiniCost({ ...openAiChat, cached: cachedReported ? openAiChat.cached : 0 })
}

/** The system and user messages exactly as `calls.cjs` sent them. */
export function expectSystemAndUserMessages(span: ApiSpan, user: string = calls.QUESTION): void {
  expect(textMessages(span.input_messages), describeSpan(span)).toEqual([
    { role: 'system', text: calls.SYSTEM },
    { role: 'user', text: user },
  ])
}

/** One assistant message with the given text. */
export function expectAssistantOutput(span: ApiSpan, text: string = assistantText): void {
  expect(textMessages(span.output_messages), describeSpan(span)).toEqual([
    { role: 'assistant', text },
  ])
}

/** The mock waits ~60 ms before the first chunk; anything in 40–1000 ms is a real TTFT. */
export function expectStreamTtft(span: ApiSpan): void {
  expect(span.ttft_ms, describeSpan(span)).not.toBeNull()
  expect(span.ttft_ms!, describeSpan(span)).toBeGreaterThanOrEqual(40)
  expect(span.ttft_ms!, describeSpan(span)).toBeLessThanOrEqual(1000)
}

/**
 * Status error, with the given error type (when given) and a message containing `text`. The
 * mock rejects these requests with HTTP 400 and no usage, and a rejected request is not
 * billed, so the span must carry no tokens (no estimate either) and add none to the totals.
 */
export function expectError(
  span: ApiSpan,
  expected: { type?: string; messageContains: string },
): void {
  expect(span.status, describeSpan(span)).toBe('error')
  if (expected.type !== undefined) expect(span.error_type, describeSpan(span)).toBe(expected.type)
  expect(span.error_message ?? '', describeSpan(span)).toContain(expected.messageContains)
  expect([span.input_tokens, span.output_tokens], describeSpan(span)).toEqual([null, null])
}

export const openAiErrorText = 'The model `mock-error-model` does not exist'
export const anthropicErrorText = 'model: mock-error-model not found'

/**
 * Token totals of a trace: the usage-counting spans sum to the expected numbers, and so does
 * the server's trace summary (wrappers and transport spans that repeat usage are left out).
 */
export function expectTraceUsage(
  trace: CapturedTrace,
  expected: { input: number; output: number },
): void {
  const spans = trace.spans.map(
    (s) => `${s.name} in=${s.input_tokens} out=${s.output_tokens} counts_usage=${s.counts_usage}`,
  )
  expect(countedUsage(trace.spans), spans.join('; ')).toEqual(expected)
  expect([trace.trace.input_tokens, trace.trace.output_tokens], spans.join('; ')).toEqual([
    expected.input,
    expected.output,
  ])
}
