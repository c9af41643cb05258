import { readFileSync } from 'node:fs'
import { calcPrice } from '@pydantic/genai-prices'
import { isObservatoryError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import { PriceCatalog, type CustomModelPrice, type PriceInput } from './price-catalog.js'

// The version pinned in the root package.json: a bump must show up in this contract test.
const rootManifest = JSON.parse(
  readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
) as { dependencies: Record<string, string> }
const bundledSource = `genai-prices@${rootManifest.dependencies['@pydantic/genai-prices']}`

const at = Date.parse('2026-11-23T12:00:00Z')

function usage(overrides: Partial<PriceInput>): PriceInput {
  return {
    provider: null,
    model: null,
    inputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    outputTokens: null,
    reasoningTokens: null,
    timestampMs: at,
    ...overrides,
  }
}

function expectClose(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull()
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected))
}

const catalog = new PriceCatalog()

describe('PriceCatalog, bundled prices (contract: pricing.md reference prices)', () => {
  // 1M input + 1M output tokens in one call; pricing.md "Test: 1,000,000 input + 1,000,000 output".
  it.each([
    ['gpt-4o', 12.5],
    ['gpt-4o-mini', 0.75],
    ['claude-3-5-sonnet-20241022', 18],
    ['claude-sonnet-4', 18],
    ['gemini-1.5-pro', 12.5], // the >128k tier: 2.50 + 10
    ['mistral-large-latest', 8],
  ])('prices 1M in + 1M out of %s at $%d', (model, expected) => {
    const result = catalog.price(usage({ model, inputTokens: 1e6, outputTokens: 1e6 }))
    expectClose(result?.costUsd, expected)
    expect(result?.priceSource).toBe(bundledSource)
  })

  it('prices a dated name as its model: gpt-4o-2024-08-06 is gpt-4o', () => {
    const result = catalog.price(
      usage({
        provider: 'openai',
        model: 'gpt-4o-2024-08-06',
        inputTokens: 1e6,
        outputTokens: 1e6,
      }),
    )
    expect(result?.matchedModelId).toBe('gpt-4o')
    expectClose(result?.costUsd, 2.5 + 10)
  })

  it('prices the OpenAI fixture call (19 in incl. 3 cached, 9 out incl. 2 reasoning) of gpt-4o-mini', () => {
    // gpt-4o-mini's published prices per million tokens, as the package data has them.
    const modelPrice = calcPrice({ input_tokens: 1 }, 'gpt-4o-mini-2024-07-18', {
      providerId: 'openai',
    })?.model_price
    expect(modelPrice).toMatchObject({ input_mtok: 0.15, cache_read_mtok: 0.075, output_mtok: 0.6 })

    const result = catalog.price(
      usage({
        provider: 'openai',
        model: 'gpt-4o-mini-2024-07-18',
        inputTokens: 19,
        cachedInputTokens: 3,
        outputTokens: 9,
        reasoningTokens: 2,
      }),
    )
    const input = ((19 - 3) * 0.15) / 1e6 // 0.0000024
    const cacheRead = (3 * 0.075) / 1e6 // 0.000000225
    const output = (9 * 0.6) / 1e6 // 0.0000054: reasoning is billed as output
    expectClose(result?.costInputUsd, input)
    expectClose(result?.costCacheReadUsd, cacheRead)
    expect(result?.costCacheWriteUsd).toBe(0)
    expectClose(result?.costOutputUsd, output)
    expectClose(result?.costUsd, 0.000008025)
  })

  it('prices the Anthropic fixture call (25 in incl. 4 cache read, 11 out) of claude-sonnet-4', () => {
    const result = catalog.price(
      usage({
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        inputTokens: 25,
        cachedInputTokens: 4,
        cacheWriteTokens: 0,
        outputTokens: 11,
      }),
    )
    // Sonnet 4: $3 input, $0.30 cache read, $15 output per million tokens.
    expectClose(result?.costInputUsd, (21 * 3) / 1e6)
    expectClose(result?.costCacheReadUsd, (4 * 0.3) / 1e6)
    expectClose(result?.costOutputUsd, (11 * 15) / 1e6)
    expectClose(result?.costUsd, 0.0002292)
  })

  it('prices cache writes at the cache write price (Sonnet 4: $3.75 per million)', () => {
    const result = catalog.price(
      usage({
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        inputTokens: 1_000_000,
        cachedInputTokens: 500_000,
        cacheWriteTokens: 200_000,
        outputTokens: 0,
      }),
    )
    // pricing.md: 1M input incl. 0.5M read and 0.2M write = $1.80 (0.9 + 0.15 + 0.75).
    expectClose(result?.costInputUsd, 0.9)
    expectClose(result?.costCacheReadUsd, 0.15)
    expectClose(result?.costCacheWriteUsd, 0.75)
    expectClose(result?.costUsd, 1.8)
  })

  it('agrees with genai-prices calcPrice on the total, and the parts add up to it', () => {
    const cases: [string, string, number, number, number, number][] = [
      ['openai', 'gpt-4o-2024-08-06', 12_345, 2000, 678, 90],
      ['anthropic', 'claude-3-7-sonnet-20250219', 50_000, 30_000, 4321, 0],
      ['google', 'gemini-1.5-pro-002', 300_000, 0, 2000, 0],
      ['openai', 'o3-mini', 1000, 0, 5000, 4000],
    ]
    for (const [provider, model, input, cached, output, reasoning] of cases) {
      const result = catalog.price(
        usage({
          provider,
          model,
          inputTokens: input,
          cachedInputTokens: cached,
          outputTokens: output,
          reasoningTokens: reasoning,
        }),
      )
      const engine = calcPrice(
        {
          input_tokens: input,
          cache_read_tokens: cached,
          output_tokens: output,
          output_reasoning_tokens: reasoning,
        },
        model,
        { providerId: provider, timestamp: new Date(at) },
      )
      expectClose(result?.costUsd, engine!.total_price)
      const parts =
        result!.costInputUsd +
        result!.costOutputUsd +
        result!.costCacheReadUsd! +
        result!.costCacheWriteUsd!
      expectClose(parts, result!.costUsd)
    }
  })

  it('applies price history: o3 before and after its June 2025 price cut', () => {
    const call = { model: 'o3', inputTokens: 1e6, outputTokens: 1e6 }
    const before = catalog.price(usage({ ...call, timestampMs: Date.parse('2025-06-01') }))
    const after = catalog.price(usage({ ...call, timestampMs: Date.parse('2025-07-01') }))
    expectClose(before?.costUsd, 10 + 40)
    expectClose(after?.costUsd, 2 + 8)
  })

  it('applies time-of-day prices as genai-prices does (deepseek-chat off-peak)', () => {
    const call = {
      provider: 'deepseek',
      model: 'deepseek-chat',
      inputTokens: 1e6,
      outputTokens: 1e6,
    }
    const totals = ['2026-01-10T02:00:00Z', '2026-01-10T20:00:00Z'].map((time) => {
      const result = catalog.price(usage({ ...call, timestampMs: Date.parse(time) }))
      const engine = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, 'deepseek-chat', {
        providerId: 'deepseek',
        timestamp: new Date(time),
      })
      expectClose(result?.costUsd, engine!.total_price)
      return result!.costUsd
    })
    expect(totals[0]).not.toBeCloseTo(totals[1]!, 6)
  })

  it('retries without the provider when genai-prices does not know it', () => {
    const result = catalog.price(
      usage({ provider: 'my-gateway', model: 'gpt-4o', inputTokens: 1e6, outputTokens: 0 }),
    )
    expectClose(result?.costUsd, 2.5)
  })

  it('maps OTel provider names genai-prices does not match (x_ai, gcp.gen_ai)', () => {
    const grok = catalog.price(
      usage({ provider: 'x_ai', model: 'grok-3', inputTokens: 1e6, outputTokens: 1e6 }),
    )
    expect(grok?.matchedModelId).toBe('grok-3')
    const gemini = catalog.price(
      usage({
        provider: 'gcp.gen_ai',
        model: 'gemini-1.5-pro',
        inputTokens: 1000,
        outputTokens: 0,
      }),
    )
    expectClose(gemini?.costUsd, (1000 * 1.25) / 1e6)
  })

  it('prices Bedrock ids and vendor/model names when no provider is given', () => {
    const bedrock = catalog.price(
      usage({
        model: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
        inputTokens: 1e6,
        outputTokens: 1e6,
      }),
    )
    expectClose(bedrock?.costUsd, 18)
    const routed = catalog.price(
      usage({ model: 'openai/gpt-4o', inputTokens: 1e6, outputTokens: 1e6 }),
    )
    expect(routed?.matchedModelId).toBe('gpt-4o')
    const openRouter = catalog.price(
      usage({
        provider: 'openrouter',
        model: 'openai/gpt-4o',
        inputTokens: 1e6,
        outputTokens: 1e6,
      }),
    )
    expect(openRouter?.matchedModelId).toBe('openai/gpt-4o')
  })

  it('prices an embedding call that reports input tokens only', () => {
    const result = catalog.price(
      usage({ provider: 'openai', model: 'text-embedding-3-small', inputTokens: 10 }),
    )
    expectClose(result?.costUsd, (10 * 0.02) / 1e6)
  })

  it('returns null for an unknown model, a missing model and missing usage', () => {
    expect(
      catalog.price(usage({ model: 'mock-error-model', inputTokens: 5, outputTokens: 5 })),
    ).toBeNull()
    expect(catalog.price(usage({ provider: 'openai', model: 'nope', inputTokens: 5 }))).toBeNull()
    expect(catalog.price(usage({ model: null, inputTokens: 5, outputTokens: 5 }))).toBeNull()
    expect(catalog.price(usage({ model: '  ', inputTokens: 5, outputTokens: 5 }))).toBeNull()
    expect(catalog.price(usage({ model: 'gpt-4o' }))).toBeNull()
  })

  it('returns null, not a throw, for usage that breaks the token contract', () => {
    const call = { provider: 'openai', model: 'gpt-4o-mini' }
    expect(
      catalog.price(usage({ ...call, inputTokens: 100, cachedInputTokens: 500, outputTokens: 1 })),
    ).toBeNull()
    expect(
      catalog.price(
        usage({
          ...call,
          inputTokens: 100,
          cachedInputTokens: 60,
          cacheWriteTokens: 60,
          outputTokens: 1,
        }),
      ),
    ).toBeNull()
    expect(
      catalog.price(usage({ ...call, inputTokens: 10, outputTokens: 5, reasoningTokens: 6 })),
    ).toBeNull()
    expect(catalog.price(usage({ ...call, inputTokens: -1, outputTokens: 5 }))).toBeNull()
    expect(catalog.price(usage({ ...call, inputTokens: NaN, outputTokens: 5 }))).toBeNull()
  })

  it('names its price source after the installed genai-prices version', () => {
    expect(catalog.bundledSource).toBe(bundledSource)
  })
})

describe('PriceCatalog, custom model definitions', () => {
  const fineTune: CustomModelPrice = {
    id: 'acme-ft-gpt-4o',
    provider: 'openai',
    match: { regex: '^ft:gpt-4o-2024-08-06:acme:.*$' },
    prices: { input_mtok: 3.75, cache_read_mtok: 1.875, output_mtok: 15 },
  }

  it('prices a fine-tune matched by regex (pricing.md: $18.75 for 1M in + 1M out)', () => {
    const prices = new PriceCatalog({ customModels: [fineTune] })
    const result = prices.price(
      usage({
        provider: 'openai',
        model: 'ft:gpt-4o-2024-08-06:acme::B1x2y3',
        inputTokens: 1e6,
        cachedInputTokens: 0,
        outputTokens: 1e6,
      }),
    )
    expectClose(result?.costUsd, 18.75)
    expect(result?.priceSource).toBe('custom:acme-ft-gpt-4o')
  })

  it('wins over the bundled catalog for a model both know', () => {
    const discount: CustomModelPrice = {
      id: 'gpt-4o-discount',
      match: { equals: 'gpt-4o' },
      prices: { input_mtok: 1, output_mtok: 4 },
    }
    const prices = new PriceCatalog({ customModels: [discount] })
    const result = prices.price(
      usage({ provider: 'openai', model: 'GPT-4o', inputTokens: 1e6, outputTokens: 1e6 }),
    )
    expectClose(result?.costUsd, 5)
    expect(result?.priceSource).toBe('custom:gpt-4o-discount')
    // A dated name does not match `equals: gpt-4o`: the bundled price applies.
    const dated = prices.price(
      usage({
        provider: 'openai',
        model: 'gpt-4o-2024-08-06',
        inputTokens: 1e6,
        outputTokens: 1e6,
      }),
    )
    expectClose(dated?.costUsd, 12.5)
  })

  it('applies a provider-bound definition only to that provider (after alias resolution)', () => {
    const prices = new PriceCatalog({ customModels: [fineTune] })
    const model = 'ft:gpt-4o-2024-08-06:acme::B1x2y3'
    const azure = prices.price(
      usage({ provider: 'azure.ai.openai', model, inputTokens: 1e6, outputTokens: 0 }),
    )
    expect(azure?.priceSource).toBe('custom:acme-ft-gpt-4o')
    expect(
      prices.price(usage({ provider: 'anthropic', model, inputTokens: 1e6, outputTokens: 0 }))
        ?.priceSource,
    ).not.toBe('custom:acme-ft-gpt-4o')
    // No provider on the span: inferred from the name (ft:gpt-… is OpenAI).
    expect(prices.price(usage({ model, inputTokens: 1e6, outputTokens: 0 }))?.priceSource).toBe(
      'custom:acme-ft-gpt-4o',
    )
  })

  it('chooses the newest startDate not after the span start, then falls back to the catalog', () => {
    const definitions: CustomModelPrice[] = [
      {
        id: 'mini-2026',
        match: { starts_with: 'gpt-4o-mini' },
        startDate: '2026-01-01',
        prices: { input_mtok: 3, output_mtok: 4 },
      },
      {
        id: 'mini-2025',
        match: { starts_with: 'gpt-4o-mini' },
        startDate: '2025-01-01',
        prices: { input_mtok: 1, output_mtok: 2 },
      },
    ]
    const prices = new PriceCatalog({ customModels: definitions })
    const call = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1e6, outputTokens: 1e6 }
    const mid2025 = prices.price(usage({ ...call, timestampMs: Date.parse('2025-06-01') }))
    expect(mid2025?.priceSource).toBe('custom:mini-2025')
    expectClose(mid2025?.costUsd, 3)
    const mid2026 = prices.price(usage({ ...call, timestampMs: Date.parse('2026-06-01') }))
    expect(mid2026?.priceSource).toBe('custom:mini-2026')
    expectClose(mid2026?.costUsd, 7)
    const newYear = prices.price(
      usage({ ...call, timestampMs: Date.parse('2026-01-01T00:00:00Z') }),
    )
    expect(newYear?.priceSource).toBe('custom:mini-2026')
    const mid2024 = prices.price(usage({ ...call, timestampMs: Date.parse('2024-06-01') }))
    expect(mid2024?.priceSource).toBe(bundledSource)
    expectClose(mid2024?.costUsd, 0.75)
  })

  it('breaks a start-date tie by the higher priority', () => {
    const prices = new PriceCatalog({
      customModels: [
        {
          id: 'low',
          match: { contains: 'llama' },
          priority: 0,
          prices: { input_mtok: 1, output_mtok: 1 },
        },
        {
          id: 'high',
          match: { contains: 'llama' },
          priority: 5,
          prices: { input_mtok: 2, output_mtok: 2 },
        },
      ],
    })
    const result = prices.price(
      usage({ model: 'llama-3.3-70b', inputTokens: 1e6, outputTokens: 0 }),
    )
    expect(result?.priceSource).toBe('custom:high')
  })

  it('lets genai-prices price a set our arithmetic does not read, with the cache split unknown', () => {
    // A tiered per-request fee: calcPrice accepts it, compileCostPlan does not.
    const prices = new PriceCatalog({
      customModels: [
        {
          id: 'per-request',
          match: { equals: 'odd-model' },
          prices: { input_mtok: 1, output_mtok: 2, requests_kcount: { base: 1, tiers: [] } },
        },
      ],
    })
    const result = prices.price(
      usage({ model: 'odd-model', inputTokens: 1000, cachedInputTokens: 100, outputTokens: 500 }),
    )
    // 1000 × $1 + 500 × $2 per million tokens, plus $1 per thousand requests.
    expectClose(result?.costUsd, 0.001 + 0.001 + 0.001)
    expectClose(result?.costOutputUsd, 0.001)
    expectClose(result?.costInputUsd, 0.002)
    expect(result?.costCacheReadUsd).toBeNull()
    expect(result?.costCacheWriteUsd).toBeNull()
  })

  it('rejects invalid definitions with ERR_CONFIG_INVALID', () => {
    const invalid: CustomModelPrice[] = [
      { ...fineTune, match: { regex: '^ft:(' } },
      { ...fineTune, startDate: 'next tuesday' },
      { ...fineTune, prices: { cache_read_mtok: 1, output_mtok: 2 } },
      { ...fineTune, prices: {} },
      { ...fineTune, id: '' },
    ]
    for (const definition of invalid) {
      let caught: unknown
      try {
        new PriceCatalog({ customModels: [definition] })
      } catch (error) {
        caught = error
      }
      expect(isObservatoryError(caught) && caught.code).toBe('ERR_CONFIG_INVALID')
    }
    expect(() => new PriceCatalog({ customModels: [fineTune, fineTune] })).toThrow(/used twice/)
  })
})
