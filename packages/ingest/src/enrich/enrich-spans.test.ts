import type { Span } from '@llm-observatory/core'
import { makeSpan } from '@llm-observatory/testkit'
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base'
import {
  countTokens as countO200k,
  encodeChat as encodeChatO200k,
} from 'gpt-tokenizer/encoding/o200k_base'
import { beforeAll, describe, expect, it } from 'vitest'
import { enrichSpans, enrichSpansSync, needsEstimate } from './enrich-spans.js'
import { PriceCatalog } from './price-catalog.js'
import { TokenCounter } from './token-counter.js'

const prices = new PriceCatalog()
const tokens = new TokenCounter()
const deps = { prices, tokens }

beforeAll(async () => {
  await tokens.load('gpt-4o')
})

// An LLM span as a normalizer leaves it: nothing derived yet.
function rawSpan(overrides: Partial<Span>): Span {
  return makeSpan({
    provider: null,
    totalTokens: null,
    usageEstimated: false,
    costUsd: null,
    costInputUsd: null,
    costOutputUsd: null,
    costCacheReadUsd: null,
    costCacheWriteUsd: null,
    costSource: null,
    priceSource: null,
    ttftMs: null,
    tokensPerSecond: null,
    ...overrides,
  })
}

describe('enrichSpans', () => {
  it('infers the provider, totals the tokens and prices the OpenAI fixture call', async () => {
    const span = rawSpan({
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      cachedInputTokens: 3,
      cacheWriteTokens: null,
      outputTokens: 9,
      reasoningTokens: 2,
    })
    await enrichSpans([span], deps)
    expect(span.provider).toBe('openai')
    expect(span.totalTokens).toBe(28)
    expect(span.usageEstimated).toBe(false)
    // (19 − 3) × $0.15 + 3 × $0.075 + 9 × $0.60 per million tokens
    expect(span.costUsd).toBeCloseTo(0.000008025, 15)
    expect(span.costInputUsd).toBeCloseTo(0.0000024, 15)
    expect(span.costCacheReadUsd).toBeCloseTo(0.000000225, 15)
    expect(span.costOutputUsd).toBeCloseTo(0.0000054, 15)
    expect(span.costSource).toBe('computed')
    expect(span.priceSource).toBe(prices.bundledSource)
    expect(span.tokensPerSecond).toBeNull()
  })

  it('keeps a provider the sender gave', async () => {
    const span = rawSpan({ provider: 'azure.ai.openai', responseModel: 'gpt-4o-2024-08-06' })
    await enrichSpans([span], deps)
    expect(span.provider).toBe('azure.ai.openai')
    expect(span.costSource).toBe('computed')
  })

  it('estimates usage from message text when the sender sent none, and prices it', async () => {
    const span = rawSpan({
      requestModel: 'gpt-4o',
      responseModel: null,
      inputTokens: null,
      cachedInputTokens: null,
      cacheWriteTokens: null,
      outputTokens: null,
      reasoningTokens: null,
    })
    expect(needsEstimate(span)).toBe(true)
    await enrichSpans([span], deps)
    // makeSpan's chat: a system and a user message in, one get_weather tool call out.
    const expectedInput = encodeChatO200k(
      [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'What is the weather in Paris?' },
      ],
      'gpt-4o',
    ).length
    const expectedOutput = countO200k('get_weather{"city":"Paris"}')
    expect(span.inputTokens).toBe(expectedInput)
    expect(span.outputTokens).toBe(expectedOutput)
    expect(span.totalTokens).toBe(expectedInput + expectedOutput)
    expect(span.usageEstimated).toBe(true)
    // gpt-4o: $2.50 input, $10 output per million tokens.
    expect(span.costUsd).toBeCloseTo((expectedInput * 2.5 + expectedOutput * 10) / 1e6, 15)
    expect(span.costSource).toBe('computed')
  })

  it('counts embedding input without chat overhead, with cl100k for text-embedding-3', async () => {
    const span = rawSpan({
      kind: 'embedding',
      provider: 'openai',
      requestModel: 'text-embedding-3-small',
      responseModel: null,
      inputTokens: null,
      cachedInputTokens: null,
      cacheWriteTokens: null,
      outputTokens: null,
      reasoningTokens: null,
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'The quick brown fox' }] },
        { role: 'user', parts: [{ type: 'text', content: 'jumps over the lazy dog' }] },
      ],
      outputMessages: null,
    })
    await enrichSpans([span], deps)
    const expected = countCl100k('The quick brown fox') + countCl100k('jumps over the lazy dog')
    expect(span.inputTokens).toBe(expected)
    expect(span.outputTokens).toBeNull()
    expect(span.totalTokens).toBe(expected)
    expect(span.usageEstimated).toBe(true)
    expect(span.costUsd).toBeCloseTo((expected * 0.02) / 1e6, 15)
  })

  it('marks an unpriceable call unknown and clears its cost fields', async () => {
    const span = makeSpan({
      requestModel: 'mock-error-model',
      responseModel: null,
      costSource: 'computed',
      costUsd: 0.5,
    })
    await enrichSpans([span], deps)
    expect(span.costSource).toBe('unknown')
    expect(span.costUsd).toBeNull()
    expect(span.costInputUsd).toBeNull()
    expect(span.costOutputUsd).toBeNull()
    expect(span.costCacheReadUsd).toBeNull()
    expect(span.costCacheWriteUsd).toBeNull()
    expect(span.priceSource).toBeNull()
  })

  it('keeps a cost the client reported (OpenLIT gen_ai.usage.cost)', async () => {
    const span = rawSpan({
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      outputTokens: 9,
      costUsd: 0.0123,
      costSource: 'reported',
    })
    await enrichSpans([span], deps)
    expect(span.costUsd).toBe(0.0123)
    expect(span.costSource).toBe('reported')
    expect(span.priceSource).toBe('ingested')
  })

  it('recomputes an all-zero reported cost when tokens are not zero (Langfuse on errors)', async () => {
    const span = rawSpan({
      responseModel: 'gpt-4o',
      inputTokens: 1000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 100,
      reasoningTokens: 0,
      costUsd: 0,
      costInputUsd: 0,
      costOutputUsd: 0,
      costSource: 'reported',
      priceSource: 'ingested',
    })
    await enrichSpans([span], deps)
    expect(span.costSource).toBe('computed')
    expect(span.costUsd).toBeCloseTo((1000 * 2.5 + 100 * 10) / 1e6, 15)
    expect(span.priceSource).toBe(prices.bundledSource)
  })

  it('keeps a reported zero cost when there were no tokens', async () => {
    const span = rawSpan({ inputTokens: 0, outputTokens: 0, costUsd: 0, costSource: 'reported' })
    await enrichSpans([span], deps)
    expect(span.costSource).toBe('reported')
    expect(span.costUsd).toBe(0)
  })

  it('derives tokens per second from the time after the first token', async () => {
    const streamed = rawSpan({ outputTokens: 9, durationMs: 1000, ttftMs: 100 })
    const instant = rawSpan({ outputTokens: 9, durationMs: 100, ttftMs: 100 })
    const given = rawSpan({ outputTokens: 9, durationMs: 1000, ttftMs: 100, tokensPerSecond: 3 })
    await enrichSpans([streamed, instant, given], deps)
    expect(streamed.tokensPerSecond).toBe(10) // 9 tokens in 0.9 s
    expect(instant.tokensPerSecond).toBeNull()
    expect(given.tokensPerSecond).toBe(3)
  })

  it('uses the request model when the response model is empty', async () => {
    const span = rawSpan({ requestModel: 'gpt-4o', responseModel: '' })
    await enrichSpans([span], deps)
    expect(span.provider).toBe('openai')
    expect(span.costSource).toBe('computed')
  })

  it('leaves spans that are not LLM or embedding calls untouched', async () => {
    const span = makeSpan({ kind: 'tool', provider: null, costSource: null, tokensPerSecond: null })
    const before = structuredClone(span)
    await enrichSpans([span], deps)
    expect(span).toEqual(before)
  })
})

describe('enrichSpansSync', () => {
  it('enriches without waiting and reports spans left unestimated while the tokenizer is unloaded', async () => {
    const fresh = { prices, tokens: new TokenCounter() }
    const noUsage = rawSpan({
      requestModel: 'gpt-4o',
      responseModel: null,
      inputTokens: null,
      cachedInputTokens: null,
      cacheWriteTokens: null,
      outputTokens: null,
      reasoningTokens: null,
    })
    const withUsage = rawSpan({
      responseModel: 'gpt-4o',
      inputTokens: 10,
      cachedInputTokens: null,
      outputTokens: 5,
      reasoningTokens: null,
    })
    expect(enrichSpansSync([noUsage, withUsage], fresh)).toBe(1)
    expect(noUsage.inputTokens).toBeNull()
    expect(noUsage.usageEstimated).toBe(false)
    expect(noUsage.costSource).toBe('unknown')
    expect(withUsage.costSource).toBe('computed')

    await enrichSpans([noUsage], fresh)
    expect(noUsage.usageEstimated).toBe(true)
    expect(noUsage.costSource).toBe('computed')
  })
})
