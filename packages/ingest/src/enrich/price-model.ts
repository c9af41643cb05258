import {
  calcPrice,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice,
  type PriceCalculation,
  type Provider,
  type Usage,
} from '@pydantic/genai-prices'
import {
  compileCostPlan,
  computeCostParts,
  type CheckedUsage,
  type CostParts,
  type CostPlan,
} from './cost-plan.js'
import { selectModelPrice } from './select-model-price.js'

/** USD. `costUsd` equals the sum of the four parts (within float rounding). */
export interface PriceResult {
  costUsd: number
  /** Input tokens at the input price (cached ones too when the model has no cache price),
   * plus any per-request fee; everything input-side when the cache parts are null. */
  costInputUsd: number
  costOutputUsd: number
  /** Null only when genai-prices priced the call but its split could not be reproduced. */
  costCacheReadUsd: number | null
  costCacheWriteUsd: number | null
  /** `genai-prices@<version>` or `custom:<id>`. */
  priceSource: string
  /** genai-prices' model id (e.g. `gpt-4o` for `gpt-4o-2024-08-06`) or the custom id. */
  matchedModelId: string
}

/** A model whose prices are known: a bundled genai-prices model or a custom definition. */
export interface PricedModel {
  source: string
  modelId: string
  prices: ModelInfo['prices']
  /** A one-model provider, so calcPrice skips the catalog search (~30% of its time). */
  engineProvider: Provider
}

const matchAll: MatchLogic = { starts_with: '' }

// Two probes (below and above every long-context tier) that a plan must price as the engine does.
const probeUsages: CheckedUsage[] = [
  { input: 1009, cacheRead: 211, cacheWrite: 101, output: 503, reasoning: 97 },
  { input: 1_009_001, cacheRead: 211_003, cacheWrite: 101_009, output: 503_011, reasoning: 97_003 },
]

// Per ModelPrice object (shared by all catalogs): a plan verified against the engine, or false.
const verifiedPlans = new WeakMap<ModelPrice, CostPlan | false>()

/**
 * Builds a priced model; `engineProvider` holds just this model, so `calcPrice` skips the
 * catalog search and matches any name.
 */
export function makePricedModel(
  source: string,
  modelId: string,
  provider: { id: string; name: string },
  prices: ModelInfo['prices'],
): PricedModel {
  return {
    source,
    modelId,
    prices,
    engineProvider: {
      id: provider.id,
      name: provider.name,
      api_pattern: '',
      models: [{ id: modelId, match: matchAll, prices }],
    },
  }
}

/**
 * The cost of checked usage with a model's prices at `timestampMs`: the price in force is
 * chosen as genai-prices does and priced with its arithmetic (`compileCostPlan`), after that
 * price set has priced two probe usages exactly as `calcPrice` does; otherwise (or for a
 * constraint we do not read) `calcPrice` itself prices the call. Null when it refuses.
 */
export function priceModel(
  priced: PricedModel,
  model: string,
  usage: CheckedUsage,
  timestampMs: number,
): PriceResult | null {
  const selected = selectModelPrice(priced.prices, timestampMs)
  if (selected !== null) {
    let plan = verifiedPlans.get(selected)
    if (plan === undefined) {
      plan = verifyPlan(selected, priced.engineProvider)
      verifiedPlans.set(selected, plan)
    }
    if (plan !== false) return toResult(computeCostParts(plan, usage), priced)
  }
  const result = runEngine(priced.engineProvider, model, usage, timestampMs)
  if (result === null) return null
  return fromEngine(result, usage, priced)
}

// Our arithmetic must price both probes as calcPrice does with exactly these prices.
function verifyPlan(prices: ModelPrice, provider: Provider): CostPlan | false {
  const plan = compileCostPlan(prices)
  if (plan === null) return false
  const single: Provider = { ...provider, models: [{ id: 'probe', match: matchAll, prices }] }
  for (const usage of probeUsages) {
    const result = runEngine(single, 'probe', usage, 0)
    if (result === null || !isClose(computeCostParts(plan, usage).total, result.total_price))
      return false
  }
  return plan
}

function runEngine(
  provider: Provider,
  model: string,
  usage: CheckedUsage,
  timestampMs: number,
): PriceCalculation | null {
  try {
    return calcPrice(toEngineUsage(usage), model, {
      provider,
      timestamp: new Date(timestampMs),
    })
  } catch {
    return null
  }
}

function fromEngine(
  result: PriceCalculation,
  usage: CheckedUsage,
  priced: PricedModel,
): PriceResult {
  const plan = compileCostPlan(result.model_price)
  if (plan !== null) {
    const parts = computeCostParts(plan, usage)
    if (isClose(parts.total, result.total_price)) return toResult(parts, priced)
  }
  // The split could not be reproduced: keep the engine's totals, cache parts unknown.
  return {
    costUsd: result.total_price,
    costInputUsd: result.total_price - result.output_price,
    costOutputUsd: result.output_price,
    costCacheReadUsd: null,
    costCacheWriteUsd: null,
    priceSource: priced.source,
    matchedModelId: priced.modelId,
  }
}

function toResult(parts: CostParts, priced: PricedModel): PriceResult {
  return {
    costUsd: parts.total,
    costInputUsd: parts.input,
    costOutputUsd: parts.output,
    costCacheReadUsd: parts.cacheRead,
    costCacheWriteUsd: parts.cacheWrite,
    priceSource: priced.source,
    matchedModelId: priced.modelId,
  }
}

function toEngineUsage(usage: CheckedUsage): Usage {
  // Only keys genai-prices knows: an unknown key makes it console.warn.
  return {
    input_tokens: usage.input,
    cache_read_tokens: usage.cacheRead,
    cache_write_tokens: usage.cacheWrite,
    output_tokens: usage.output,
    output_reasoning_tokens: usage.reasoning,
  }
}

/** True when `calcPrice` accepts the model's prices (it throws on malformed price sets). */
export function isAcceptedByEngine(priced: PricedModel): boolean {
  return runEngine(priced.engineProvider, priced.modelId, probeUsages[0]!, 0) !== null
}

function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15
}
