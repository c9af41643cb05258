import { calcPrice, waitForUpdate, type ModelInfo, type Provider } from '@pydantic/genai-prices'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCostPlan, computeCostParts, type CheckedUsage } from './cost-plan.js'
import { selectModelPrice } from './select-model-price.js'

// Every model of the bundled catalog, with its provider.
const catalog = await waitForUpdate()
const entries: { provider: Provider; model: ModelInfo }[] = (catalog ?? []).flatMap((provider) =>
  provider.models.map((model) => ({ provider, model })),
)

// Usage that keeps our token contract: cache within input, reasoning within output.
const usageArbitrary: fc.Arbitrary<CheckedUsage> = fc
  .record({
    input: fc.integer({ min: 0, max: 2_000_000 }),
    readShare: fc.double({ min: 0, max: 1, noNaN: true }),
    writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    output: fc.integer({ min: 0, max: 200_000 }),
    reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ input, readShare, writeShare, output, reasoningShare }) => {
    const cacheRead = Math.floor(input * readShare)
    const cacheWrite = Math.floor((input - cacheRead) * writeShare)
    return { input, cacheRead, cacheWrite, output, reasoning: Math.floor(output * reasoningShare) }
  })

function engineTotal(provider: Provider, model: ModelInfo, usage: CheckedUsage, at: Date): number {
  const result = calcPrice(
    {
      input_tokens: usage.input,
      cache_read_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite,
      output_tokens: usage.output,
      output_reasoning_tokens: usage.reasoning,
    },
    'any-name',
    {
      provider: { ...provider, models: [{ ...model, match: { starts_with: '' } }] },
      timestamp: at,
    },
  )
  if (result === null) throw new Error(`genai-prices did not price ${model.id}`)
  return result.total_price
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected))
}

describe('compileCostPlan + computeCostParts', () => {
  it('reads the whole bundled catalog', () => {
    expect(entries.length).toBeGreaterThan(1000)
  })

  it('prices every bundled price set as genai-prices calcPrice does, for any consistent usage', () => {
    for (const { provider, model } of entries) {
      const priceSets = Array.isArray(model.prices)
        ? model.prices.map((entry) => entry.prices)
        : [model.prices]
      for (const prices of priceSets) {
        const plan = compileCostPlan(prices)
        expect(plan, `${provider.id}/${model.id}`).not.toBeNull()
        if (plan === null) continue
        const single: ModelInfo = { id: model.id, match: model.match, prices }
        fc.assert(
          fc.property(usageArbitrary, (usage) => {
            const parts = computeCostParts(plan, usage)
            expectClose(parts.total, engineTotal(provider, single, usage, new Date(0)))
            expectClose(
              parts.input + parts.cacheRead + parts.cacheWrite + parts.output,
              parts.total,
            )
          }),
          { numRuns: 8 },
        )
      }
    }
  })

  it('bills cached tokens at the input price when the model has no cache price', () => {
    const plan = compileCostPlan({ input_mtok: 2, output_mtok: 8 })!
    const parts = computeCostParts(plan, {
      input: 1000,
      cacheRead: 400,
      cacheWrite: 0,
      output: 100,
      reasoning: 0,
    })
    // 1000 × $2 + 100 × $8 per million tokens; nothing at a cache price.
    expect(parts).toEqual({
      input: 0.002,
      cacheRead: 0,
      cacheWrite: 0,
      output: 0.0008,
      total: 0.0028,
    })
  })

  it('chooses a tier by the whole input, as Gemini 1.5 Pro is billed above 128k tokens', () => {
    const plan = compileCostPlan({
      input_mtok: { base: 1.25, tiers: [{ start: 128_000, price: 2.5 }] },
      output_mtok: { base: 5, tiers: [{ start: 128_000, price: 10 }] },
    })!
    const usage = { cacheRead: 0, cacheWrite: 0, reasoning: 0, output: 1000 }
    // 100k input: base prices; 200k input: tier prices for input and output alike.
    expectClose(computeCostParts(plan, { ...usage, input: 100_000 }).total, 0.125 + 0.005)
    expectClose(computeCostParts(plan, { ...usage, input: 200_000 }).total, 0.5 + 0.01)
  })

  it('rejects price sets genai-prices would reject', () => {
    expect(compileCostPlan({ cache_read_mtok: 1, output_mtok: 2 })).toBeNull()
    expect(compileCostPlan({ input_mtok: 1, output_mtok: -2 })).toBeNull()
    expect(compileCostPlan({ input_mtok: 1, output_reasoning_mtok: 2 })).toBeNull()
  })
})

describe('selectModelPrice', () => {
  const conditional = entries.filter(({ model }) => Array.isArray(model.prices))

  it('picks the price genai-prices picks at any instant (price history, off-peak hours)', () => {
    expect(conditional.length).toBeGreaterThan(0)
    const usage = { input: 100_000, cacheRead: 20_000, cacheWrite: 0, output: 5000, reasoning: 0 }
    for (const { provider, model } of conditional) {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2028-01-01') }),
          (timestampMs) => {
            const selected = selectModelPrice(model.prices, timestampMs)
            expect(selected).not.toBeNull()
            const total = computeCostParts(compileCostPlan(selected!)!, usage).total
            expectClose(total, engineTotal(provider, model, usage, new Date(timestampMs)))
          },
        ),
        { numRuns: 50 },
      )
    }
  })
})
