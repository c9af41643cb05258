import type { Span } from '@llm-observatory/core'
import { inferProvider } from './infer-provider.js'
import type { PriceCatalog } from './price-catalog.js'
import { hasCountableText, type TokenCounter } from './token-counter.js'

export interface EnrichDeps {
  prices: PriceCatalog
  tokens: TokenCounter
  /**
   * Count tokens of spans that carry text but no usage (default true). The OTLP path turns it
   * off: an instrumentation that reports no usage (OpenInference streams) must read as unknown,
   * not as our guess (otel-genai-mapping.md rule 12); REST logs without usage are estimated.
   */
  estimateMissingUsage?: boolean
}

/**
 * Fills in what the sender left out on LLM and embedding spans (other kinds are untouched),
 * in place, following the token contract (input includes cache, output includes reasoning):
 *
 * - `provider` inferred from the model name when null;
 * - no usage at all (input and output tokens null) but message text: tokens counted with
 *   gpt-tokenizer (chat overhead on LLM prompts, plain text for embeddings and outputs) and
 *   `usageEstimated = true`; the tokenizer is loaded first, and only then;
 * - `totalTokens = inputTokens + outputTokens` when both are known (for embeddings with no
 *   output, the input count when no total was sent);
 * - cost: a reported cost is kept (`priceSource` defaults to `ingested`), except an all-zero one
 *   with non-zero tokens (Langfuse sends that on errors), which is computed like any other:
 *   priced from `responseModel ?? requestModel` at the span start, `costSource = 'computed'`;
 *   when that fails `costSource = 'unknown'` and the cost fields are null;
 * - `tokensPerSecond = outputTokens / ((durationMs − ttftMs) / 1000)` when null and all three
 *   are known and the generation time is positive.
 *
 * @example await enrichSpans(batch, { prices: new PriceCatalog(), tokens: new TokenCounter() })
 */
export async function enrichSpans(spans: Span[], deps: EnrichDeps): Promise<void> {
  if (deps.estimateMissingUsage === false) {
    enrichSpansSync(spans, deps)
    return
  }
  for (const span of spans) {
    if (!needsEstimate(span)) continue
    const model = modelOf(span)
    if (!deps.tokens.isLoaded(model)) await deps.tokens.load(model)
  }
  enrichSpansSync(spans, deps)
}

/**
 * `enrichSpans` without waiting for the tokenizer: spans that need a token estimate get one only
 * if their vocabulary is already loaded, otherwise their usage stays null (and unpriced).
 * Returns how many spans were left without an estimate for that reason, so a caller can fall
 * back to `enrichSpans` for the batch when it is not 0.
 */
export function enrichSpansSync(spans: Span[], deps: EnrichDeps): number {
  let unestimated = 0
  for (const span of spans) {
    if (span.kind !== 'llm' && span.kind !== 'embedding') continue
    if (!enrichSpan(span, deps)) unestimated++
  }
  return unestimated
}

/**
 * True when the span needs the tokenizer: a successful, usage-counting LLM or embedding span
 * with text but no usage. A failed call bills nothing, so it is never estimated.
 */
export function needsEstimate(span: Span): boolean {
  return (
    (span.kind === 'llm' || span.kind === 'embedding') &&
    span.status !== 'error' &&
    span.countsUsage &&
    span.inputTokens === null &&
    span.outputTokens === null &&
    (hasCountableText(span.inputMessages) || hasCountableText(span.outputMessages))
  )
}

// Returns false when an estimate was needed but the vocabulary was not loaded.
function enrichSpan(span: Span, deps: EnrichDeps): boolean {
  const model = modelOf(span)
  if (span.provider === null && model !== null) span.provider = inferProvider(model)

  let estimated = true
  if (deps.estimateMissingUsage !== false && needsEstimate(span)) {
    if (deps.tokens.isLoaded(model)) estimateUsage(span, model, deps.tokens)
    else estimated = false
  }

  if (span.inputTokens !== null && span.outputTokens !== null)
    span.totalTokens = span.inputTokens + span.outputTokens
  else if (span.kind === 'embedding' && span.inputTokens !== null && span.totalTokens === null)
    span.totalTokens = span.inputTokens

  if (!keepsReportedCost(span)) priceSpan(span, model, deps.prices)
  else if (span.priceSource === null) span.priceSource = 'ingested'

  if (
    span.tokensPerSecond === null &&
    span.outputTokens !== null &&
    span.ttftMs !== null &&
    span.durationMs - span.ttftMs > 0
  )
    span.tokensPerSecond = span.outputTokens / ((span.durationMs - span.ttftMs) / 1000)
  return estimated
}

function estimateUsage(span: Span, model: string | null, tokens: TokenCounter): void {
  const input = span.inputMessages
  if (input !== null && hasCountableText(input))
    span.inputTokens =
      span.kind === 'embedding'
        ? tokens.countMessageText(input, model)
        : tokens.countMessages(input, model)
  const output = span.outputMessages
  if (output !== null && hasCountableText(output))
    span.outputTokens = tokens.countMessageText(output, model)
  span.usageEstimated = true
}

function keepsReportedCost(span: Span): boolean {
  if (span.costSource !== 'reported' || span.costUsd === null) return false
  const isAllZero =
    span.costUsd === 0 &&
    !span.costInputUsd &&
    !span.costOutputUsd &&
    !span.costCacheReadUsd &&
    !span.costCacheWriteUsd
  return !(isAllZero && ((span.inputTokens ?? 0) > 0 || (span.outputTokens ?? 0) > 0))
}

function priceSpan(span: Span, model: string | null, prices: PriceCatalog): void {
  const result = prices.price({
    provider: span.provider,
    model,
    inputTokens: span.inputTokens,
    cachedInputTokens: span.cachedInputTokens,
    cacheWriteTokens: span.cacheWriteTokens,
    outputTokens: span.outputTokens,
    reasoningTokens: span.reasoningTokens,
    timestampMs: span.startTimeUs / 1000,
  })
  if (result === null) {
    span.costUsd = null
    span.costInputUsd = null
    span.costOutputUsd = null
    span.costCacheReadUsd = null
    span.costCacheWriteUsd = null
    span.costSource = 'unknown'
    span.priceSource = null
    return
  }
  span.costUsd = result.costUsd
  span.costInputUsd = result.costInputUsd
  span.costOutputUsd = result.costOutputUsd
  span.costCacheReadUsd = result.costCacheReadUsd
  span.costCacheWriteUsd = result.costCacheWriteUsd
  span.costSource = 'computed'
  span.priceSource = result.priceSource
}

function modelOf(span: Span): string | null {
  // An empty name (some senders set it on errors) is no name.
  if (span.responseModel !== null && span.responseModel !== '') return span.responseModel
  if (span.requestModel !== null && span.requestModel !== '') return span.requestModel
  return null
}
